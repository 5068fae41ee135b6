import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of [
    'heilongjiang-city.jiaoyu',
    'heilongjiang-city.weijian',
    'heilongjiang-city.yewu',
    'hailin.caizheng',
  ])
    tokens[u] = await ctx.login(u);
});
afterAll(() => ctx.close());

describe('GET /api/instances/:id/diagram', () => {
  it('returns the pinned BPMN with finished and active elements as the instance moves', async () => {
    const project = await ctx.http.post('/api/projects').set(as('heilongjiang-city.jiaoyu')).send({
      county: 'heilongjiang-city',
      name: '流程图测试项目',
      amount: 80,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
    const { instanceId } = (
      await ctx.http
        .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
        .set(as('heilongjiang-city.jiaoyu'))
        .send({})
    ).body;

    const first = await ctx.http
      .get(`/api/instances/${instanceId}/diagram`)
      .set(as('heilongjiang-city.jiaoyu'));
    expect(first.status).toBe(200);
    expect(first.body.xml).toContain('<bpmn:definitions');
    expect(first.body.finishedElements).toEqual([]);
    expect(first.body.waitingFor).toEqual([]);
    const instance = await ctx.http.get(`/api/instances/${instanceId}`).set(as('heilongjiang-city.jiaoyu'));
    const declare = instance.body.activeTasks[0];
    expect(first.body.activeElements).toEqual([declare.elementId]);
    expect(first.body.xml).toContain(`id="${declare.elementId}"`);

    const example = JSON.parse(
      readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
    );
    await ctx.http
      .post(`/api/tasks/${declare.taskId}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: example });
    const second = await ctx.http
      .get(`/api/instances/${instanceId}/diagram`)
      .set(as('heilongjiang-city.yewu'));
    expect(second.status).toBe(200);
    expect(second.body.finishedElements).toEqual([declare.elementId]);
    const next = await ctx.http.get(`/api/instances/${instanceId}`).set(as('heilongjiang-city.yewu'));
    expect(second.body.activeElements).toEqual(
      next.body.activeTasks.map((t: { elementId: string }) => t.elementId),
    );

    for (const other of ['heilongjiang-city.weijian', 'hailin.caizheng']) {
      const res = await ctx.http.get(`/api/instances/${instanceId}/diagram`).set(as(other));
      expect([other, res.status]).toEqual([other, other.startsWith('hailin') ? 404 : 403]);
    }
  });

  it('answers 404 for an unknown instance and 400 for a malformed id', async () => {
    const missing = await ctx.http
      .get('/api/instances/0123456789abcdef01234567/diagram')
      .set(as('heilongjiang-city.yewu'));
    expect(missing.status).toBe(404);
    const bad = await ctx.http.get('/api/instances/nope/diagram').set(as('heilongjiang-city.yewu'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].message).toBe('流程实例编号格式不正确');
  });
});

describe('county settings and org units for forms', () => {
  it('gives a county’s own users its settings and org units, and nobody else', async () => {
    const settings = await ctx.http
      .get('/api/counties/heilongjiang-city/settings')
      .set(as('heilongjiang-city.jiaoyu'));
    expect(settings.status).toBe(200);
    expect(settings.body.gradeBands).toBeDefined();
    const units = await ctx.http
      .get('/api/counties/heilongjiang-city/org-units')
      .set(as('heilongjiang-city.jiaoyu'));
    expect(units.body).toEqual(
      expect.arrayContaining([{ code: 'yewu', name: '业务股室', kind: 'finance-section' }]),
    );
    const other = await ctx.http.get('/api/counties/heilongjiang-city/settings').set(as('hailin.caizheng'));
    expect(other.status).toBe(404);
  });
});
