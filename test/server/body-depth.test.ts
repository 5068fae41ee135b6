import { Types } from 'mongoose';
import { createTestContext, type TestContext } from '../helpers/app';

/**
 * Found by the security fuzz suite (test/security): a draft or a studio form nested 10,000 levels deep
 * was answered 500 (the stack overflowed past the route), and a draft 1,000 levels deep was stored,
 * deeper than MongoDB keeps documents.
 */
let ctx: TestContext;
let token: string;
let taskId: string;
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

beforeAll(async () => {
  ctx = await createTestContext();
  token = await ctx.login('heilongjiang-city.jiaoyu');
  const auth = { Authorization: `Bearer ${token}` };
  const project = await ctx.http.post('/api/projects').set(auth).send({
    county: 'heilongjiang-city',
    name: '嵌套层级测试项目',
    amount: 100,
    year: 2026,
    category: 'new',
    kind: 'project',
  });
  const started = await ctx.http
    .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
    .set(auth)
    .send({});
  const inbox = await ctx.http.get('/api/tasks?status=open').set(auth);
  taskId = inbox.body.items.find((t: { instanceId: string }) => t.instanceId === started.body.instanceId).id;
});
afterAll(() => ctx.close());

const draft = (data: string) =>
  ctx.http
    .put(`/api/tasks/${taskId}/draft`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/json')
    .send(`{"data":${data}}`);

describe('bodies nested too deep', () => {
  it('a body nested deeper than 64 levels is refused with 400 and stores nothing', async () => {
    for (const depth of [64, 1_000, 10_000]) {
      const res = await draft(nested(depth));
      expect([depth, res.status, res.body.error?.code]).toEqual([depth, 400, 'VALIDATION_FAILED']);
    }
    const task = await ctx.db.collection('tasks').findOne({ _id: new Types.ObjectId(taskId) });
    expect(task?.draft).toBeUndefined();
  });

  it('a studio form nested 10,000 levels deep is refused, not answered 500', async () => {
    const admin = await ctx.login('heilongjiang-city.admin');
    const res = await ctx.http
      .put('/api/admin/counties/heilongjiang-city/forms/target-declaration')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send(`{"form":${nested(10_000)}}`);
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('a body within the limit still reaches the route', async () => {
    expect((await draft(nested(60))).status).toBe(200);
  });
});
