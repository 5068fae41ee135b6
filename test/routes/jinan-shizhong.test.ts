import { CountyRoute, example, installFundsHandlerIfMissing, selfEvaluation } from './helpers';
import { expectRefused, walkLoop } from './loop';

/** 济南市市中区区级部门单位预算绩效管理办法（市中政办字〔2019〕36号）. */
let r: CountyRoute;
beforeAll(async () => {
  r = await CountyRoute.open('jinan-shizhong');
  installFundsHandlerIfMissing(r);
});
afterAll(() => r.close());

describe('事前绩效评估 (第九条): 新增重大项目须评估，结果差的不纳入项目库', () => {
  test('区财政部门 entrusts a third party, whose poor result keeps the project out', async () => {
    const projectId = await r.createProject('jiaoyu', { major: true });
    expect((await r.start('jiaoyu', projectId, 'target-declaration')).status).toBe(409);
    const id = await r.begin('jiaoyu', projectId, 'pre-assessment');
    await r.complete('jiaoyu', id, '填报事前绩效评估报告', 'submit', { data: example('pre-assessment') });
    expect(await r.openTasks(id)).toEqual({ 区财政部门审核评估报告: ['jinan-shizhong.caizheng'] });
    await r.complete('caizheng', id, '区财政部门审核评估报告', 'independent', {
      comment: '请第三方独立评估',
    });
    await r.complete('disanfang', id, '第三方机构独立评估', 'submit', {
      data: { ...example('pre-assessment'), assessor: '委托第三方机构', conclusion: '不予支持' },
    });
    await r.complete('caizheng', id, '区财政部门审核评估报告', 'reject', {
      comment: '评估结果差，不纳入项目库',
    });
    expect(await r.stage(projectId, 'pre-assessment')).toMatchObject({
      statusLabel: '不予支持',
      result: { conclusion: '不予支持' },
    });
    expect((await r.start('jiaoyu', projectId, 'target-declaration')).status).toBe(409);
  });

  test('a continuing project is not gated (第九条 names new ones only)', async () => {
    const projectId = await r.createProject('weijian', { major: true, category: 'continuing' });
    expect((await r.start('weijian', projectId, 'target-declaration')).status).toBe(201);
  });
});

describe('绩效目标 (第十条、第十一条): 所属单位编报 → 主管部门审核 → 财政审核 → 随预算批复 → 报送人大', () => {
  test('主管部门 returns to the unit, 财政 approves, targets go to the 人大 with the budget', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    expect(await r.openTasks(id)).toEqual({ 区业务主管部门审核: ['jinan-shizhong.jiaoyu'] });
    await r.complete('jiaoyu', id, '区业务主管部门审核', 'return', { comment: '请细化数量指标' });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('jiaoyu', id, '区业务主管部门审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ 区财政部门审核: ['jinan-shizhong.caizheng'] });
    const review = await r.task('caizheng', id, '区财政部门审核');
    expect((await r.detail('caizheng', review.id)).task.reviewPoints).toEqual([
      '国家相关政策',
      '区委区政府重点工作安排',
      '预算支出方向和支出重点',
    ]);
    await r.complete('caizheng', id, '区财政部门审核', 'return', { comment: '绩效目标设置偏低' });
    expect(await r.openTasks(id)).toEqual({ 填报绩效目标: ['jinan-shizhong.jiaoyu'] });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('jiaoyu', id, '区业务主管部门审核', 'approve');
    await r.complete('caizheng', id, '区财政部门审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ 批复下达绩效目标: ['jinan-shizhong.caizheng'] });
    await r.complete('caizheng', id, '批复下达绩效目标', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效目标:submit:jiaoyu',
      '区业务主管部门审核:return:jiaoyu',
      '填报绩效目标:submit:jiaoyu',
      '区业务主管部门审核:approve:jiaoyu',
      '区财政部门审核:return:caizheng',
      '填报绩效目标:submit:jiaoyu',
      '区业务主管部门审核:approve:jiaoyu',
      '区财政部门审核:approve:caizheng',
      '批复下达绩效目标:approve:caizheng',
    ]);
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '已批复' });
    expect(await r.notifications('renda')).toContain('重大政策和项目绩效目标与预算草案同步报送区人大');
    expect(await r.notifications('jiwei')).toContain('重大政策和项目绩效目标与预算草案同步报送区人大');
    expect(await r.notifications('zuzhi')).toContain('重大政策和项目绩效目标与预算草案同步报送区人大');
    expect(await r.notifications('shenji')).toContain('重大政策和项目绩效目标与预算草案同步报送区人大');
  });

  test('无绩效目标或设置不合理的，不安排预算', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('weijian', projectId, 'target-declaration');
    await r.complete('weijian', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('weijian', id, '区业务主管部门审核', 'approve');
    await r.complete('caizheng', id, '区财政部门审核', 'reject', { comment: '绩效目标设置不合理' });
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '不安排预算' });
    // Stage order is a county rule (stages.<stage>.preconditions): no 监控 or 自评 of an item without a budget.
    await expectRefused(r, 'caizheng', projectId, 'monitoring', 'budget-arranged', '第十一条');
    await expectRefused(r, 'caizheng', projectId, 'self-evaluation', 'targets-approved');
  });

  test('部门整体绩效目标 is reviewed by 财政 on its own form', async () => {
    const projectId = await r.createProject('weijian', { kind: 'department', name: '部门整体支出' });
    const id = await r.begin('weijian', projectId, 'target-declaration');
    await r.complete('weijian', id, '填报部门整体绩效目标', 'submit', {
      data: example('department-target-declaration'),
    });
    expect(await r.openTasks(id)).toEqual({ 区财政部门审核整体绩效目标: ['jinan-shizhong.caizheng'] });
    await r.complete('caizheng', id, '区财政部门审核整体绩效目标', 'approve');
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({
      statusLabel: '整体绩效目标已审核',
    });
  });
});

test('the 绩效目标申报表 requires the three 共性指标 with their values (第十条)', async () => {
  const projectId = await r.createProject('jiaoyu');
  const id = await r.begin('jiaoyu', projectId, 'target-declaration');
  const data = { ...example('target-declaration') };
  delete data.commonIndicators;
  const res = await r.act('jiaoyu', id, '填报绩效目标', 'submit', { data });
  expect(res.status).toBe(400);
  expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
    'commonIndicators.0.target',
    'commonIndicators.1.target',
    'commonIndicators.2.target',
  ]);
});

describe('绩效目标调整 (第十一条): 区业务主管部门提出申请，按预算管理流程报批', () => {
  test('区财政部门审核后批复；退回时回到申请部门', async () => {
    const projectId = await r.approvedProject('weijian', {}, 'target-declaration');
    const id = await r.begin('weijian', projectId, 'target-adjustment');
    await r.complete('weijian', id, '填报绩效目标调整申请', 'submit', { data: example('target-adjustment') });
    await r.complete('caizheng', id, '初审', 'approve');
    await r.complete('caizheng', id, '批复调整', 'return', { comment: '请补充政策变化依据' });
    expect(await r.openTasks(id)).toEqual({ 填报绩效目标调整申请: ['jinan-shizhong.weijian'] });
    await r.complete('weijian', id, '填报绩效目标调整申请', 'submit', { data: example('target-adjustment') });
    await r.complete('caizheng', id, '初审', 'approve');
    await r.complete('caizheng', id, '批复调整', 'approve');
    expect(await r.stage(projectId, 'target-adjustment')).toMatchObject({ statusLabel: '已调整' });
  });
});

describe('跟踪监控问效 (第十三条、第十四条): 预警整改，整改后仍不到位的停止拨款并收回', () => {
  test('预警通报 → 整改 → 仍不到位 → 停止拨款并收回已拨资金', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'monitoring', '2026年上半年');
    await r.complete('jiaoyu', id, '填报绩效运行监控表', 'submit', { data: example('monitoring') });
    await r.complete('caizheng', id, '区财政部门跟踪监控问效', 'warn', { comment: '支出进度缓慢' });
    expect(await r.notifications('jiaoyu')).toContain('绩效预警：未达到绩效目标或执行进度，请限期整改');
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '区财政部门审核整改情况', 'failed', { comment: '整改后仍不到位' });
    expect((await r.stage(projectId, 'monitoring')).result).toMatchObject({ fundsStatus: '停止拨款' });
    expect((await r.instance(id)).status).toBe('completed');
  });

  test('预计年底无法支出的资金精准清理收回', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('caizheng', projectId, 'monitoring', '2026年前三季度');
    await r.complete('weijian', id, '填报绩效运行监控表', 'submit', { data: example('monitoring') });
    await r.complete('caizheng', id, '区财政部门跟踪监控问效', 'recover');
    expect((await r.stage(projectId, 'monitoring')).result).toMatchObject({ fundsStatus: '收回资金' });
  });
});

describe('绩效自评 (第十五条、第十二条): 区业务主管部门审核后报区财政部门；低效无效的削减或取消', () => {
  test('良 goes to 区财政部门 for 抽查复核; 差 is cut', async () => {
    const good = await r.approvedProject('jiaoyu');
    const goodId = await r.begin('jiaoyu', good, 'self-evaluation');
    await r.complete('jiaoyu', goodId, '开展绩效自评', 'submit', { data: selfEvaluation('good') });
    expect(await r.openTasks(goodId)).toEqual({ 区业务主管部门审核: ['jinan-shizhong.jiaoyu'] });
    await r.complete('jiaoyu', goodId, '区业务主管部门审核', 'approve');
    expect(await r.stage(good, 'self-evaluation')).toMatchObject({ score: 89.5, grade: '良' });
    expect(await r.notifications('caizheng')).toContain('绩效自评结果已报送区财政部门，供抽查复核');

    const poor = await r.approvedProject('weijian');
    const id = await r.begin('weijian', poor, 'self-evaluation');
    await r.complete('weijian', id, '开展绩效自评', 'submit', { data: selfEvaluation('poor') });
    await r.complete('weijian', id, '区业务主管部门审核', 'approve');
    await r.complete('caizheng', id, '区财政部门削减或取消', 'submit', {
      data: { ...example('feedback-notice'), budgetConsequence: '取消' },
    });
    expect(await r.stage(poor, 'self-evaluation')).toMatchObject({
      grade: '差',
      result: { budgetConsequence: '取消' },
    });
  });
});

describe('绩效评价 (第十五条、第十六条): 部门重点评价、区财政部门抽查复核；差或差异较大的通报', () => {
  test('抽查复核 finds 自评 and 抽评 far apart: the department and 五方 are told', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'evaluation');
    const plan = { ...example('evaluation-plan'), evaluationType: '抽查复核', organization: '自行组织' };
    delete plan.thirdPartyName;
    await r.complete('caizheng', id, '区财政部门制定评价方案', 'submit', { data: plan });
    const report = { ...example('evaluation-report'), evaluationType: '抽查复核', evaluator: '财政部门' };
    delete report.thirdPartyName;
    await r.complete('caizheng', id, '区财政部门抽查复核或重点评价', 'report', { data: report });
    expect(await r.stage(projectId, 'evaluation')).toMatchObject({
      score: 85,
      result: { evaluationType: '抽查复核' },
    });
    for (const unit of ['jiaoyu', 'renda', 'jiwei'])
      expect(await r.notifications(unit)).toContain('抽评结果为差或自评与抽评结果差异较大，予以通报');
  });

  test('部门重点评价 with a poor result is 通报ed too', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('caizheng', projectId, 'evaluation');
    const plan = { ...example('evaluation-plan'), evaluationType: '部门评价', organization: '自行组织' };
    delete plan.thirdPartyName;
    await r.complete('caizheng', id, '区财政部门制定评价方案', 'submit', { data: plan });
    const report = {
      ...example('evaluation-report'),
      evaluationType: '部门评价',
      evaluator: '预算部门',
      outputScore: 10,
      benefitScore: 8,
    };
    delete report.thirdPartyName;
    await r.complete('weijian', id, '区业务主管部门开展重点评价', 'submit', { data: report });
    await r.complete('caizheng', id, '区财政部门审核重点评价报告', 'approve');
    expect(await r.stage(projectId, 'evaluation')).toMatchObject({ score: 49, grade: '差' });
    expect(await r.notifications('weijian')).toContain('抽评结果为差或自评与抽评结果差异较大，予以通报');
  });
});

describe('结果应用 (第十七条、第十九条) 和信息公开 (第十八条)', () => {
  test('整改不落实 is referred for 问责', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'result-application');
    await r.complete('caizheng', id, '区财政部门反馈评价结果', 'submit', {
      data: example('feedback-notice'),
    });
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '区财政部门审核整改情况', 'accountability', { comment: '拒不整改' });
    expect(await r.stage(projectId, 'result-application')).toMatchObject({ statusLabel: '已提请问责' });
    expect(await r.notifications('jiwei')).toContain('整改不落实，提请纪检监察部门问责');
  });

  test('整改到位: the results go to 区人大', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('caizheng', projectId, 'result-application');
    await r.complete('caizheng', id, '区财政部门反馈评价结果', 'submit', {
      data: example('feedback-notice'),
    });
    await r.complete('weijian', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('caizheng', id, '区财政部门审核整改情况', 'approve');
    expect(await r.notifications('renda')).toContain('绩效评价结果及整改情况报送区人大');
    expect(await r.stage(projectId, 'result-application')).toMatchObject({ statusLabel: '整改完成' });
  });

  test('公开 checked by 区财政部门', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'disclosure');
    await r.complete('jiaoyu', id, '公开绩效信息', 'submit', { data: example('disclosure') });
    expect(await r.openTasks(id)).toEqual({ 检查公开情况: ['jinan-shizhong.caizheng'] });
    await r.complete('caizheng', id, '检查公开情况', 'approve');
    expect(await r.stage(projectId, 'disclosure')).toMatchObject({ statusLabel: '已公开' });
  });
});

describe('全过程闭环: 批复的目标、调整、监控和自评在项目档案上前后相连', () => {
  test('申报 3 项指标 → 批复 → 调整 1 项 → 监控 → 按调整后的指标值自评', async () => {
    const { project } = await walkLoop(r, { department: 'jiaoyu', monitoringLauncher: 'caizheng' });
    // 预算执行率 95% × 10 + 47.5 + 30 + 10 (the county's weights and bands): 97, 优.
    expect(project.loop.reports['self-evaluation']).toMatchObject({
      targetVersion: 2,
      values: { totalScore: 97, grade: '优', executionRate: 95 },
    });
    expect(project.stages.find((s) => s.id === 'self-evaluation')).toMatchObject({ score: 97, grade: '优' });
  });
});
