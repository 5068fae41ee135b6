import { CountyRoute, example, selfEvaluation } from './helpers';
import { expectRefused, walkLoop } from './loop';

/** 长治市某局预算绩效管理办法. */
let r: CountyRoute;
beforeAll(async () => {
  r = await CountyRoute.open('changzhi-bureau');
});
afterAll(() => r.close());

describe('绩效目标 (第五条（一）、第十一条至第十三条): 业务科室 → 财务科审核 → 市财政部门复审', () => {
  test('财务科 returns, 市财政部门 returns for revision, the unit revises and 财务科 resubmits', async () => {
    const projectId = await r.createProject('yewu1');
    const id = await r.begin('yewu1', projectId, 'target-declaration');
    const declare = await r.task('yewu1', id, '填报绩效目标');
    const form = (await r.get('yewu1', `/api/tasks/${declare.id}`)).body.form;
    expect(form.schema.properties.indicators.items.properties.level1.enum).toContainEqual({
      label: '效果指标',
      value: '效益指标',
    });
    await r.complete('yewu1', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    expect(await r.openTasks(id)).toEqual({ 财务科审核: ['changzhi-bureau.caiwu'] });
    const review = await r.task('caiwu', id, '财务科审核');
    expect((await r.detail('caiwu', review.id)).task.reviewPoints).toEqual([
      '项目实施依据的充分性',
      '目标合理性及可行性',
      '资金预算的准确性',
      '实施计划的科学性',
    ]);
    await r.complete('caiwu', id, '财务科审核', 'return', { comment: '资金预算测算不准确，请重新调整' });
    await r.complete('yewu1', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('caiwu', id, '财务科审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ 市财政部门复审: ['changzhi-bureau.caizheng'] });
    await r.complete('caizheng', id, '市财政部门复审', 'return', { comment: '请按审核意见调整修订' });
    await r.complete('yewu1', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('caiwu', id, '财务科审核', 'approve');
    await r.complete('caizheng', id, '市财政部门复审', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效目标:submit:yewu1',
      '财务科审核:return:caiwu',
      '填报绩效目标:submit:yewu1',
      '财务科审核:approve:caiwu',
      '市财政部门复审:return:caizheng',
      '填报绩效目标:submit:yewu1',
      '财务科审核:approve:caiwu',
      '市财政部门复审:approve:caizheng',
    ]);
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '已确定' });
  });

  test('未按照规定重新填报的项目一律不列入预算申报 (第十一条)', async () => {
    const projectId = await r.createProject('jushu');
    const id = await r.begin('jushu', projectId, 'target-declaration');
    await r.complete('jushu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('caiwu', id, '财务科审核', 'reject', { comment: '未按规定重新填报' });
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '不列入预算申报' });
    // Stage order is a county rule (stages.<stage>.preconditions): no 监控 or 自评 of an item without a budget.
    await expectRefused(r, 'caiwu', projectId, 'monitoring', 'budget-arranged', '第十一条');
    await expectRefused(r, 'caiwu', projectId, 'self-evaluation', 'targets-approved');
  });
});

describe('绩效目标调整 (第十四条): 原则上不予调整，确需调整的按原申报程序', () => {
  test('财务科 → 市财政部门, who may refuse the adjustment', async () => {
    const projectId = await r.approvedProject('yewu2', {}, 'target-declaration');
    const id = await r.begin('yewu2', projectId, 'target-adjustment');
    await r.complete('yewu2', id, '填报绩效目标调整申请', 'submit', { data: example('target-adjustment') });
    expect(await r.openTasks(id)).toEqual({ 财务科审核: ['changzhi-bureau.caiwu'] });
    await r.complete('caiwu', id, '财务科审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ 市财政部门复审: ['changzhi-bureau.caizheng'] });
    await r.complete('caizheng', id, '市财政部门复审', 'reject', { comment: '无特殊原因，原则上不予调整' });
    expect(await r.stage(projectId, 'target-adjustment')).toMatchObject({ statusLabel: '不予调整' });
  });
});

describe('绩效运行跟踪监控 (第十六条至第十八条): 财务科审核汇总报送，发现偏差及时纠正', () => {
  test('财务科 finds a deviation, the unit corrects it, the summary goes to 市财政部门', async () => {
    const projectId = await r.createProject('yewu1');
    const id = await r.begin('caiwu', projectId, 'monitoring', '2026年第二季度');
    await r.complete('yewu1', id, '填报绩效运行监控表', 'submit', { data: example('monitoring') });
    expect(await r.openTasks(id)).toEqual({ 财务科审核汇总: ['changzhi-bureau.caiwu'] });
    await r.complete('caiwu', id, '财务科审核汇总', 'correct', { comment: '数量指标预计完不成' });
    await r.complete('yewu1', id, '采取措施纠正偏差', 'submit', { data: example('rectification-report') });
    await r.complete('caiwu', id, '财务科审核纠偏情况', 'approve');
    expect((await r.instance(id)).status).toBe('completed');
    expect(await r.notifications('caizheng')).toContain('绩效运行监控情况已审核汇总，报送市财政部门');
  });
});

describe('绩效自评价 (第十九条至第二十六条): 权重 10/50/30/10，专家评价，财务科审核汇总；较差的约谈、限期整改', () => {
  let experts: string[];
  beforeAll(async () => {
    experts = [
      'changzhi-bureau.zhuanjia',
      await r.addUser('zhuanjia', '2'),
      await r.addUser('zhuanjia', '3'),
    ];
  });

  test('专家 2 of 3 → 财务科审核汇总 → score on the project with the 第二十一条 weights', async () => {
    const projectId = await r.approvedProject('yewu1');
    const id = await r.begin('yewu1', projectId, 'self-evaluation');
    await r.complete('yewu1', id, '开展绩效自评价', 'submit', { data: selfEvaluation('good') });
    const view = await r.instance(id);
    expect(view.activeTasks.map((t) => t.name)).toEqual(Array(3).fill('专家现场评价和综合评价'));
    await r.complete(experts[0], id, '专家现场评价和综合评价', 'approve');
    await r.complete(experts[2], id, '专家现场评价和综合评价', 'approve');
    expect(await r.openTasks(id)).toEqual({ 财务科审核汇总: ['changzhi-bureau.caiwu'] });
    await r.complete('caiwu', id, '财务科审核汇总', 'approve');
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({ score: 89.5, grade: '良' });
    expect(await r.notifications('caizheng')).toContain('本局绩效自评总结报告已报送市财政部门');
  });

  test('points that do not follow the weights are refused', async () => {
    const projectId = await r.approvedProject('yewu2');
    const id = await r.begin('yewu2', projectId, 'self-evaluation');
    const data = selfEvaluation('good');
    (data.indicators as Record<string, unknown>[])[0].points = 10;
    const res = await r.act('yewu2', id, '开展绩效自评价', 'submit', { data });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: 'indicators',
      message: '产出指标分值合计40，应为50',
    });
  });

  test('差 → 财务科约谈 → 限期整改 → 整改不到位 → 调整项目或调减预算', async () => {
    const projectId = await r.approvedProject('jushu');
    const id = await r.begin('jushu', projectId, 'self-evaluation');
    await r.complete('jushu', id, '开展绩效自评价', 'submit', { data: selfEvaluation('poor') });
    for (const expert of experts.slice(0, 2))
      await r.complete(expert, id, '专家现场评价和综合评价', 'approve');
    await r.complete('caiwu', id, '财务科审核汇总', 'approve');
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({ score: 3.49, grade: '差' });
    expect(await r.openTasks(id)).toEqual({ 财务科开展绩效约谈: ['changzhi-bureau.caiwu'] });
    await r.complete('caiwu', id, '财务科开展绩效约谈', 'submit', { data: example('interview-record') });
    await r.complete('jushu', id, '限期整改并书面报告', 'submit', {
      data: { ...example('rectification-report'), status: '未完成整改', pendingReason: '资金未到位' },
    });
    await r.complete('caiwu', id, '财务科审核整改情况', 'failed', { comment: '整改不到位' });
    await r.complete('caiwu', id, '调整项目或调减预算直至取消', 'submit', {
      data: { ...example('feedback-notice'), noticeType: '整改通知', budgetConsequence: '压减' },
    });
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({
      statusLabel: '整改不到位',
      result: { budgetConsequence: '压减' },
    });
  });
});

describe('结果反馈与应用 (第二十四条至第二十六条): 整改通知、约谈、限期整改，不到位的调整或调减预算', () => {
  test('差 → 约谈 → 整改 → 财务科审核通过 → 报市财政部门', async () => {
    const projectId = await r.createProject('yewu1');
    const id = await r.begin('caiwu', projectId, 'result-application');
    await r.complete('caiwu', id, '财务科下达整改通知', 'submit', {
      data: { ...example('feedback-notice'), noticeType: '整改通知' },
    });
    expect(await r.openTasks(id)).toEqual({ 财务科开展绩效约谈: ['changzhi-bureau.caiwu'] });
    await r.complete('caiwu', id, '财务科开展绩效约谈', 'submit', { data: example('interview-record') });
    await r.complete('yewu1', id, '限期整改并书面报告', 'submit', { data: example('rectification-report') });
    await r.complete('caiwu', id, '财务科审核整改情况', 'approve');
    expect(await r.notifications('caizheng')).toContain('整改情况已经财务科审核，报送市财政部门');
    expect(await r.stage(projectId, 'result-application')).toMatchObject({ statusLabel: '整改完成' });
  });

  test('不整改或整改不到位: 调整项目或调减预算直至取消', async () => {
    const projectId = await r.createProject('yewu2');
    const id = await r.begin('caiwu', projectId, 'result-application');
    await r.complete('caiwu', id, '财务科下达整改通知', 'submit', {
      data: { ...example('feedback-notice'), noticeType: '整改通知', resultGrade: '中' },
    });
    expect(await r.openTasks(id)).toEqual({ 限期整改并书面报告: ['changzhi-bureau.yewu2'] });
    await r.complete('yewu2', id, '限期整改并书面报告', 'submit', { data: example('rectification-report') });
    await r.complete('caiwu', id, '财务科审核整改情况', 'failed', { comment: '整改流于形式' });
    await r.complete('caiwu', id, '调整项目或调减预算直至取消', 'submit', {
      data: { ...example('feedback-notice'), budgetConsequence: '取消' },
    });
    expect(await r.stage(projectId, 'result-application')).toMatchObject({
      statusLabel: '整改不到位',
      result: { budgetConsequence: '取消' },
    });
  });
});

describe('信息公开 (第十五条、第二十五条): 财务科检查公开情况', () => {
  test('限期整改 sends it back until it is published', async () => {
    const projectId = await r.createProject('jushu');
    const id = await r.begin('caiwu', projectId, 'disclosure');
    await r.complete('jushu', id, '公开绩效信息', 'submit', {
      data: {
        items: ['绩效自评结果'],
        status: '未按时公开',
        notPublishedReason: '未及时上传',
        rectificationDeadline: '2026-03-31',
      },
    });
    expect(await r.openTasks(id)).toEqual({ 检查公开情况: ['changzhi-bureau.caiwu'] });
    await r.complete('caiwu', id, '检查公开情况', 'rectify', { comment: '请于3月底前公开' });
    await r.complete('jushu', id, '公开绩效信息', 'submit', { data: example('disclosure') });
    await r.complete('caiwu', id, '检查公开情况', 'approve');
    expect(await r.stage(projectId, 'disclosure')).toMatchObject({ statusLabel: '已公开' });
  });
});

describe('全过程闭环: 批复的目标、调整、监控和自评在项目档案上前后相连', () => {
  test('申报 3 项指标 → 批复 → 调整 1 项 → 监控 → 按调整后的指标值自评', async () => {
    const { project } = await walkLoop(r, { department: 'yewu1', monitoringLauncher: 'caiwu' });
    // 预算执行率 95% × 10 + 产出 47.5 + 效果 30 + 满意度 10 (第二十二条 weights): 97, 优.
    expect(project.loop.reports['self-evaluation']).toMatchObject({
      targetVersion: 2,
      values: { totalScore: 97, grade: '优', executionRate: 95 },
    });
    expect(project.stages.find((s) => s.id === 'self-evaluation')).toMatchObject({ score: 97, grade: '优' });
  });
});
