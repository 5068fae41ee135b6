import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
const USERS = [
  'heilongjiang-city.jiaoyu',
  'heilongjiang-city.weijian',
  'heilongjiang-city.yewu',
  'heilongjiang-city.zonghe',
  'hailin.caizheng',
];

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of USERS) tokens[u] = await ctx.login(u);
});
afterAll(() => ctx.close());

async function project(username: string, name: string) {
  const res = await ctx.http.post('/api/projects').set(as(username)).send({
    county: 'heilongjiang-city',
    name,
    amount: 120,
    year: 2026,
    category: 'continuing',
    kind: 'project',
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function waitForBatch(batchId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await ctx.http.get(`/api/batches/${batchId}`).set(as('heilongjiang-city.zonghe'));
    if (res.body.status === 'finished') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('batch did not finish');
}

describe('a monitoring round and its missing or overdue submissions', () => {
  let a: string;
  let b: string;
  let c: string;
  let batchId: string;

  it('launches a round for chosen projects with a due date, pollable as a batch', async () => {
    a = await project('heilongjiang-city.jiaoyu', '监控项目甲');
    b = await project('heilongjiang-city.weijian', '监控项目乙');
    c = await project('heilongjiang-city.jiaoyu', '未纳入本轮的项目');
    const res = await ctx.http
      .post('/api/finance/rounds')
      .set(as('heilongjiang-city.zonghe'))
      .send({
        county: 'heilongjiang-city',
        stageId: 'monitoring',
        round: '2026年半年监控',
        due: '2026-03-10',
        projectIds: [a, b],
      });
    expect(res.status).toBe(202);
    batchId = res.body.batchId;
    const batch = await waitForBatch(batchId);
    expect(batch).toMatchObject({ total: 2, done: 2, failed: [] });

    const again = await ctx.http
      .post('/api/finance/rounds')
      .set(as('heilongjiang-city.zonghe'))
      .send({
        county: 'heilongjiang-city',
        stageId: 'monitoring',
        round: '2026年半年监控',
        due: '2026-03-10',
        projectIds: [c],
      });
    expect(again.status).toBe(409);
    const rounds = await ctx.http
      .get('/api/finance/rounds?county=heilongjiang-city&stageId=monitoring')
      .set(as('heilongjiang-city.yewu'));
    expect(rounds.body).toEqual([
      expect.objectContaining({
        batchId,
        round: '2026年半年监控',
        total: 2,
        due: '2026-03-10T15:59:59.000Z',
      }),
    ]);
  });

  it('lists both as awaiting, then one as submitted once its department files it', async () => {
    const url = `/api/finance/submissions?county=heilongjiang-city&stageId=monitoring&round=${encodeURIComponent('2026年半年监控')}`;
    const before = await ctx.http.get(url).set(as('heilongjiang-city.zonghe'));
    expect(before.status).toBe(200);
    expect(
      before.body.items.map((i: { projectId: string; status: string }) => [i.projectId, i.status]).sort(),
    ).toEqual(
      [
        [a, 'awaiting'],
        [b, 'awaiting'],
      ].sort(),
    );
    expect(before.body.items[0].taskName).toBe('填报绩效运行监控表');

    const inbox = await ctx.http.get('/api/tasks?status=open').set(as('heilongjiang-city.jiaoyu'));
    const task = inbox.body.items.find((t: { projectId: string }) => t.projectId === a);
    const example = JSON.parse(readFileSync(path.join(REPO_DIR, 'forms/monitoring/example.json'), 'utf8'));
    const done = await ctx.http
      .post(`/api/tasks/${task.id}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: example });
    expect(done.status).toBe(200);

    ctx.clock.advance(8 * 86400_000); // within 3 days of 03-10
    for (const u of USERS) tokens[u] = await ctx.login(u);
    const soon = await ctx.http.get(url).set(as('heilongjiang-city.yewu'));
    const byProject = Object.fromEntries(
      soon.body.items.map((i: { projectId: string; status: string }) => [i.projectId, i.status]),
    );
    expect(byProject).toEqual({ [a]: 'submitted', [b]: 'due-soon' });
    expect(soon.body.counts).toMatchObject({ submitted: 1, 'due-soon': 1, overdue: 0 });
  });

  it('marks the missing one overdue after the due date, listed first', async () => {
    ctx.clock.advance(3 * 86400_000);
    for (const u of USERS) tokens[u] = await ctx.login(u);
    const res = await ctx.http
      .get(
        `/api/finance/submissions?county=heilongjiang-city&stageId=monitoring&round=${encodeURIComponent('2026年半年监控')}`,
      )
      .set(as('heilongjiang-city.zonghe'));
    expect(res.body.items[0]).toMatchObject({
      projectId: b,
      status: 'overdue',
      department: { code: 'weijian', name: '市卫生健康委员会' },
    });
    expect(res.body.due).toBe('2026-03-10T15:59:59.000Z');
  });

  it('lists projects without an instance as not started when no round is given', async () => {
    const res = await ctx.http
      .get('/api/finance/submissions?county=heilongjiang-city&stageId=self-evaluation&year=2026')
      .set(as('heilongjiang-city.zonghe'));
    expect(res.status).toBe(200);
    expect(res.body.items.every((i: { status: string }) => i.status === 'not-started')).toBe(true);
    expect(res.body.items.map((i: { projectId: string }) => i.projectId)).toEqual(
      expect.arrayContaining([a, b, c]),
    );
  });

  it('is for the county’s finance sections only', async () => {
    const dept = await ctx.http
      .get('/api/finance/submissions?county=heilongjiang-city&stageId=monitoring')
      .set(as('heilongjiang-city.jiaoyu'));
    expect(dept.status).toBe(403);
    const other = await ctx.http
      .get('/api/finance/submissions?county=heilongjiang-city&stageId=monitoring')
      .set(as('hailin.caizheng'));
    expect(other.status).toBe(403);
    const launch = await ctx.http
      .post('/api/finance/rounds')
      .set(as('heilongjiang-city.jiaoyu'))
      .send({
        county: 'heilongjiang-city',
        stageId: 'monitoring',
        round: '部门自行发起',
        due: '2026-04-01',
        projectIds: [c],
      });
    expect(launch.status).toBe(403);
    const bad = await ctx.http.post('/api/finance/rounds').set(as('heilongjiang-city.zonghe')).send({
      county: 'heilongjiang-city',
      stageId: 'monitoring',
      round: '',
      due: '7月15日',
      projectIds: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'due',
      'projectIds',
      'round',
    ]);
  });
});
