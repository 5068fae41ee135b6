import { createTestContext, type TestContext } from '../helpers/app';

/**
 * Regression tests for the defects an attacker's probe found (issue 10), each named after what a
 * caller can no longer do.
 */
let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
const USERS = [
  'heilongjiang-city.jiaoyu',
  'heilongjiang-city.yewu',
  'heilongjiang-city.zonghe',
  'hailin.jiaoyu',
  'hailin.caizheng',
];

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of USERS) tokens[u] = await ctx.login(u);
});
afterAll(() => ctx.close());

async function createProject(username: string, name: string): Promise<string> {
  const county = username.split('.')[0];
  const res = await ctx.http
    .post('/api/projects')
    .set(as(username))
    .send({ county, name, amount: 120, year: 2026, category: 'continuing', kind: 'project' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function openTaskOf(username: string, instanceId: string): Promise<string> {
  const inbox = await ctx.http.get('/api/tasks?status=open').set(as(username));
  return inbox.body.items.find((t: { instanceId: string }) => t.instanceId === instanceId).id;
}

describe('uploads', () => {
  it('a truncated upload is refused and the server keeps serving', async () => {
    const projectId = await createProject('heilongjiang-city.jiaoyu', '截断上传项目');
    const started = await ctx.http
      .post(`/api/projects/${projectId}/stages/target-declaration/start`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({});
    const taskId = await openTaskOf('heilongjiang-city.jiaoyu', started.body.instanceId);
    const files = ctx.db.collection('attachments.files');
    const before = await files.countDocuments();
    // The body ends inside the file part: no closing boundary.
    const body =
      '--X\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n' +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n';
    for (let i = 0; i < 3; i++) {
      const res = await ctx.http
        .post(`/api/tasks/${taskId}/attachments`)
        .set(as('heilongjiang-city.jiaoyu'))
        .set('Content-Type', 'multipart/form-data; boundary=X')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.error.message).toMatch(/上传的数据格式不正确或不完整/);
    }
    expect(await files.countDocuments()).toBe(before);
    expect((await ctx.http.get('/api/health')).status).toBe(200);
  });
});

describe('counties never see each other', () => {
  it('a round naming another county’s projects is refused, writes nothing and never echoes their ids', async () => {
    const own = await createProject('heilongjiang-city.jiaoyu', '本县项目');
    const foreign = [
      await createProject('hailin.jiaoyu', '海林项目甲'),
      await createProject('hailin.jiaoyu', '海林项目乙'),
    ];
    const batches = await ctx.app.services.models.Batch.countDocuments();
    const items = await ctx.app.services.models.BatchItem.countDocuments();
    const round = await ctx.http
      .post('/api/finance/rounds')
      .set(as('heilongjiang-city.yewu'))
      .send({
        county: 'heilongjiang-city',
        stageId: 'monitoring',
        round: '跨县探测',
        due: '2026-12-31',
        projectIds: [own, ...foreign],
      });
    expect(round.status).toBe(400);
    expect(round.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'projectIds.1',
      'projectIds.2',
    ]);
    const batch = await ctx.http
      .post('/api/stages/monitoring/batches')
      .set(as('heilongjiang-city.yewu'))
      .send({ county: 'heilongjiang-city', projectIds: foreign, round: '跨县探测' });
    expect(batch.status).toBe(400);
    for (const res of [round, batch]) for (const id of foreign) expect(res.text).not.toContain(id);
    expect(await ctx.app.services.models.Batch.countDocuments()).toBe(batches);
    expect(await ctx.app.services.models.BatchItem.countDocuments()).toBe(items);

    const submissions = await ctx.http
      .get('/api/finance/submissions')
      .query({ county: 'heilongjiang-city', stageId: 'monitoring', round: '跨县探测' })
      .set(as('heilongjiang-city.yewu'));
    expect(submissions.status).toBe(200);
    expect(submissions.text).not.toMatch(/海林项目/);
  });

  it('a department cannot read a batch’s progress', async () => {
    const id = await createProject('heilongjiang-city.jiaoyu', '批次可见性项目');
    const res = await ctx.http
      .post('/api/stages/monitoring/batches')
      .set(as('heilongjiang-city.yewu'))
      .send({ county: 'heilongjiang-city', projectIds: [id], round: '批次可见性' });
    expect(res.status).toBe(202);
    const asDepartment = await ctx.http
      .get(`/api/batches/${res.body.id}`)
      .set(as('heilongjiang-city.jiaoyu'));
    expect(asDepartment.status).toBe(404);
    const asOtherCounty = await ctx.http.get(`/api/batches/${res.body.id}`).set(as('hailin.caizheng'));
    expect(asOtherCounty.status).toBe(404);
    const asFinance = await ctx.http.get(`/api/batches/${res.body.id}`).set(as('heilongjiang-city.zonghe'));
    expect(asFinance.status).toBe(200);
  });
});

describe('rounds', () => {
  it('a stage that does not run in rounds cannot be started twice by naming a round', async () => {
    const id = await createProject('heilongjiang-city.jiaoyu', '轮次项目');
    const start = (round?: string) =>
      ctx.http
        .post(`/api/projects/${id}/stages/target-declaration/start`)
        .set(as('heilongjiang-city.jiaoyu'))
        .send(round === undefined ? {} : { round });
    expect((await start()).status).toBe(201);
    const second = await start('第二轮');
    expect(second.status).toBe(400);
    expect(second.body.error.details).toEqual([
      { path: 'round', message: '「绩效目标申报」不分轮次，请不要填写轮次' },
    ]);
    expect((await start()).status).toBe(409);
    const instances = await ctx.app.services.models.Instance.countDocuments({
      projectId: id,
      stageId: 'target-declaration',
    });
    expect(instances).toBe(1);
  });

  it('a round of many projects writes one small record per project, not a growing batch document', async () => {
    const models = ctx.app.services.models;
    const now = new Date();
    const docs = Array.from({ length: 300 }, (_, i) => ({
      county: 'heilongjiang-city',
      name: `批量项目${i}`,
      department: 'jiaoyu',
      amount: 10,
      year: 2026,
      category: 'continuing',
      kind: 'project',
      createdBy: 'heilongjiang-city.jiaoyu',
      createdAt: now,
    }));
    const inserted = await models.Project.insertMany(docs);
    const ids = inserted.map((p) => p._id.toHexString());
    // 事前绩效评估 is not enabled for this county: every project is refused at once, as fast as it gets.
    const res = await ctx.http
      .post('/api/stages/pre-assessment/batches')
      .set(as('heilongjiang-city.yewu'))
      .send({ county: 'heilongjiang-city', projectIds: ids });
    expect(res.status).toBe(202);
    let batch = res.body;
    for (let i = 0; i < 600 && batch.status !== 'finished'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      batch = (await ctx.http.get(`/api/batches/${batch.id}`).set(as('heilongjiang-city.yewu'))).body;
    }
    expect(batch).toMatchObject({ status: 'finished', total: 300, done: 300 });
    expect(batch.failed).toHaveLength(300);
    const raw = await ctx.db.collection('batches').findOne({ _id: batch.id });
    expect(Buffer.byteLength(JSON.stringify(raw))).toBeLessThan(1000);
    const item = await ctx.db.collection('batchItems').findOne({ batchId: batch.id });
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(1000);
  }, 120_000);
});

describe('logins', () => {
  it('fifty simultaneous logins with one right password cannot outrun the lockout', async () => {
    const username = 'changzhi-bureau.admin';
    const attempts = Array.from({ length: 50 }, (_, i) =>
      ctx.http.post('/api/auth/login').send({ username, password: i === 25 ? 'demo' : `guess-${i}` }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBe(50 - ctx.config.login.maxFailures);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 401 || s === 200)).toBe(true);
  });
});

describe('logins from one shared address', () => {
  it('failed logins with made-up names do not lock the address’s real users out', async () => {
    const room = await createTestContext({ LOGIN_MAX_UNKNOWN_PER_HOUR: '20' });
    try {
      const login = (username: string, password: string) =>
        room.http.post('/api/auth/login').send({ username, password });
      for (let i = 0; i < 20; i++) expect((await login(`nobody-${i}`, 'x')).status).toBe(401);
      // The address is used up for failures: a made-up name and a wrong password answer alike.
      const unknown = await login('nobody-20', 'x');
      expect(unknown.status).toBe(429);
      const wrong = await login('hailin.jiaoyu', 'wrong');
      expect(wrong.status).toBe(429);
      expect(wrong.body.error.message).toBe(unknown.body.error.message);
      // A colleague with the right password still logs in from the same room.
      expect((await login('hailin.caizheng', 'demo')).status).toBe(200);
      expect((await login('hailin.jiaoyu', 'demo')).status).toBe(200);
    } finally {
      await room.close();
    }
  }, 120_000);
});

describe('sessions', () => {
  it('an active session outlives a short idle timeout', async () => {
    const short = await createTestContext({ SESSION_IDLE_MINUTES: '1' });
    try {
      const token = await short.login('admin');
      // Used every 20 seconds for five minutes: never idle for a minute.
      for (let i = 0; i < 15; i++) {
        short.clock.advance(20_000);
        const res = await short.http.get('/api/me').set('Authorization', `Bearer ${token}`);
        expect([i, res.status]).toEqual([i, 200]);
      }
      short.clock.advance(61_000);
      const idle = await short.http.get('/api/me').set('Authorization', `Bearer ${token}`);
      expect(idle.body.error.code).toBe('SESSION_EXPIRED');
    } finally {
      await short.close();
    }
  });
});

describe('the studio', () => {
  it('a county needs a real id and a readable name', async () => {
    const token = await ctx.login('admin');
    const create = (id: string, name: string) =>
      ctx.http
        .post('/api/admin/counties')
        .set('Authorization', `Bearer ${token}`)
        .send({ id, name, from: { kind: 'base' } });
    const oneLetter = await create('x', '某县');
    expect(oneLetter.status).toBe(400);
    expect(oneLetter.body.error.details).toEqual([
      { path: 'id', message: '县区编号至少 3 个字符，如 hailin' },
    ]);
    const control = await create('some-xian', '\u0000');
    expect(control.status).toBe(400);
    expect(control.body.error.details[0].path).toBe('name');
    const blank = await create('some-xian', '   ');
    expect(blank.status).toBe(400);
    expect(await ctx.app.services.models.Draft.countDocuments({ county: 'some-xian' })).toBe(0);
  });
});
