import { createApp } from '../../server/src/app';
import { countySource } from '../../server/src/bootstrap';
import { createModels } from '../../server/src/models';
import { runningInstanceProblems } from '../../server/src/services/admin/running-guard';
import { CountyDirectory } from '../../server/src/services/county-directory';
import { DeploymentService } from '../../server/src/services/deployments';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';

/** Counties created in the studio exist without a file, in every server process, once published. */
const SOURCE = 'heilongjiang-city';
const COPY = 'xin-shi';

let ctx: TestContext;
let other: ReturnType<typeof request>;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });

beforeAll(async () => {
  ctx = await createTestContext();
  tokens.admin = await ctx.login('admin');
  // A second server process on the same database, reading its manifests on every request.
  const deployments = new DeploymentService(createModels(ctx.db), ctx.clock);
  const counties = await CountyDirectory.load(countySource(deployments), 0);
  other = request(createApp({ db: ctx.db, config: ctx.config, counties, clock: ctx.clock }));
});
afterAll(() => ctx.close());

const countyIds = async (http: ReturnType<typeof request>) =>
  (await http.get('/api/counties').set(as('admin'))).body.map((c: { id: string }) => c.id) as string[];

describe('a county copied from another', () => {
  it('starts as drafts: the manifest and the variants of the county it copies', async () => {
    const res = await ctx.http
      .post('/api/admin/counties')
      .set(as('admin'))
      .send({ id: COPY, name: '新市', from: { kind: 'county', county: SOURCE } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: COPY,
      name: '新市',
      status: 'draft',
      inRepository: false,
      published: null,
    });
    expect(res.body.created[0]).toEqual({ kind: 'county', artifactId: COPY });
    const detail = await ctx.http.get(`/api/admin/counties/${COPY}`).set(as('admin'));
    expect(detail.body.deployed).toBeNull();
    expect(detail.body.manifest).toMatchObject({ id: COPY, name: '新市' });
    expect(await countyIds(ctx.http)).not.toContain(COPY);

    const again = await ctx.http
      .post('/api/admin/counties')
      .set(as('admin'))
      .send({ id: COPY, name: '新市', from: { kind: 'county', county: SOURCE } });
    expect(again.status).toBe(409);
    const notChinese = await ctx.http
      .post('/api/admin/counties')
      .set(as('admin'))
      .send({ id: 'new-town', name: 'New Town', from: { kind: 'county', county: SOURCE } });
    expect(notChinese.status).toBe(400);
    expect(notChinese.body.error.details.map((d: { path: string }) => d.path)).toContain('/name');
  });

  it('is published, and every server process serves it', async () => {
    expect(await countyIds(other)).not.toContain(COPY);
    const published = await ctx.http
      .post(`/api/admin/counties/${COPY}/publish`)
      .set(as('admin'))
      .send({ note: '新设' });
    expect(published.status).toBe(200);
    expect(published.body.created).toEqual(
      expect.arrayContaining([
        { kind: 'county', county: COPY, artifactId: COPY, version: 1 },
        { kind: 'process', county: COPY, artifactId: 'target-declaration', version: 1 },
        { kind: 'form', county: COPY, artifactId: 'target-declaration', version: 1 },
      ]),
    );
    expect(await countyIds(ctx.http)).toContain(COPY);
    expect(await countyIds(other)).toContain(COPY);
    const history = await ctx.http.get(`/api/admin/counties/${COPY}/history`).set(as('admin'));
    expect(history.body.publications[0]).toMatchObject({ action: 'publish', actor: 'admin', note: '新设' });
    for (const artifact of history.body.artifacts)
      expect(artifact.versions).toEqual([
        expect.objectContaining({ version: 1, source: 'studio', createdBy: 'admin' }),
      ]);
  });

  it('runs a stage: the copy has its org units and demo logins, and the same route', async () => {
    tokens.dept = await ctx.login(`${COPY}.jiaoyu`);
    const project = await other.post('/api/projects').set(as('dept')).send({
      county: COPY,
      name: '新市测试项目',
      amount: 100,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
    expect(project.status).toBe(201);
    const started = await other
      .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
      .set(as('dept'))
      .send({});
    expect(started.status).toBe(201);
    const inbox = await ctx.http.get('/api/tasks?status=open').set(as('dept'));
    expect(inbox.body.items).toEqual([expect.objectContaining({ projectId: project.body.id, county: COPY })]);
    const diff = await ctx.http
      .get(`/api/admin/counties/${COPY}/diff?of=deployed&against=${SOURCE}`)
      .set(as('admin'));
    expect(diff.status).toBe(200);
    expect(diff.body.entries).toEqual([]);
  });

  it('refuses a manifest that drops a role a running instance still needs', async () => {
    const { models, deployments, counties } = ctx.app.services;
    const manifest = structuredClone(counties.get(COPY)!);
    delete (manifest.roles as Record<string, unknown>).declarant;
    const problems = await runningInstanceProblems(models, deployments, manifest);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'county', path: '/roles/declarant', rule: 'running-instance' }),
    ]);
  });
});

describe('a county created from the base', () => {
  it('starts as a skeleton with the roles to map, and is published once completed', async () => {
    const created = await ctx.http
      .post('/api/admin/counties')
      .set(as('admin'))
      .send({ id: 'kong-xian', name: '空县', from: { kind: 'base' } });
    expect(created.status).toBe(201);
    expect(created.body.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['/orgUnits', '/roles/declarant']),
    );
    const detail = await ctx.http.get('/api/admin/counties/kong-xian').set(as('admin'));
    const manifest = detail.body.manifest;
    expect(manifest.roles.declarant).toEqual([]);
    expect(Object.values(manifest.stages).every((s) => !(s as { enabled: boolean }).enabled)).toBe(true);

    const refused = await ctx.http.post('/api/admin/counties/kong-xian/publish').set(as('admin')).send({});
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain('/orgUnits');

    const completed = {
      ...manifest,
      source: { title: '空县预算绩效管理办法', seed: 'kong-xian.txt' },
      orgUnits: [
        { code: 'caizheng', name: '空县财政局', kind: 'finance-section' },
        { code: 'jiaoyu', name: '空县教育局', kind: 'department' },
      ],
      roles: { declarant: ['$department'], approver: ['caizheng'] },
    };
    const saved = await ctx.http
      .put('/api/admin/counties/kong-xian/manifest')
      .set(as('admin'))
      .send({ manifest: completed });
    expect(saved.status).toBe(200);
    const published = await ctx.http.post('/api/admin/counties/kong-xian/publish').set(as('admin')).send({});
    expect(published.status).toBe(200);
    expect(published.body.created).toEqual([
      { kind: 'county', county: 'kong-xian', artifactId: 'kong-xian', version: 1 },
    ]);
    expect(await countyIds(other)).toContain('kong-xian');
  });

  it('is gone with its drafts when its manifest draft is discarded before the first publish', async () => {
    const created = await ctx.http
      .post('/api/admin/counties')
      .set(as('admin'))
      .send({ id: 'lin-shi', name: '临时县', from: { kind: 'county', county: SOURCE } });
    expect(created.status).toBe(201);
    expect(created.body.created.length).toBeGreaterThan(1);
    expect((await ctx.http.delete('/api/admin/counties/lin-shi/manifest').set(as('admin'))).status).toBe(204);
    expect((await ctx.http.get('/api/admin/counties/lin-shi').set(as('admin'))).status).toBe(404);
    expect(await ctx.app.services.models.Draft.countDocuments({ county: 'lin-shi' })).toBe(0);
  });
});
