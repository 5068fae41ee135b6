import { CountyRoute, example, installFundsHandlerIfMissing, selfEvaluation } from './helpers';
import { expectRefused, walkLoop } from './loop';

/** 奇台县全面实施预算绩效管理的工作方案（奇财预〔2018〕140号）. */
let r: CountyRoute;
let experts: string[];
beforeAll(async () => {
  r = await CountyRoute.open('qitai');
  installFundsHandlerIfMissing(r);
  experts = ['qitai.zhuanjia', await r.addUser('zhuanjia', '2'), await r.addUser('zhuanjia', '3')];
});
afterAll(() => r.close());

describe('事前绩效评估 (二（一）): 专家评审组会签，财政部门审核，必要时第三方独立评估', () => {
  test('a new major project needs the assessment before 绩效目标; a continuing one does not', async () => {
    const projectId = await r.createProject('jiaoyu', { major: true });
    expect((await r.start('jiaoyu', projectId, 'target-declaration')).body.error.code).toBe(
      'STAGE_PRECONDITION_FAILED',
    );
    const continuing = await r.createProject('jiaoyu', { major: true, category: 'continuing' });
    expect((await r.start('jiaoyu', continuing, 'target-declaration')).status).toBe(201);
  });

  test('2 of 3 experts approve → 财政部门 entrusts a third party → 审核通过 → gate lifted', async () => {
    const projectId = await r.createProject('jiaoyu', { major: true, amount: 860 });
    const id = await r.begin('jiaoyu', projectId, 'pre-assessment');
    await r.complete('jiaoyu', id, '填报事前绩效评估报告', 'submit', { data: example('pre-assessment') });
    const view = await r.instance(id);
    expect(view.activeTasks.map((t) => t.name)).toEqual([
      '专家评审组评审',
      '专家评审组评审',
      '专家评审组评审',
    ]);
    expect(view.activeTasks[0].candidates.map((c) => c.username).sort()).toEqual(experts.sort());
    await r.complete(experts[0], id, '专家评审组评审', 'approve');
    await r.complete(experts[1], id, '专家评审组评审', 'approve');
    // Two approvals complete the countersign; the third expert's task is withdrawn.
    expect(await r.openTasks(id)).toEqual({ 财政部门审核评估报告: ['qitai.caizheng'] });
    expect(await r.inbox(experts[2])).toEqual([]);
    await r.complete('caizheng', id, '财政部门审核评估报告', 'independent', {
      comment: '委托第三方机构独立开展评估',
    });
    expect(await r.openTasks(id)).toEqual({ 第三方机构独立评估: ['qitai.disanfang'] });
    await r.complete('disanfang', id, '第三方机构独立评估', 'submit', {
      data: { ...example('pre-assessment'), assessor: '委托第三方机构', conclusion: '完善后予以支持' },
    });
    await r.complete('caizheng', id, '财政部门审核评估报告', 'approve');
    expect(await r.route(id)).toEqual([
      '填报事前绩效评估报告:submit:jiaoyu',
      '专家评审组评审:approve:zhuanjia',
      '专家评审组评审:approve:zhuanjia2',
      '财政部门审核评估报告:independent:caizheng',
      '第三方机构独立评估:submit:disanfang',
      '财政部门审核评估报告:approve:caizheng',
    ]);
    expect(await r.stage(projectId, 'pre-assessment')).toMatchObject({
      statusLabel: '已评估',
      result: { conclusion: '完善后予以支持' },
    });
    expect((await r.start('jiaoyu', projectId, 'target-declaration')).status).toBe(201);
  });

  test('when most experts ask for changes the report goes back to the department', async () => {
    const projectId = await r.createProject('weijian', { major: true });
    const id = await r.begin('weijian', projectId, 'pre-assessment');
    await r.complete('weijian', id, '填报事前绩效评估报告', 'submit', { data: example('pre-assessment') });
    await r.complete(experts[0], id, '专家评审组评审', 'return', { comment: '筹资方案不明确' });
    await r.complete(experts[1], id, '专家评审组评审', 'approve');
    await r.complete(experts[2], id, '专家评审组评审', 'return', { comment: '绩效目标偏低' });
    expect(await r.openTasks(id)).toEqual({ 填报事前绩效评估报告: ['qitai.weijian'] });
    const task = await r.task('weijian', id, '填报事前绩效评估报告');
    const comments = (await r.detail('weijian', task.id)).history.map((h) => h.comment).filter(Boolean);
    expect(comments).toEqual(['筹资方案不明确', '绩效目标偏低']);
  });
});

describe('绩效目标 (二（二）2–3): 所属单位编报 → 主管部门审核 → 财政审核 → 随预算批复 → 报送人大', () => {
  test('主管部门 returns to the unit, 财政 approves, targets go to the 人大 with the budget', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    expect(await r.openTasks(id)).toEqual({ 主管部门审核所属单位绩效目标: ['qitai.jiaoyu'] });
    await r.complete('jiaoyu', id, '主管部门审核所属单位绩效目标', 'return', { comment: '请细化数量指标' });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('jiaoyu', id, '主管部门审核所属单位绩效目标', 'approve');
    expect(await r.openTasks(id)).toEqual({ 财政部门审核: ['qitai.caizheng'] });
    const review = await r.task('caizheng', id, '财政部门审核');
    expect((await r.detail('caizheng', review.id)).task.reviewPoints).toEqual([
      '可行性',
      '适当性',
      '相关性',
      '完整性',
    ]);
    await r.complete('caizheng', id, '财政部门审核', 'return', { comment: '绩效目标设置偏低' });
    expect(await r.openTasks(id)).toEqual({ 填报绩效目标: ['qitai.jiaoyu'] });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('jiaoyu', id, '主管部门审核所属单位绩效目标', 'approve');
    await r.complete('caizheng', id, '财政部门审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ 随预算同步批复: ['qitai.caizheng'] });
    await r.complete('caizheng', id, '随预算同步批复', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效目标:submit:jiaoyu',
      '主管部门审核所属单位绩效目标:return:jiaoyu',
      '填报绩效目标:submit:jiaoyu',
      '主管部门审核所属单位绩效目标:approve:jiaoyu',
      '财政部门审核:return:caizheng',
      '填报绩效目标:submit:jiaoyu',
      '主管部门审核所属单位绩效目标:approve:jiaoyu',
      '财政部门审核:approve:caizheng',
      '随预算同步批复:approve:caizheng',
    ]);
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '已批复' });
    expect(await r.notifications('renda')).toContain('审核确定的绩效目标随预算草案同步报送县人大');
  });

  test('无绩效目标或设置不合理的，不安排预算', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('weijian', projectId, 'target-declaration');
    await r.complete('weijian', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('weijian', id, '主管部门审核所属单位绩效目标', 'approve');
    await r.complete('caizheng', id, '财政部门审核', 'reject', { comment: '绩效目标设置不合理' });
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '不安排预算' });
    // Stage order is a county rule (stages.<stage>.preconditions): no 监控 or 自评 of an item without a budget.
    await expectRefused(r, 'caizheng', projectId, 'monitoring', 'budget-arranged', '二（二）');
    await expectRefused(r, 'caizheng', projectId, 'self-evaluation', 'targets-approved');
  });

  test('部门整体绩效目标 is reviewed by 财政 on its own form', async () => {
    const projectId = await r.createProject('weijian', { kind: 'department', name: '部门整体支出' });
    const id = await r.begin('weijian', projectId, 'target-declaration');
    await r.complete('weijian', id, '填报部门整体绩效目标', 'submit', {
      data: example('department-target-declaration'),
    });
    expect(await r.openTasks(id)).toEqual({ 财政部门审核整体绩效目标: ['qitai.caizheng'] });
    await r.complete('caizheng', id, '财政部门审核整体绩效目标', 'approve');
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({
      statusLabel: '整体绩效目标已审核',
    });
  });
});

describe('绩效运行监控 (二（三）): 按月“双监控”，严重问题暂缓或停止拨款并督促整改', () => {
  test('month 1: funds held while the department rectifies; the next month opens a month later; 12月 ends the year', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'monitoring', '2026年');
    const month1 = { ...example('monitoring'), periodMonth: 1 };
    await r.complete('jiaoyu', id, '填报月度“双监控”表', 'submit', { data: month1 });
    expect(await r.openTasks(id)).toEqual({ 财政部门审核监控结果: ['qitai.caizheng'] });
    await r.complete('caizheng', id, '财政部门审核监控结果', 'hold', { comment: '资金使用不合规，暂缓拨款' });
    expect(await r.openTasks(id)).toEqual({ 落实整改: ['qitai.jiaoyu'] });
    expect((await r.stage(projectId, 'monitoring')).result).toMatchObject({ fundsStatus: '暂缓拨款' });

    await r.advanceDays(31);
    expect(await r.openTasks(id)).toEqual({
      落实整改: ['qitai.jiaoyu'],
      '填报月度“双监控”表': ['qitai.jiaoyu'],
    });
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '财政部门审核整改情况', 'return', { comment: '整改不到位' });
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '财政部门审核整改情况', 'approve');
    expect((await r.stage(projectId, 'monitoring')).result).toMatchObject({ fundsStatus: '恢复拨款' });

    await r.complete('jiaoyu', id, '填报月度“双监控”表', 'submit', {
      data: { ...example('monitoring'), periodMonth: 12 },
    });
    await r.complete('caizheng', id, '财政部门审核监控结果', 'approve');
    expect((await r.instance(id)).status).toBe('completed');
  });

  test('monthly columns are required in qitai', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('caizheng', projectId, 'monitoring', '2026年');
    const data = { ...example('monitoring') };
    delete data.monthExecuted;
    const res = await r.act('weijian', id, '填报月度“双监控”表', 'submit', { data });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'monthExecuted', message: '该字段是必填字段' }]);
  });

  test('a department’s 整体绩效目标 is monitored at the end of June; 整改 when 财政部门 asks for it', async () => {
    const projectId = await r.createProject('weijian', {
      kind: 'department',
      name: '县卫生健康委员会部门整体',
    });
    const id = await r.begin('caizheng', projectId, 'monitoring', '2026年6月底');
    await r.complete('weijian', id, '填报部门整体绩效目标监控（6月底）', 'submit', {
      data: { ...example('monitoring'), periodMonth: 6 },
    });
    await r.complete('caizheng', id, '财政部门审核整体监控结果', 'rectify', { comment: '整体目标进度滞后' });
    await r.complete('weijian', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '财政部门审核整改情况', 'approve');
    expect((await r.instance(id)).status).toBe('completed');
  });
});

describe('绩效自评 (二（四）、二（五）): 财政部门审核真实性、完整性并确定等级；差的调减或取消', () => {
  test('财政部门 returns once, confirms 差, then cuts the funds', async () => {
    const projectId = await r.approvedProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'self-evaluation');
    await r.complete('jiaoyu', id, '开展绩效自评', 'submit', { data: selfEvaluation('poor') });
    const review = await r.task('caizheng', id, '财政部门审核并确定评价等级');
    expect((await r.detail('caizheng', review.id)).task.reviewPoints).toEqual(['真实性', '完整性']);
    await r.complete('caizheng', id, '财政部门审核并确定评价等级', 'return', { comment: '佐证材料不完整' });
    await r.complete('jiaoyu', id, '开展绩效自评', 'submit', { data: selfEvaluation('poor') });
    await r.complete('caizheng', id, '财政部门审核并确定评价等级', 'approve');
    expect(await r.openTasks(id)).toEqual({ 财政部门调减或取消项目资金: ['qitai.caizheng'] });
    await r.complete('caizheng', id, '财政部门调减或取消项目资金', 'submit', {
      data: example('feedback-notice'),
    });
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({
      grade: '差',
      result: { budgetConsequence: '压减' },
    });
  });
});

describe('绩效评价 (二（四）): 财政部门确定评价等级，必要时引入第三方机构', () => {
  test('财政部门 evaluates itself; a third party when the plan entrusts one', async () => {
    const own = await r.createProject('jiaoyu');
    const ownId = await r.begin('caizheng', own, 'evaluation');
    const plan = { ...example('evaluation-plan'), organization: '自行组织' };
    delete plan.thirdPartyName;
    await r.complete('caizheng', ownId, '制定评价工作方案', 'submit', { data: plan });
    await r.complete('caizheng', ownId, '财政部门开展评价', 'submit', {
      data: { ...example('evaluation-report'), evaluator: '财政部门', thirdPartyName: undefined },
    });
    expect(await r.stage(own, 'evaluation')).toMatchObject({ statusLabel: '已评价', grade: '良' });

    const entrusted = await r.createProject('weijian');
    const id = await r.begin('caizheng', entrusted, 'evaluation');
    await r.complete('caizheng', id, '制定评价工作方案', 'submit', { data: example('evaluation-plan') });
    await r.complete('disanfang', id, '第三方机构开展评价', 'submit', { data: example('evaluation-report') });
    await r.complete('caizheng', id, '财政部门审核第三方评价报告', 'return', { comment: '评价方法说明不足' });
    expect(await r.openTasks(id)).toEqual({ 第三方机构开展评价: ['qitai.disanfang'] });
    await r.complete('disanfang', id, '第三方机构开展评价', 'submit', { data: example('evaluation-report') });
    await r.complete('caizheng', id, '财政部门审核第三方评价报告', 'approve');
    expect(await r.stage(entrusted, 'evaluation')).toMatchObject({ score: 85, grade: '良' });
  });
});

describe('结果应用和信息公开', () => {
  test('财政部门 links the result to the budget; the department rectifies; 整改 checked', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'result-application');
    await r.complete('caizheng', id, '财政部门提出结果应用意见', 'submit', {
      data: example('feedback-notice'),
    });
    expect(await r.notifications('jiaoyu')).toContain('绩效评价结果反馈告知书已印发，请按期整改');
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    expect(await r.openTasks(id)).toEqual({ 审核整改情况: ['qitai.caizheng'] });
    await r.complete('caizheng', id, '审核整改情况', 'return', { comment: '请补充佐证材料' });
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '审核整改情况', 'approve');
    expect(await r.stage(projectId, 'result-application')).toMatchObject({
      statusLabel: '整改完成',
      result: { budgetConsequence: '压减', resultGrade: '差' },
    });
  });

  test('公开 is checked and 限期整改 when missing', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('caizheng', projectId, 'disclosure');
    await r.complete('weijian', id, '公开绩效信息', 'submit', {
      data: {
        items: ['部门整体支出绩效目标'],
        status: '未按时公开',
        notPublishedReason: '漏报',
        rectificationDeadline: '2026-03-31',
      },
    });
    await r.complete('caizheng', id, '检查公开情况', 'rectify', { comment: '限期公开' });
    await r.complete('weijian', id, '公开绩效信息', 'submit', { data: example('disclosure') });
    await r.complete('caizheng', id, '检查公开情况', 'approve');
    expect(await r.stage(projectId, 'disclosure')).toMatchObject({ statusLabel: '已公开' });
  });
});

describe('全过程闭环: 批复的目标、调整、监控和自评在项目档案上前后相连', () => {
  test('申报 3 项指标 → 批复 → 监控 → 按批复的指标值自评', async () => {
    const { project } = await walkLoop(r, {
      department: 'jiaoyu',
      monitoringLauncher: 'caizheng',
      adjusts: false,
      monitoringMonth: 12,
    });
    // No 绩效目标调整 stage in qitai: 预算执行率 95% × 10 + 38 + 30 + 10 against version 1: 87.5, 良.
    expect(project.loop.reports['self-evaluation']).toMatchObject({
      targetVersion: 1,
      values: { totalScore: 87.5, grade: '良', executionRate: 95 },
    });
    expect(project.stages.find((s) => s.id === 'self-evaluation')).toMatchObject({
      score: 87.5,
      grade: '良',
    });
  });
});
