import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

/**
 * Approval operations through the HTTP API on heilongjiang-city's real 绩效目标 route
 * (填报 → 业务股室初审 → 综合股复审 → ...): 转办, 委派, 撤回, 退回到任一已办环节, 催办, with history and
 * audit asserted and bad input refused with nothing changed.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const C = 'heilongjiang-city';
const jiaoyu = `${C}.jiaoyu`;
const yewu = `${C}.yewu`;
const zonghe = `${C}.zonghe`;
const yusuan = `${C}.yusuan`;
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
const example = JSON.parse(
  readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
);

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of [jiaoyu, yewu, zonghe, yusuan, `${C}.weijian`, `${C}.renda`, 'hailin.caizheng'])
    tokens[u] = await ctx.login(u);
});
afterAll(() => ctx.close());

let seq = 0;
async function startDeclaration(): Promise<{ projectId: string; instanceId: string }> {
  const created = await ctx.http
    .post('/api/projects')
    .set(as(jiaoyu))
    .send({
      county: C,
      name: `审批操作项目${++seq}`,
      amount: 300,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
  expect(created.status).toBe(201);
  const started = await ctx.http
    .post(`/api/projects/${created.body.id}/stages/target-declaration/start`)
    .set(as(jiaoyu))
    .send({});
  expect(started.status).toBe(201);
  return { projectId: created.body.id, instanceId: started.body.instanceId };
}

async function openTask(username: string, projectId: string) {
  const res = await ctx.http.get('/api/tasks?status=open').set(as(username));
  return (res.body.items as { id: string; projectId: string; name: string; assignee: string | null }[]).find(
    (task) => task.projectId === projectId,
  );
}

async function mustOpen(username: string, projectId: string) {
  const task = await openTask(username, projectId);
  if (!task) throw new Error(`${username} has no open task for ${projectId}`);
  return task;
}

const post = (username: string, url: string, body: object = {}) =>
  ctx.http.post(url).set(as(username)).send(body);

async function history(username: string, taskId: string) {
  const res = await ctx.http.get(`/api/tasks/${taskId}`).set(as(username));
  expect(res.status).toBe(200);
  return res.body.history as {
    action: string;
    actor: string;
    comment: string | null;
    outcomeLabel: string | null;
  }[];
}

async function declareAndPass(projectId: string) {
  const declare = await mustOpen(jiaoyu, projectId);
  expect(
    (await post(jiaoyu, `/api/tasks/${declare.id}/complete`, { outcome: 'submit', data: example })).status,
  ).toBe(200);
  return declare;
}

describe('转办 (transfer)', () => {
  it('hands the task to a colleague who becomes its assignee; the audit trail says who to whom', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    const res = await post(yewu, `/api/tasks/${review.id}/transfer`, {
      to: yusuan,
      comment: '请预算股代为初审',
    });
    expect(res.status).toBe(200);
    expect(res.body.assignee).toBe(yusuan);
    expect(await openTask(yewu, projectId)).toBeUndefined();
    expect((await mustOpen(yusuan, projectId)).id).toBe(review.id);
    const events = await history(yusuan, review.id);
    expect(events.at(-1)).toMatchObject({
      action: 'task.transferred',
      actor: yewu,
      comment: '请预算股代为初审',
    });
    const done = await post(yusuan, `/api/tasks/${review.id}/complete`, { outcome: 'approve' });
    expect(done.status).toBe(200);
    expect(await mustOpen(zonghe, projectId)).toMatchObject({ name: '复审' });
  });

  it('refuses another county, a read-only unit, another department, oneself and a stranger; nothing changes', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    for (const to of ['hailin.caizheng', `${C}.renda`, `${C}.weijian`, 'nobody.at.all']) {
      const res = await post(yewu, `/api/tasks/${review.id}/transfer`, { to });
      expect([to, res.status, res.body.error.code]).toEqual([to, 400, 'INVALID_ASSIGNEE']);
      expect(res.body.error.message).toMatch(/不存在|不是本县区/);
    }
    expect((await post(yewu, `/api/tasks/${review.id}/transfer`, { to: yewu })).status).toBe(400);
    expect((await post(zonghe, `/api/tasks/${review.id}/transfer`, { to: zonghe })).status).toBe(404);
    expect((await mustOpen(yewu, projectId)).assignee).toBeNull();
    expect((await history(yewu, review.id)).map((e) => e.action)).not.toContain('task.transferred');
  });
});

describe('委派 (delegate) and resolve', () => {
  it('the delegate works on it and hands it back; only the owner decides', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    expect(
      (await post(yewu, `/api/tasks/${review.id}/delegate`, { to: zonghe, comment: '请核实指标' })).status,
    ).toBe(200);
    expect((await mustOpen(zonghe, projectId)).id).toBe(review.id);
    const early = await post(zonghe, `/api/tasks/${review.id}/complete`, { outcome: 'approve' });
    expect([early.status, early.body.error.code]).toEqual([409, 'DELEGATION_PENDING']);
    expect((await post(yewu, `/api/tasks/${review.id}/complete`, { outcome: 'approve' })).status).toBe(409);
    expect((await post(zonghe, `/api/tasks/${review.id}/resolve`, { comment: '指标已核实' })).status).toBe(
      200,
    );
    expect(await openTask(zonghe, projectId)).toBeUndefined();
    expect((await post(yewu, `/api/tasks/${review.id}/complete`, { outcome: 'approve' })).status).toBe(200);
    const actions = (await history(yewu, review.id)).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['task.delegated', 'task.delegation.resolved', 'task.completed']);
  });
});

describe('撤回 (withdraw)', () => {
  it('reopens the step for its completer with the data they sent, while the next step is untouched', async () => {
    const { projectId, instanceId } = await startDeclaration();
    const declare = await declareAndPass(projectId);
    const res = await post(jiaoyu, `/api/instances/${instanceId}/withdraw`, { comment: '补充附件' });
    expect(res.status).toBe(200);
    expect(await openTask(yewu, projectId)).toBeUndefined();
    const reopened = await mustOpen(jiaoyu, projectId);
    expect(reopened.id).toBe(res.body.taskId);
    expect(reopened.id).not.toBe(declare.id);
    expect(reopened.assignee).toBe(jiaoyu);
    const detail = await ctx.http.get(`/api/tasks/${reopened.id}`).set(as(jiaoyu));
    expect(detail.body.data.overallGoal).toBe(example.overallGoal);
    expect(detail.body.history.map((e: { action: string }) => e.action)).toContain('task.withdrawn');
  });

  it('is refused once the next step acted, and by anyone but the completer; nothing changes', async () => {
    const { projectId } = await startDeclaration();
    const declare = await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    const stranger = await post(yewu, `/api/tasks/${declare.id}/withdraw`);
    expect(stranger.status).toBe(404);
    expect((await post(yewu, `/api/tasks/${review.id}/complete`, { outcome: 'approve' })).status).toBe(200);
    const late = await post(jiaoyu, `/api/tasks/${declare.id}/withdraw`);
    expect([late.status, late.body.error.code, late.body.error.message]).toEqual([
      409,
      'WITHDRAW_NOT_ALLOWED',
      '下一环节已经办理，不能撤回',
    ]);
    expect(await mustOpen(zonghe, projectId)).toMatchObject({ name: '复审' });
  });

  it('races the next person’s completion: exactly one wins', async () => {
    const { projectId } = await startDeclaration();
    const declare = await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    const [withdrawn, completed] = await Promise.all([
      post(jiaoyu, `/api/tasks/${declare.id}/withdraw`),
      post(yewu, `/api/tasks/${review.id}/complete`, { outcome: 'approve' }),
    ]);
    expect([withdrawn.status, completed.status].sort()).toEqual([200, 409]);
    const open = [await openTask(jiaoyu, projectId), await openTask(zonghe, projectId)].filter(Boolean);
    expect(open).toHaveLength(1);
  });
});

describe('退回到任一已办环节 (return)', () => {
  it('lists the steps done, returns 复审 straight to 填报 with its data kept, and the route continues as modeled', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const first = await mustOpen(yewu, projectId);
    await post(yewu, `/api/tasks/${first.id}/complete`, { outcome: 'approve' });
    const second = await mustOpen(zonghe, projectId);
    const targets = await ctx.http.get(`/api/tasks/${second.id}/return-targets`).set(as(zonghe));
    expect(targets.body.items.map((t: { elementId: string }) => t.elementId)).toEqual([
      'declare',
      'firstReview',
    ]);

    const never = await post(zonghe, `/api/tasks/${second.id}/return`, {
      target: 'approve',
      comment: '退回',
    });
    expect([never.status, never.body.error.code]).toEqual([400, 'RETURN_TARGET_NOT_DONE']);
    const silent = await post(zonghe, `/api/tasks/${second.id}/return`, { target: 'declare' });
    expect(silent.status).toBe(400);
    expect((await mustOpen(zonghe, projectId)).id).toBe(second.id);

    const res = await post(zonghe, `/api/tasks/${second.id}/return`, {
      target: 'declare',
      comment: '指标不完整',
    });
    expect(res.status).toBe(200);
    expect(await openTask(zonghe, projectId)).toBeUndefined();
    const declare = await mustOpen(jiaoyu, projectId);
    expect(declare.assignee).toBe(jiaoyu);
    const detail = await ctx.http.get(`/api/tasks/${declare.id}`).set(as(jiaoyu));
    expect(detail.body.data.overallGoal).toBe(example.overallGoal);
    expect(detail.body.history.at(-1)).toMatchObject({
      action: 'task.returned',
      actor: zonghe,
      outcomeLabel: '退回至填报绩效目标',
      comment: '指标不完整',
    });
    await post(jiaoyu, `/api/tasks/${declare.id}/complete`, { outcome: 'submit', data: example });
    expect(await mustOpen(yewu, projectId)).toMatchObject({ name: '初审' });
  });

  it('with direct (退回后直送) comes straight back to the returner', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const first = await mustOpen(yewu, projectId);
    await post(yewu, `/api/tasks/${first.id}/complete`, { outcome: 'approve' });
    const second = await mustOpen(zonghe, projectId);
    const res = await post(zonghe, `/api/tasks/${second.id}/return`, {
      target: 'declare',
      comment: '补报',
      direct: true,
    });
    expect(res.status).toBe(200);
    const declare = await mustOpen(jiaoyu, projectId);
    await post(jiaoyu, `/api/tasks/${declare.id}/complete`, { outcome: 'submit', data: example });
    expect(await openTask(yewu, projectId)).toBeUndefined();
    expect(await mustOpen(zonghe, projectId)).toMatchObject({ name: '复审' });
  });
});

describe('催办 (remind)', () => {
  it('reminds the candidates at most once per interval, shown in their notifications', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    expect((await post(jiaoyu, `/api/tasks/${review.id}/remind`)).status).toBe(200);
    const again = await post(jiaoyu, `/api/tasks/${review.id}/remind`);
    expect([again.status, again.body.error.code]).toEqual([409, 'REMIND_TOO_OFTEN']);
    expect((await post(`${C}.weijian`, `/api/tasks/${review.id}/remind`)).status).toBe(404);
    const notes = await ctx.http.get('/api/notifications').set(as(yewu));
    expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'task.reminded')).toHaveLength(1);
    expect((await history(yewu, review.id)).map((e) => e.action)).toContain('task.reminded');
  });
});

describe('抄送 (copy)', () => {
  it('copies to a person and a unit; 抄送我的 lists it with read status; strangers are refused', async () => {
    const { projectId } = await startDeclaration();
    await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    const bad = await post(yewu, `/api/tasks/${review.id}/copy`, { to: ['hailin.caizheng'] });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_ASSIGNEE']);
    const res = await post(yewu, `/api/tasks/${review.id}/copy`, {
      to: [zonghe, 'yusuan'],
      comment: '请知悉',
    });
    expect(res.body).toEqual({ copied: 2 });
    for (const reader of [zonghe, yusuan]) {
      const list = await ctx.http.get('/api/tasks?status=copied').set(as(reader));
      expect(list.status).toBe(200);
      const item = list.body.items.find((t: { id: string }) => t.id === review.id);
      expect(item.copy).toMatchObject({ from: yewu, comment: '请知悉', read: false });
      expect((await post(reader, `/api/copies/${encodeURIComponent(item.copy.id)}/read`)).status).toBe(200);
      const again = await ctx.http.get('/api/tasks?status=copied').set(as(reader));
      expect(again.body.items.find((t: { id: string }) => t.id === review.id).copy.read).toBe(true);
    }
    expect((await history(yewu, review.id)).map((e) => e.action)).toContain('task.copied');
  });
});

describe('next-approver preview', () => {
  it('names the next step’s unit and people for the chosen outcome, writing nothing', async () => {
    const { projectId } = await startDeclaration();
    const declare = await mustOpen(jiaoyu, projectId);
    const res = await ctx.http.get(`/api/tasks/${declare.id}/next-approvers?outcome=submit`).set(as(jiaoyu));
    expect(res.status).toBe(200);
    expect(res.body.steps).toEqual([
      expect.objectContaining({ name: '初审', users: [expect.objectContaining({ username: yewu })] }),
    ]);
    expect(res.body.text).toMatch(/^提交后将由 .+（.+）办理$/);
    expect(await openTask(yewu, projectId)).toBeUndefined();
    expect(
      (await ctx.http.get(`/api/tasks/${declare.id}/next-approvers?outcome=approve`).set(as(jiaoyu))).status,
    ).toBe(400);
  });
});

describe('operations switched per step in the modeler', () => {
  const admin = `${C}.admin`;
  const withOperations = (xml: string, operations: string) =>
    xml.replace(
      '<bpmn:userTask id="firstReview"',
      `<bpmn:userTask id="firstReview" pm:operations="${operations}"`,
    );

  it('a county admin switches 转办 off at 初审 and publishes; new instances refuse it, a bad list is refused', async () => {
    tokens[admin] = await ctx.login(admin);
    const current = await ctx.http
      .get(`/api/admin/counties/${C}/processes/target-declaration`)
      .set(as(admin));
    expect(current.status).toBe(200);
    const bad = await ctx.http
      .put(`/api/admin/counties/${C}/processes/target-declaration`)
      .set(as(admin))
      .send({ xml: withOperations(current.body.xml, 'transfer,加签') });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(bad.body)).toContain('pm:operations');
    const saved = await ctx.http
      .put(`/api/admin/counties/${C}/processes/target-declaration`)
      .set(as(admin))
      .send({ xml: withOperations(current.body.xml, 'return,withdraw,remind') });
    expect(saved.status).toBe(200);
    expect((await ctx.http.post(`/api/admin/counties/${C}/publish`).set(as(admin)).send({})).status).toBe(
      200,
    );

    const { projectId } = await startDeclaration();
    const declare = await declareAndPass(projectId);
    const review = await mustOpen(yewu, projectId);
    const offered = await ctx.http.get(`/api/tasks/${review.id}/operations`).set(as(yewu));
    expect(offered.body.offered.map((o: { id: string }) => o.id)).toEqual(['return', 'withdraw', 'remind']);
    const refused = await post(yewu, `/api/tasks/${review.id}/transfer`, { to: yusuan });
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
      409,
      'OPERATION_NOT_OFFERED',
      '本环节未开放「转办」',
    ]);
    const mine = await ctx.http.get(`/api/tasks/${declare.id}/operations`).set(as(jiaoyu));
    expect(mine.body.canWithdraw).toBe(true);
  });
});
