import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);

let taskId: string;
let instanceId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of [
    'heilongjiang-city.jiaoyu',
    'heilongjiang-city.weijian',
    'heilongjiang-city.yewu',
    'hailin.caizheng',
  ])
    tokens[u] = await ctx.login(u);
  const project = await ctx.http.post('/api/projects').set(as('heilongjiang-city.jiaoyu')).send({
    county: 'heilongjiang-city',
    name: '附件测试项目',
    amount: 100,
    year: 2026,
    category: 'new',
    kind: 'project',
  });
  const started = await ctx.http
    .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
    .set(as('heilongjiang-city.jiaoyu'))
    .send({});
  instanceId = started.body.instanceId;
  const inbox = await ctx.http.get('/api/tasks?status=open').set(as('heilongjiang-city.jiaoyu'));
  taskId = inbox.body.items.find((t: { instanceId: string }) => t.instanceId === instanceId).id;
});
afterAll(() => ctx.close());

describe('attachments in GridFS', () => {
  let attachmentId: string;

  it('stores a PDF uploaded on an open task and lists it on the instance', async () => {
    const res = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .attach('file', PDF, { filename: '测算依据.pdf', contentType: 'application/octet-stream' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '测算依据.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
      uploadedBy: 'heilongjiang-city.jiaoyu',
    });
    attachmentId = res.body.id;
    const list = await ctx.http
      .get(`/api/instances/${instanceId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'));
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([attachmentId]);
  });

  it('downloads the same bytes for the department and for the county’s finance section', async () => {
    for (const user of ['heilongjiang-city.jiaoyu', 'heilongjiang-city.yewu']) {
      const res = await ctx.http
        .get(`/api/attachments/${attachmentId}`)
        .set(as(user))
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('测算依据.pdf'));
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    }
  });

  it('hides it from another department and from another county', async () => {
    for (const user of ['heilongjiang-city.weijian', 'hailin.caizheng']) {
      const res = await ctx.http.get(`/api/attachments/${attachmentId}`).set(as(user));
      expect([user, res.status]).toEqual([user, 404]);
      const list = await ctx.http.get(`/api/instances/${instanceId}/attachments`).set(as(user));
      expect([user, list.status]).toEqual([user, 404]);
    }
  });

  it('refuses a file whose content does not match its extension, or an unknown type', async () => {
    const fake = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .attach('file', Buffer.from('MZ\u0000\u0000binary'), { filename: '报告.pdf' });
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(fake.body.error.message).toMatch(/不支持该文件类型/);
    const exe = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .attach('file', Buffer.from('MZ'), { filename: 'setup.exe' });
    expect(exe.status).toBe(415);
  });

  it('refuses files over 20 MB, a request without a file, and JSON instead of multipart', async () => {
    const big = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .attach('file', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(20 * 1024 * 1024)]), {
        filename: 'big.pdf',
      });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('附件不能超过 20 MB');
    const none = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .field('note', 'x');
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ path: 'file', message: '请选择要上传的文件' }]);
    const json = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ file: 'x' });
    expect(json.status).toBe(415);
  });

  it('lets only the task’s handler upload, and only the uploader delete', async () => {
    const stranger = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.yewu'))
      .attach('file', PDF, { filename: 'x.pdf' });
    expect(stranger.status).toBe(404);
    const del = await ctx.http.delete(`/api/attachments/${attachmentId}`).set(as('heilongjiang-city.yewu'));
    expect(del.status).toBe(404);
    const own = await ctx.http.delete(`/api/attachments/${attachmentId}`).set(as('heilongjiang-city.jiaoyu'));
    expect(own.status).toBe(204);
    expect(
      (await ctx.http.get(`/api/attachments/${attachmentId}`).set(as('heilongjiang-city.jiaoyu'))).status,
    ).toBe(404);
  });

  it('closes uploads once the task is completed', async () => {
    const example = JSON.parse(
      readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
    );
    const done = await ctx.http
      .post(`/api/tasks/${taskId}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: example });
    expect(done.status).toBe(200);
    const late = await ctx.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(as('heilongjiang-city.jiaoyu'))
      .attach('file', PDF, { filename: 'late.pdf' });
    expect(late.status).toBe(409);
  });
});
