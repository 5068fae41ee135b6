import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
const example = JSON.parse(
  readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
);

const USERS = [
  'heilongjiang-city.jiaoyu',
  'heilongjiang-city.weijian',
  'heilongjiang-city.yewu',
  'heilongjiang-city.zonghe',
  'heilongjiang-city.yusuan',
  'heilongjiang-city.renda',
  'hailin.jiaoyu',
  'hailin.caizheng',
];

/** Moving the fake clock by days expires sessions, as it would for a real user: log in again. */
async function loginAll() {
  for (const u of USERS) tokens[u] = await ctx.login(u);
}

beforeAll(async () => {
  ctx = await createTestContext();
  await loginAll();
});
afterAll(() => ctx.close());

let projectSeq = 0;
async function createProject(username: string, fields: Record<string, unknown> = {}) {
  const county = username.split('.')[0];
  const res = await ctx.http
    .post('/api/projects')
    .set(as(username))
    .send({
      county,
      name: `测试项目${++projectSeq}`,
      amount: 300,
      year: 2026,
      category: 'new',
      kind: 'project',
      ...fields,
    });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function startStage(username: string, projectId: string, stageId: string) {
  return ctx.http.post(`/api/projects/${projectId}/stages/${stageId}/start`).set(as(username)).send({});
}

async function inbox(username: string, query = '') {
  const res = await ctx.http.get(`/api/tasks?status=open${query}`).set(as(username));
  expect(res.status).toBe(200);
  return res.body.items as {
    id: string;
    name: string;
    projectId: string;
    overdue: boolean;
    dueSoon: boolean;
    due: string;
  }[];
}

async function taskFor(username: string, projectId: string) {
  const task = (await inbox(username)).find((t) => t.projectId === projectId);
  if (!task) throw new Error(`${username} has no task for ${projectId}`);
  return task;
}

describe('绩效目标 route through the HTTP API', () => {
  let projectId: string;
  let instanceId: string;

  it('starts the stage for the department’s project and puts the first task in the department’s inbox only', async () => {
    projectId = await createProject('heilongjiang-city.jiaoyu');
    const res = await startStage('heilongjiang-city.jiaoyu', projectId, 'target-declaration');
    expect(res.status).toBe(201);
    instanceId = res.body.instanceId;
    const task = await taskFor('heilongjiang-city.jiaoyu', projectId);
    expect(task.name).toBe('填报绩效目标');
    expect((await inbox('heilongjiang-city.weijian')).some((t) => t.projectId === projectId)).toBe(false);
    expect((await inbox('heilongjiang-city.yewu')).some((t) => t.projectId === projectId)).toBe(false);
  });

  it('shows the task with its resolved form, outcomes, candidates and history', async () => {
    const task = await taskFor('heilongjiang-city.jiaoyu', projectId);
    const res = await ctx.http.get(`/api/tasks/${task.id}`).set(as('heilongjiang-city.jiaoyu'));
    expect(res.status).toBe(200);
    expect(res.body.form).toMatchObject({ id: 'target-declaration', version: 1, title: '绩效目标申报表' });
    expect(res.body.form.schema.properties.indicators.type).toBe('array');
    expect(res.body.outcomes).toEqual([{ id: 'submit', label: '提交审核', commentRequired: false }]);
    expect(res.body.candidates.map((c: { username: string }) => c.username)).toEqual([
      'heilongjiang-city.jiaoyu',
    ]);
    expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['instance.started']);
    expect(res.body.task.due).toBe(new Date(ctx.clock.now().getTime() + 10 * 86400_000).toISOString());
  });

  it('hides the task from everyone who is not a candidate', async () => {
    const task = await taskFor('heilongjiang-city.jiaoyu', projectId);
    for (const other of ['heilongjiang-city.weijian', 'heilongjiang-city.yewu', 'hailin.jiaoyu']) {
      const res = await ctx.http.get(`/api/tasks/${task.id}`).set(as(other));
      expect([other, res.status]).toEqual([other, 404]);
    }
  });

  it('rejects an incomplete submission field by field and keeps the saved draft', async () => {
    const task = await taskFor('heilongjiang-city.jiaoyu', projectId);
    const draft = { overallGoal: '草稿中的目标', indicators: [{ level1: '产出指标', name: '未写完' }] };
    const saved = await ctx.http
      .put(`/api/tasks/${task.id}/draft`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ data: draft });
    expect(saved.status).toBe(200);
    const res = await ctx.http
      .post(`/api/tasks/${task.id}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: draft });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'totalFunds',
        'indicators.0.level2',
        'indicators.0.operator',
        'indicators.0.target',
      ]),
    );
    for (const detail of res.body.error.details) expect(detail.message).toMatch(/[\u4e00-\u9fa5]/);
    const detail = await ctx.http.get(`/api/tasks/${task.id}`).set(as('heilongjiang-city.jiaoyu'));
    expect(detail.body.data).toEqual(draft);
    expect(detail.body.task.status).toBe('open');
  });

  it('moves a valid submission to 初审 in the 业务股室 inbox', async () => {
    const task = await taskFor('heilongjiang-city.jiaoyu', projectId);
    const res = await ctx.http
      .post(`/api/tasks/${task.id}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: example });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('completed');
    expect((await inbox('heilongjiang-city.jiaoyu')).some((t) => t.projectId === projectId)).toBe(false);
    const review = await taskFor('heilongjiang-city.yewu', projectId);
    expect(review.name).toBe('初审');
    const detail = await ctx.http.get(`/api/tasks/${review.id}`).set(as('heilongjiang-city.yewu'));
    expect(detail.body.task).toMatchObject({
      mode: 'review',
      readOnly: true,
      reviewPoints: ['可行性', '适当性', '相关性', '完整性'],
    });
    expect(detail.body.data).toEqual(example);
    expect(detail.body.outcomes).toEqual([
      { id: 'approve', label: '审核通过', commentRequired: false },
      { id: 'return', label: '退回修改', commentRequired: true },
    ]);
  });

  it('requires a reason to return, then returns the declaration with the comment visible to the department', async () => {
    const review = await taskFor('heilongjiang-city.yewu', projectId);
    const noComment = await ctx.http
      .post(`/api/tasks/${review.id}/complete`)
      .set(as('heilongjiang-city.yewu'))
      .send({ outcome: 'return' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details).toEqual([
      { path: 'comment', message: '选择「退回修改」时必须填写理由或修改意见' },
    ]);
    const badOutcome = await ctx.http
      .post(`/api/tasks/${review.id}/complete`)
      .set(as('heilongjiang-city.yewu'))
      .send({ outcome: 'submit' });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error.details[0].path).toBe('outcome');

    const returned = await ctx.http
      .post(`/api/tasks/${review.id}/complete`)
      .set(as('heilongjiang-city.yewu'))
      .send({
        outcome: 'return',
        comment: '满意度指标值偏低，请按不低于95%重新测算',
        data: { reviewPoints: { 可行性: true, 完整性: false } },
      });
    expect(returned.status).toBe(200);

    const again = await taskFor('heilongjiang-city.jiaoyu', projectId);
    expect(again.name).toBe('填报绩效目标');
    const detail = await ctx.http.get(`/api/tasks/${again.id}`).set(as('heilongjiang-city.jiaoyu'));
    expect(detail.body.data).toEqual(example);
    const returnEntry = detail.body.history.find((h: { outcome: string }) => h.outcome === 'return');
    expect(returnEntry).toMatchObject({
      actor: 'heilongjiang-city.yewu',
      taskName: '初审',
      outcomeLabel: '退回修改',
      comment: '满意度指标值偏低，请按不低于95%重新测算',
    });
  });

  it('resubmits, passes 初审, 复审 and (after 人代会批准) 批复, and records 已批复 on the project', async () => {
    const declare = await taskFor('heilongjiang-city.jiaoyu', projectId);
    const revised = {
      ...example,
      indicators: example.indicators.map((row: { name: string; target: string }) =>
        row.name === '学生家长满意度' ? { ...row, target: '95' } : row,
      ),
    };
    expect(
      (
        await ctx.http
          .post(`/api/tasks/${declare.id}/complete`)
          .set(as('heilongjiang-city.jiaoyu'))
          .send({ outcome: 'submit', data: revised })
      ).status,
    ).toBe(200);
    const review = await taskFor('heilongjiang-city.yewu', projectId);
    expect(
      (
        await ctx.http
          .post(`/api/tasks/${review.id}/complete`)
          .set(as('heilongjiang-city.yewu'))
          .send({ outcome: 'approve' })
      ).status,
    ).toBe(200);
    const second = await taskFor('heilongjiang-city.zonghe', projectId);
    expect(second.name).toBe('复审');
    expect(
      (
        await ctx.http
          .post(`/api/tasks/${second.id}/complete`)
          .set(as('heilongjiang-city.zonghe'))
          .send({ outcome: 'approve' })
      ).status,
    ).toBe(200);
    // 批复 comes with the budget, after the congress approves it (一（三）).
    expect((await inbox('heilongjiang-city.yusuan')).some((t) => t.projectId === projectId)).toBe(false);
    const congress = await ctx.http
      .post('/api/messages')
      .set(as('heilongjiang-city.yusuan'))
      .send({ county: 'heilongjiang-city', name: '人代会批准', instanceIds: [instanceId] });
    expect(congress.body).toEqual({ delivered: 1, instanceIds: [instanceId] });
    const approval = await taskFor('heilongjiang-city.yusuan', projectId);
    expect(approval.name).toBe('批复');
    expect(
      (
        await ctx.http
          .post(`/api/tasks/${approval.id}/complete`)
          .set(as('heilongjiang-city.yusuan'))
          .send({ outcome: 'approve' })
      ).status,
    ).toBe(200);

    const instance = await ctx.http.get(`/api/instances/${instanceId}`).set(as('heilongjiang-city.jiaoyu'));
    expect(instance.status).toBe(200);
    expect(instance.body.status).toBe('completed');
    expect(instance.body.activeTasks).toEqual([]);
    expect(
      instance.body.history
        .filter((h: { action: string }) => h.action === 'task.completed')
        .map(
          (h: { actor: string; taskName: string; outcome: string }) =>
            `${h.taskName}:${h.outcome}:${h.actor}`,
        ),
    ).toEqual([
      '填报绩效目标:submit:heilongjiang-city.jiaoyu',
      '初审:return:heilongjiang-city.yewu',
      '填报绩效目标:submit:heilongjiang-city.jiaoyu',
      '初审:approve:heilongjiang-city.yewu',
      '复审:approve:heilongjiang-city.zonghe',
      '批复:approve:heilongjiang-city.yusuan',
    ]);
    expect(instance.body.history.at(-1).action).toBe('instance.completed');

    const project = await ctx.http.get(`/api/projects/${projectId}`).set(as('heilongjiang-city.jiaoyu'));
    const stage = project.body.stages.find((s: { id: string }) => s.id === 'target-declaration');
    expect(stage.status).toBe('completed');
    expect(stage.statusLabel).toBe('已批复');

    const done = await ctx.http.get('/api/tasks?status=completed').set(as('heilongjiang-city.yewu'));
    expect(done.body.items.filter((t: { projectId: string }) => t.projectId === projectId)).toHaveLength(2);
  });

  it('lets read-only oversight see the project and instance but never act', async () => {
    const res = await ctx.http.get(`/api/instances/${instanceId}`).set(as('heilongjiang-city.renda'));
    expect(res.status).toBe(200);
    const start = await startStage('heilongjiang-city.renda', projectId, 'monitoring');
    expect(start.status).toBe(403);
  });
});

describe('concurrency', () => {
  it('lets exactly one of 50 simultaneous completions through', async () => {
    const projectId = await createProject('heilongjiang-city.weijian');
    expect((await startStage('heilongjiang-city.weijian', projectId, 'target-declaration')).status).toBe(201);
    const task = await taskFor('heilongjiang-city.weijian', projectId);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        ctx.http
          .post(`/api/tasks/${task.id}/complete`)
          .set(as('heilongjiang-city.weijian'))
          .send({ outcome: 'submit', data: example }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of responses.filter((x) => x.status === 409))
      expect(r.body.error.code).toBe('TASK_ALREADY_COMPLETED');
    const events = await ctx.db.collection('events').countDocuments({
      taskId: new (await import('mongoose')).Types.ObjectId(task.id),
      action: 'task.completed',
    });
    expect(events).toBe(1);
    const next = (await inbox('heilongjiang-city.yewu')).filter((t) => t.projectId === projectId);
    expect(next).toHaveLength(1);
  });
});

/** A second 业务股室 user, so a review task has two candidates who can race for it. */
async function addSecondReviewer() {
  if (tokens['heilongjiang-city.yewu2']) return;
  await ctx.db.collection('users').insertOne({
    username: 'heilongjiang-city.yewu2',
    displayName: '业务股室 第二经办人',
    passwordHash: (await ctx.db.collection('users').findOne({ username: 'heilongjiang-city.yewu' }))!
      .passwordHash,
    county: 'heilongjiang-city',
    orgUnit: 'yewu',
    systemRoles: [],
    active: true,
  });
  tokens['heilongjiang-city.yewu2'] = await ctx.login('heilongjiang-city.yewu2');
}

describe('claiming', () => {
  it('takes a claimed task out of the other candidates’ inboxes and refuses their completion', async () => {
    await addSecondReviewer();
    const projectId = await createProject('heilongjiang-city.jiaoyu');
    await startStage('heilongjiang-city.jiaoyu', projectId, 'target-declaration');
    const declare = await taskFor('heilongjiang-city.jiaoyu', projectId);
    await ctx.http
      .post(`/api/tasks/${declare.id}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: example });
    const review = await taskFor('heilongjiang-city.yewu', projectId);
    const detail = await ctx.http.get(`/api/tasks/${review.id}`).set(as('heilongjiang-city.yewu'));
    expect(detail.body.candidates.map((c: { username: string }) => c.username)).toEqual([
      'heilongjiang-city.yewu',
      'heilongjiang-city.yewu2',
    ]);

    const claimed = await ctx.http.post(`/api/tasks/${review.id}/claim`).set(as('heilongjiang-city.yewu2'));
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toBe('heilongjiang-city.yewu2');
    expect((await inbox('heilongjiang-city.yewu')).some((t) => t.id === review.id)).toBe(false);
    const stolen = await ctx.http.post(`/api/tasks/${review.id}/claim`).set(as('heilongjiang-city.yewu'));
    expect(stolen.status).toBe(409);
    expect(stolen.body.error.message).toBe('该任务已由 heilongjiang-city.yewu2 签收');
    const blocked = await ctx.http
      .post(`/api/tasks/${review.id}/complete`)
      .set(as('heilongjiang-city.yewu'))
      .send({ outcome: 'approve' });
    expect(blocked.status).toBe(409);

    expect(
      (await ctx.http.post(`/api/tasks/${review.id}/unclaim`).set(as('heilongjiang-city.yewu2'))).status,
    ).toBe(200);
    expect((await inbox('heilongjiang-city.yewu')).some((t) => t.id === review.id)).toBe(true);
  });
});

describe('claiming records one event per change of hands', () => {
  const claimEvents = async (taskId: string, action: string) =>
    ctx.db.collection('events').countDocuments({
      taskId: new (await import('mongoose')).Types.ObjectId(taskId),
      action,
    });

  async function reviewTask() {
    const projectId = await createProject('heilongjiang-city.jiaoyu');
    await startStage('heilongjiang-city.jiaoyu', projectId, 'target-declaration');
    const declare = await taskFor('heilongjiang-city.jiaoyu', projectId);
    await ctx.http
      .post(`/api/tasks/${declare.id}/complete`)
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ outcome: 'submit', data: example });
    return taskFor('heilongjiang-city.yewu', projectId);
  }
  const claim = (taskId: string, username = 'heilongjiang-city.yewu') =>
    ctx.http.post(`/api/tasks/${taskId}/claim`).set(as(username));
  const unclaim = (taskId: string, username = 'heilongjiang-city.yewu') =>
    ctx.http.post(`/api/tasks/${taskId}/unclaim`).set(as(username));

  it('20 simultaneous claims by the assignee record one task.claimed event', async () => {
    const task = await reviewTask();
    const responses = await Promise.all(Array.from({ length: 20 }, () => claim(task.id)));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.body.assignee).toBe('heilongjiang-city.yewu');
    }
    expect(await claimEvents(task.id, 'task.claimed')).toBe(1);
  });

  it('5 sequential claims by the assignee record one task.claimed event', async () => {
    const task = await reviewTask();
    for (let i = 0; i < 5; i++) expect((await claim(task.id)).body.assignee).toBe('heilongjiang-city.yewu');
    expect(await claimEvents(task.id, 'task.claimed')).toBe(1);
  });

  it('of claims racing between two candidates only the winner records', async () => {
    await addSecondReviewer();
    const task = await reviewTask();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        claim(task.id, i % 2 ? 'heilongjiang-city.yewu' : 'heilongjiang-city.yewu2'),
      ),
    );
    const winners = new Set(responses.filter((r) => r.status === 200).map((r) => r.body.assignee));
    expect(winners.size).toBe(1);
    expect(await claimEvents(task.id, 'task.claimed')).toBe(1);
  });

  it('10 simultaneous unclaims record one task.unclaimed event and all answer the released task', async () => {
    const task = await reviewTask();
    await claim(task.id);
    const responses = await Promise.all(Array.from({ length: 10 }, () => unclaim(task.id)));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.body.assignee).toBeNull();
    }
    expect(await claimEvents(task.id, 'task.unclaimed')).toBe(1);
    // Unclaiming a task nobody holds changes nothing and records nothing.
    expect((await unclaim(task.id)).status).toBe(200);
    expect(await claimEvents(task.id, 'task.unclaimed')).toBe(1);
  });
});

describe('county rules when starting a stage', () => {
  it('blocks 绩效目标 for a major new hailin project of 500万元 or more until 事前绩效评估 supports it', async () => {
    const projectId = await createProject('hailin.jiaoyu', { amount: 500, major: true });
    const blocked = await startStage('hailin.jiaoyu', projectId, 'target-declaration');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('STAGE_PRECONDITION_FAILED');
    expect(blocked.body.error.message).toMatch(
      /^不满足「事前绩效评估门槛」：须先完成「事前绩效评估」（.+ 二（二））$/,
    );
    expect(blocked.body.error.details).toMatchObject({
      rule: 'pre-assessment-gate',
      requires: { stage: 'pre-assessment' },
    });

    expect((await startStage('hailin.jiaoyu', projectId, 'pre-assessment')).status).toBe(201);
    const assess = await taskFor('hailin.jiaoyu', projectId);
    const preExample = JSON.parse(
      readFileSync(path.join(REPO_DIR, 'forms/pre-assessment/example.json'), 'utf8'),
    );
    expect(
      (
        await ctx.http
          .post(`/api/tasks/${assess.id}/complete`)
          .set(as('hailin.jiaoyu'))
          .send({ outcome: 'submit', data: preExample })
      ).status,
    ).toBe(200);
    const review = await taskFor('hailin.caizheng', projectId);
    expect(
      (
        await ctx.http
          .post(`/api/tasks/${review.id}/complete`)
          .set(as('hailin.caizheng'))
          .send({ outcome: 'approve' })
      ).status,
    ).toBe(200);

    const project = await ctx.http.get(`/api/projects/${projectId}`).set(as('hailin.jiaoyu'));
    expect(project.body.stages.find((s: { id: string }) => s.id === 'pre-assessment')).toMatchObject({
      status: 'completed',
      statusLabel: '已评估',
      result: { conclusion: '予以支持' },
    });
    expect((await startStage('hailin.jiaoyu', projectId, 'target-declaration')).status).toBe(201);
  });

  it('does not apply the hailin gate below 500万元 or to items that are not major', async () => {
    const small = await createProject('hailin.jiaoyu', { amount: 499.99, major: true });
    expect((await startStage('hailin.jiaoyu', small, 'target-declaration')).status).toBe(201);
    const minor = await createProject('hailin.jiaoyu', { amount: 800, major: false });
    expect((await startStage('hailin.jiaoyu', minor, 'target-declaration')).status).toBe(201);
  });

  it('refuses a stage the county does not run, and a second running instance of a stage', async () => {
    const projectId = await createProject('heilongjiang-city.jiaoyu');
    const disabled = await startStage('heilongjiang-city.jiaoyu', projectId, 'pre-assessment');
    expect(disabled.status).toBe(409);
    expect(disabled.body.error).toMatchObject({
      code: 'STAGE_PRECONDITION_FAILED',
      details: { rule: 'stage-enabled' },
    });
    expect((await startStage('heilongjiang-city.jiaoyu', projectId, 'target-declaration')).status).toBe(201);
    const twice = await startStage('heilongjiang-city.jiaoyu', projectId, 'target-declaration');
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('CONFLICT');
    expect((await startStage('heilongjiang-city.jiaoyu', projectId, 'no-such-stage')).status).toBe(404);
  });
});

describe('deadlines and timers', () => {
  it('flags overdue tasks, notifies once, and fires the reminder timer', async () => {
    const projectId = await createProject('heilongjiang-city.weijian');
    expect((await startStage('heilongjiang-city.yewu', projectId, 'monitoring')).status).toBe(201);
    let task = await taskFor('heilongjiang-city.weijian', projectId);
    expect(task).toMatchObject({ overdue: false, dueSoon: false });

    ctx.clock.advance(13 * 86400_000);
    await loginAll();
    await ctx.app.services.scheduler.runOnce();
    let notes = await ctx.http.get('/api/notifications').set(as('heilongjiang-city.weijian'));
    expect(notes.body.items.map((n: { title: string }) => n.title)).toContain(
      '绩效运行监控表即将到期，请尽快填报',
    );
    task = await taskFor('heilongjiang-city.weijian', projectId);
    expect(task).toMatchObject({ overdue: false, dueSoon: true });

    ctx.clock.advance(3 * 86400_000);
    await loginAll();
    const first = await ctx.app.services.scheduler.runOnce();
    expect(first.overdueNotified).toBeGreaterThanOrEqual(1);
    const second = await ctx.app.services.scheduler.runOnce();
    expect(second.overdueNotified).toBe(0);
    task = await taskFor('heilongjiang-city.weijian', projectId);
    expect(task.overdue).toBe(true);
    notes = await ctx.http.get('/api/notifications').set(as('heilongjiang-city.weijian'));
    const overdue = notes.body.items.filter(
      (n: { kind: string; taskId: string }) => n.kind === 'task.overdue' && n.taskId === task.id,
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0].title).toMatch(/^待办已逾期：/);
  });
});

describe('batch start', () => {
  it('starts a monitoring round for many projects and reports progress and failures', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push(await createProject(i % 2 ? 'heilongjiang-city.jiaoyu' : 'heilongjiang-city.weijian'));
    const foreign = await createProject('hailin.jiaoyu');
    const batchesBefore = await ctx.app.services.models.Batch.countDocuments();
    const refused = await ctx.http
      .post('/api/stages/monitoring/batches')
      .set(as('heilongjiang-city.yewu'))
      .send({ county: 'heilongjiang-city', projectIds: [...ids, foreign], round: '2026年半年监控' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { path: 'projectIds.6', message: '第 7 个项目不存在或不属于黑龙江某市市本级' },
    ]);
    expect(refused.text).not.toContain(foreign);
    expect(await ctx.app.services.models.Batch.countDocuments()).toBe(batchesBefore);

    const res = await ctx.http
      .post('/api/stages/monitoring/batches')
      .set(as('heilongjiang-city.yewu'))
      .send({ county: 'heilongjiang-city', projectIds: ids, round: '2026年半年监控' });
    expect(res.status).toBe(202);
    let batch = res.body;
    for (let i = 0; i < 100 && batch.status !== 'finished'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      batch = (await ctx.http.get(`/api/batches/${batch.id}`).set(as('heilongjiang-city.yewu'))).body;
    }
    expect(batch).toMatchObject({ status: 'finished', total: 6, done: 6 });
    expect(batch.started).toHaveLength(6);
    expect(batch.failed).toEqual([]);
    const jiaoyuTasks = (await inbox('heilongjiang-city.jiaoyu')).filter((t) => ids.includes(t.projectId));
    expect(jiaoyuTasks).toHaveLength(3);
    expect(
      (
        await ctx.http
          .post('/api/stages/monitoring/batches')
          .set(as('heilongjiang-city.jiaoyu'))
          .send({ county: 'heilongjiang-city', projectIds: ids })
      ).status,
    ).toBe(403);
  });
});
