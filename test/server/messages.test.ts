import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

/**
 * A process that waits for an external event (人代会批准, before 批复) is moved on by
 * POST /api/messages. The repository here is a temporary one: the real heilongjiang-city manifest
 * and 绩效目标申报表, with a fixture process that has the message catch.
 */
let ctx: TestContext;
let repo: string;
const tokens: Record<string, string> = {};
const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
const COUNTY = 'heilongjiang-city';

beforeAll(async () => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'pm-messages-'));
  mkdirSync(path.join(repo, 'counties'));
  const manifest = JSON.parse(readFileSync(path.join(REPO_DIR, 'counties', `${COUNTY}.json`), 'utf8'));
  for (const [id, stage] of Object.entries(manifest.stages as Record<string, Record<string, unknown>>)) {
    manifest.stages[id] =
      id === 'target-declaration' ? { enabled: true, source: stage.source } : { enabled: false };
  }
  writeFileSync(path.join(repo, 'counties', `${COUNTY}.json`), JSON.stringify(manifest));
  // The base form only: the real repository's overlays name counties this temporary one lacks.
  mkdirSync(path.join(repo, 'forms', 'target-declaration'), { recursive: true });
  for (const file of ['form.json', 'example.json']) {
    cpSync(
      path.join(REPO_DIR, 'forms', 'target-declaration', file),
      path.join(repo, 'forms', 'target-declaration', file),
    );
  }
  mkdirSync(path.join(repo, 'processes', 'target-declaration'), { recursive: true });
  cpSync(
    path.join(__dirname, 'fixtures', 'congress-approval.bpmn'),
    path.join(repo, 'processes', 'target-declaration', 'target-declaration.bpmn'),
  );
  ctx = await createTestContext({ REPO_DIR: repo });
  for (const u of [`${COUNTY}.jiaoyu`, `${COUNTY}.yewu`, `${COUNTY}.yusuan`, `${COUNTY}.renda`]) {
    tokens[u] = await ctx.login(u);
  }
});
afterAll(async () => {
  await ctx?.close();
  rmSync(repo, { recursive: true, force: true });
});

async function openTask(username: string, projectId: string) {
  const res = await ctx.http.get('/api/tasks?status=open').set(as(username));
  return (res.body.items as { id: string; projectId: string; name: string }[]).find(
    (t) => t.projectId === projectId,
  );
}

it('holds 批复 until 人代会批准 is registered, then offers it to 预算股', async () => {
  const example = JSON.parse(
    readFileSync(path.join(repo, 'forms', 'target-declaration', 'example.json'), 'utf8'),
  );
  const project = await ctx.http
    .post('/api/projects')
    .set(as(`${COUNTY}.jiaoyu`))
    .send({
      county: COUNTY,
      name: '等待人代会的项目',
      amount: 50,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
  const start = await ctx.http
    .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
    .set(as(`${COUNTY}.jiaoyu`))
    .send({});
  const declare = await openTask(`${COUNTY}.jiaoyu`, project.body.id);
  await ctx.http
    .post(`/api/tasks/${declare!.id}/complete`)
    .set(as(`${COUNTY}.jiaoyu`))
    .send({ outcome: 'submit', data: example });
  const review = await openTask(`${COUNTY}.yewu`, project.body.id);
  await ctx.http
    .post(`/api/tasks/${review!.id}/complete`)
    .set(as(`${COUNTY}.yewu`))
    .send({ outcome: 'approve' });

  expect(await openTask(`${COUNTY}.yusuan`, project.body.id)).toBeUndefined();
  const waiting = await ctx.http.get(`/api/instances/${start.body.instanceId}`).set(as(`${COUNTY}.yewu`));
  expect(waiting.body).toMatchObject({ status: 'active', activeTasks: [], activeElements: ['congress'] });

  const refused = await ctx.http
    .post('/api/messages')
    .set(as(`${COUNTY}.renda`))
    .send({ county: COUNTY, name: '人代会批准' });
  expect(refused.status).toBe(403);
  const wrongCounty = await ctx.http
    .post('/api/messages')
    .set(as(`${COUNTY}.yusuan`))
    .send({ county: 'hailin', name: '人代会批准' });
  expect(wrongCounty.status).toBe(403);

  const sent = await ctx.http
    .post('/api/messages')
    .set(as(`${COUNTY}.yusuan`))
    .send({ county: COUNTY, name: '人代会批准', payload: { approvedOn: '2026-01-20' } });
  expect(sent.status).toBe(200);
  expect(sent.body).toEqual({ delivered: 1, instanceIds: [start.body.instanceId] });
  expect((await openTask(`${COUNTY}.yusuan`, project.body.id))?.name).toBe('批复');

  const again = await ctx.http
    .post('/api/messages')
    .set(as(`${COUNTY}.yusuan`))
    .send({ county: COUNTY, name: '人代会批准' });
  expect(again.body.delivered).toBe(0);
  const history = await ctx.http.get(`/api/instances/${start.body.instanceId}`).set(as(`${COUNTY}.yewu`));
  expect(history.body.history.map((h: { action: string }) => h.action)).toContain('message.delivered');
});
