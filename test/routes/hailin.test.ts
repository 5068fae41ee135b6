import { Workbook } from 'exceljs';
import { CountyRoute, example, installFundsHandlerIfMissing, selfEvaluation } from './helpers';
import { expectRefused, walkLoop } from './loop';

/** 海林市 2021 年预算绩效管理提质增效行动方案（海财发〔2021〕14号）. */
let r: CountyRoute;
beforeAll(async () => {
  r = await CountyRoute.open('hailin');
  installFundsHandlerIfMissing(r);
});
afterAll(() => r.close());

describe('事前绩效评估 (二（二）): 500万元及以上的重大新增、调整、延续事项须先评估', () => {
  test.each([
    ['new', 500],
    ['adjusted', 800],
    ['continuing', 1200],
  ])('a major %s item of %d万元 cannot start 绩效目标 before 事前绩效评估', async (category, amount) => {
    const projectId = await r.createProject('jiaoyu', { category, amount, major: true });
    const res = await r.start('jiaoyu', projectId, 'target-declaration');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'STAGE_PRECONDITION_FAILED',
      details: { rule: 'pre-assessment-gate', requires: { stage: 'pre-assessment' } },
    });
  });

  test('below 500万元 or not major, no assessment is needed', async () => {
    const small = await r.createProject('jiaoyu', { amount: 499.99, major: true });
    expect((await r.start('jiaoyu', small, 'target-declaration')).status).toBe(201);
    const minor = await r.createProject('jiaoyu', { amount: 900, major: false });
    expect((await r.start('jiaoyu', minor, 'target-declaration')).status).toBe(201);
  });

  test('部门填报 → 财政局审核 (退回 with reason) → 予以支持 lifts the gate', async () => {
    const projectId = await r.createProject('jiaoyu', { amount: 860, major: true });
    const id = await r.begin('jiaoyu', projectId, 'pre-assessment');
    expect(await r.openTasks(id)).toEqual({ 填报事前绩效评估报告: ['hailin.jiaoyu'] });
    await r.complete('jiaoyu', id, '填报事前绩效评估报告', 'submit', { data: example('pre-assessment') });
    expect(await r.openTasks(id)).toEqual({ 财政审核评估报告: ['hailin.caizheng'] });
    const review = await r.task('caizheng', id, '财政审核评估报告');
    expect((await r.detail('caizheng', review.id)).task.reviewPoints).toEqual([
      '立项必要性',
      '投入经济性',
      '绩效目标合理性',
      '实施方案可行性',
      '筹资合规性',
    ]);
    const noReason = await r.act('caizheng', id, '财政审核评估报告', 'return');
    expect(noReason.status).toBe(400);
    await r.complete('caizheng', id, '财政审核评估报告', 'return', { comment: '投入经济性测算依据不足' });
    const again = await r.task('jiaoyu', id, '填报事前绩效评估报告');
    expect((await r.detail('jiaoyu', again.id)).history).toContainEqual(
      expect.objectContaining({
        actor: 'hailin.caizheng',
        outcome: 'return',
        comment: '投入经济性测算依据不足',
      }),
    );
    await r.complete('jiaoyu', id, '填报事前绩效评估报告', 'submit', { data: example('pre-assessment') });
    await r.complete('caizheng', id, '财政审核评估报告', 'approve');
    expect(await r.route(id)).toEqual([
      '填报事前绩效评估报告:submit:jiaoyu',
      '财政审核评估报告:return:caizheng',
      '填报事前绩效评估报告:submit:jiaoyu',
      '财政审核评估报告:approve:caizheng',
    ]);
    expect(await r.stage(projectId, 'pre-assessment')).toMatchObject({
      status: 'completed',
      statusLabel: '已评估',
      result: { conclusion: '予以支持' },
    });
    expect((await r.start('jiaoyu', projectId, 'target-declaration')).status).toBe(201);
  });

  test('不予支持: the item may not apply for a budget', async () => {
    const projectId = await r.createProject('weijian', { amount: 600, major: true, category: 'continuing' });
    const id = await r.begin('weijian', projectId, 'pre-assessment');
    await r.complete('weijian', id, '填报事前绩效评估报告', 'submit', { data: example('pre-assessment') });
    await r.complete('caizheng', id, '财政审核评估报告', 'reject', { comment: '政策到期，目标已完成' });
    expect(await r.stage(projectId, 'pre-assessment')).toMatchObject({
      statusLabel: '不予支持',
      result: { conclusion: '不予支持' },
    });
    expect((await r.start('weijian', projectId, 'target-declaration')).status).toBe(409);
  });
});

describe('绩效目标 (二（三）): 主管业务科室初审 → 财政局批复，重要目标重点审核并报送人大', () => {
  test('部门申报 → 初审退回 → 再报 → 初审通过 → 财政局批复', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    expect(await r.openTasks(id)).toEqual({ 填报绩效目标: ['hailin.jiaoyu'] });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    expect(await r.openTasks(id)).toEqual({ 初审: ['hailin.yewu'] });
    await r.complete('yewu', id, '初审', 'return', { comment: '满意度指标值偏低' });
    expect(await r.openTasks(id)).toEqual({ 填报绩效目标: ['hailin.jiaoyu'] });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('yewu', id, '初审', 'approve');
    expect(await r.openTasks(id)).toEqual({ 批复: ['hailin.caizheng'] });
    await r.complete('caizheng', id, '批复', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效目标:submit:jiaoyu',
      '初审:return:yewu',
      '填报绩效目标:submit:jiaoyu',
      '初审:approve:yewu',
      '批复:approve:caizheng',
    ]);
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({
      status: 'completed',
      statusLabel: '已批复',
    });
  });

  test('a major target gets 重点审核 and is reported to 市人大 with the budget', async () => {
    const projectId = await r.createProject('weijian', { major: true, amount: 300 });
    const id = await r.begin('weijian', projectId, 'target-declaration');
    await r.complete('weijian', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('yewu', id, '初审', 'approve');
    expect(await r.openTasks(id)).toEqual({ 重点审核: ['hailin.caizheng'] });
    await r.complete('caizheng', id, '重点审核', 'return', { comment: '成本指标缺少测算依据' });
    await r.complete('weijian', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('yewu', id, '初审', 'approve');
    await r.complete('caizheng', id, '重点审核', 'approve');
    await r.complete('caizheng', id, '批复', 'approve');
    expect((await r.instance(id)).status).toBe('completed');
    expect(await r.notifications('renda')).toContain('重要绩效目标随年初预算同步报送市人大');
  });

  test('不安排预算 when 财政局 refuses the targets (绩效目标是预算安排的前置条件)', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('yewu', id, '初审', 'approve');
    await r.complete('caizheng', id, '批复', 'reject', { comment: '绩效目标与资金规模不匹配' });
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '不安排预算' });
    // Stage order is a county rule (stages.<stage>.preconditions): no 监控 or 自评 of an item without a budget.
    await expectRefused(r, 'yewu', projectId, 'monitoring', 'budget-arranged', '二（三）');
    await expectRefused(r, 'yewu', projectId, 'self-evaluation', 'targets-approved');
  });

  test('a department’s 整体支出 uses the 部门整体支出绩效目标申报表 and is reviewed by 财政局', async () => {
    const projectId = await r.createProject('jiaoyu', { kind: 'department', name: '市教育局部门整体支出' });
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    const task = await r.task('jiaoyu', id, '填报部门整体绩效目标');
    expect((await r.get('jiaoyu', `/api/tasks/${task.id}`)).body.form.id).toBe(
      'department-target-declaration',
    );
    await r.complete('jiaoyu', id, '填报部门整体绩效目标', 'submit', {
      data: example('department-target-declaration'),
    });
    expect(await r.openTasks(id)).toEqual({ 审核部门整体绩效目标: ['hailin.caizheng'] });
    await r.complete('caizheng', id, '审核部门整体绩效目标', 'approve');
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({ statusLabel: '已批复' });
    expect(await r.notifications('renda')).toContain('重要绩效目标随年初预算同步报送市人大');
  });
});

describe('绩效目标调整 (二（三）): 项目内容变化的同步调整绩效目标', () => {
  test('主管业务科室初审 → 财政局批复调整', async () => {
    const projectId = await r.approvedProject('jiaoyu', {}, 'target-declaration');
    const id = await r.begin('jiaoyu', projectId, 'target-adjustment');
    await r.complete('jiaoyu', id, '填报绩效目标调整申请', 'submit', { data: example('target-adjustment') });
    expect(await r.openTasks(id)).toEqual({ 初审: ['hailin.yewu'] });
    await r.complete('yewu', id, '初审', 'approve');
    expect(await r.openTasks(id)).toEqual({ 批复调整: ['hailin.caizheng'] });
    await r.complete('caizheng', id, '批复调整', 'approve');
    expect(await r.stage(projectId, 'target-adjustment')).toMatchObject({ statusLabel: '已调整' });
  });
});

describe('绩效运行监控 (二（四）): 上半年和前三季度集中监控，偏差处置，未有效纠正的盘活收回', () => {
  test('two rounds for one project; a deviation not corrected is recovered', async () => {
    const projectId = await r.createProject('weijian');
    const half = await r.begin('yewu', projectId, 'monitoring', '2026年上半年');
    const three = await r.begin('yewu', projectId, 'monitoring', '2026年前三季度');
    await r.complete('weijian', half, '填报绩效运行监控表', 'submit', { data: example('monitoring') });
    await r.complete('yewu', half, '主管业务科室审核', 'approve');
    expect((await r.instance(half)).status).toBe('completed');

    await r.complete('weijian', three, '填报绩效运行监控表', 'submit', {
      data: { ...example('monitoring'), periodMonth: 9 },
    });
    await r.complete('yewu', three, '主管业务科室审核', 'deviation', { comment: '执行慢于序时进度' });
    expect(await r.openTasks(three)).toEqual({
      '采取处置措施（暂停实施或申请调减预算）': ['hailin.weijian'],
    });
    await r.complete('weijian', three, '采取处置措施（暂停实施或申请调减预算）', 'submit', {
      data: { ...example('rectification-report'), status: '部分完成整改', pendingReason: '年底前难以完成' },
    });
    expect(await r.openTasks(three)).toEqual({ 财政局审核处置情况: ['hailin.caizheng'] });
    await r.complete('caizheng', three, '财政局审核处置情况', 'recover');
    expect((await r.instance(three)).status).toBe('completed');
    expect((await r.stage(projectId, 'monitoring')).result).toMatchObject({ fundsStatus: '收回资金' });
  });
});

describe('绩效自评价 (二（五）、二（六）): 主管业务科室审核；结果为差的一律压减、整合或取消', () => {
  test('良 is recorded; 差 makes 财政局 choose 压减、整合 or 取消 with a weight ≥ 10%', async () => {
    const good = await r.approvedProject('jiaoyu');
    const goodId = await r.begin('jiaoyu', good, 'self-evaluation');
    await r.complete('jiaoyu', goodId, '开展绩效自评价', 'submit', { data: selfEvaluation('good') });
    await r.complete('yewu', goodId, '主管业务科室审核', 'approve');
    expect(await r.stage(good, 'self-evaluation')).toMatchObject({
      status: 'completed',
      score: 89.5,
      grade: '良',
    });

    const poor = await r.approvedProject('weijian');
    const id = await r.begin('weijian', poor, 'self-evaluation');
    await r.complete('weijian', id, '开展绩效自评价', 'submit', { data: selfEvaluation('poor') });
    await r.complete('yewu', id, '主管业务科室审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ '财政局确定压减、整合或取消': ['hailin.caizheng'] });
    const keep = await r.act('caizheng', id, '财政局确定压减、整合或取消', 'submit', {
      data: { ...example('feedback-notice'), budgetConsequence: '维持', allocationWeight: 5 },
    });
    expect(keep.status).toBe(400);
    expect(keep.body.error.details).toEqual([
      { path: 'budgetConsequence', message: '评价结果为差的，按规定应压减、整合、取消' },
      { path: 'allocationWeight', message: '原则上不低于10%' },
    ]);
    await r.complete('caizheng', id, '财政局确定压减、整合或取消', 'submit', {
      data: { ...example('feedback-notice'), budgetConsequence: '取消' },
    });
    expect(await r.stage(poor, 'self-evaluation')).toMatchObject({
      score: 3.49,
      grade: '差',
      statusLabel: '自评结果为差',
      result: { budgetConsequence: '取消' },
    });
    expect(await r.notifications('weijian')).toContain('自评结果为差，财政局已确定压减、整合或取消');
  });
});

describe('绩效评价 (二（五）): 部门评价（覆盖 20% 以上，财政局抽查复核）、财政评价（可委托第三方并评估其质量）', () => {
  test('部门评价 below the coverage is refused; the department evaluates and 财政局 spot-checks it', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('caizheng', projectId, 'evaluation');
    const plan = { ...example('evaluation-plan'), evaluationType: '部门评价', organization: '自行组织' };
    delete plan.thirdPartyName;
    const low = await r.act('caizheng', id, '财政局制定评价方案', 'submit', {
      data: { ...plan, coverageCount: 10, coverageAmount: 15 },
    });
    expect(low.status).toBe(400);
    expect(low.body.error.details).toEqual([
      { path: 'coverageAmount', message: '部门评价应覆盖项目数或资金总额的20%以上' },
    ]);
    await r.complete('caizheng', id, '财政局制定评价方案', 'submit', { data: plan });
    expect(await r.openTasks(id)).toEqual({ 部门开展部门评价: ['hailin.jiaoyu'] });
    const report = { ...example('evaluation-report'), evaluationType: '部门评价', evaluator: '预算部门' };
    delete report.thirdPartyName;
    await r.complete('jiaoyu', id, '部门开展部门评价', 'submit', { data: report });
    await r.complete('caizheng', id, '财政局抽查复核', 'return', { comment: '评分依据不足' });
    await r.complete('jiaoyu', id, '部门开展部门评价', 'submit', { data: report });
    await r.complete('caizheng', id, '财政局抽查复核', 'approve');
    expect(await r.stage(projectId, 'evaluation')).toMatchObject({ score: 85, grade: '良' });
  });

  test('财政评价 by a third party, whose work 财政局 assesses; results go to 市人大', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('caizheng', projectId, 'evaluation');
    await r.complete('caizheng', id, '财政局制定评价方案', 'submit', { data: example('evaluation-plan') });
    expect(await r.openTasks(id)).toEqual({ 第三方机构开展评价: ['hailin.disanfang'] });
    await r.complete('disanfang', id, '第三方机构开展评价', 'submit', { data: example('evaluation-report') });
    const review = await r.task('caizheng', id, '审核报告并评估第三方工作质量');
    expect((await r.detail('caizheng', review.id)).task.reviewPoints).toContain('第三方机构工作质量');
    await r.complete('caizheng', id, '审核报告并评估第三方工作质量', 'approve', {
      data: { reviewPoints: { 第三方机构工作质量: true } },
    });
    expect(await r.route(id)).toEqual([
      '财政局制定评价方案:submit:caizheng',
      '第三方机构开展评价:submit:disanfang',
      '审核报告并评估第三方工作质量:approve:caizheng',
    ]);
    expect(await r.notifications('renda')).toContain('绩效评价结果已确定（财政评价结果报送市人大、市政府）');
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
    expect(await r.openTasks(id)).toEqual({ 审核整改情况: ['hailin.yewu'] });
    await r.complete('yewu', id, '审核整改情况', 'return', { comment: '请补充佐证材料' });
    await r.complete('jiaoyu', id, '落实整改', 'submit', { data: example('rectification-report') });
    await r.complete('yewu', id, '审核整改情况', 'approve');
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
    await r.complete('yewu', id, '检查公开情况', 'rectify', { comment: '限期公开' });
    await r.complete('weijian', id, '公开绩效信息', 'submit', { data: example('disclosure') });
    await r.complete('yewu', id, '检查公开情况', 'approve');
    expect(await r.stage(projectId, 'disclosure')).toMatchObject({ statusLabel: '已公开' });
  });
});

describe('全过程闭环: 批复的目标、调整、监控和自评在项目档案上前后相连', () => {
  test('申报 3 项指标 → 批复 → 调整 1 项 → 监控 → 按调整后的指标值自评', async () => {
    const { project } = await walkLoop(r, { department: 'jiaoyu', monitoringLauncher: 'yewu' });
    // 预算执行率 95% × 10 + 47.5 + 30 + 10 (hailin's weights and bands): 97, 优.
    expect(project.loop.reports['self-evaluation']).toMatchObject({
      targetVersion: 2,
      values: { totalScore: 97, grade: '优', executionRate: 95 },
    });
    expect(project.stages.find((s) => s.id === 'self-evaluation')).toMatchObject({ score: 97, grade: '优' });
  });
});

describe('预算台账: 财政局登记年初预算和调整数，国库支付数据导入，监控只读取用', () => {
  async function paymentsFile(rows: (string | number)[][]): Promise<Buffer> {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('国库支付');
    sheet.addRow(['项目编码', '项目名称', '月份', '支付金额']);
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async function upload(unit: string, file: Buffer) {
    return r.ctx.http
      .post(`/api/ledger/payments/import?county=hailin&year=2026`)
      .set(await r.auth(unit))
      .attach('file', file, '国库支付明细.xlsx');
  }

  test('the department cannot type its budget; a bad row refuses the whole file; monitoring reads the ledger', async () => {
    const projectId = await r.approvedProject('weijian', {}, 'monitoring');
    const name = (await r.project(projectId)) as unknown as { name: string };
    expect((await r.put('weijian', `/api/projects/${projectId}/ledger`, { annualBudget: 1 })).status).toBe(
      403,
    );
    const recorded = await r.put('caizheng', `/api/projects/${projectId}/ledger`, {
      annualBudget: 860,
      adjustment: -60,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ annualBudget: 860, adjustment: -60, adjustedBudget: 800 });

    const bad = await upload(
      'caizheng',
      await paymentsFile([
        [projectId, '', 1, 100],
        ['', '不存在的项目', 2, 50],
        [projectId, '', 13, 20],
      ]),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'rows.3.项目名称', message: '第 3 行：本县区 2026 年度没有名为「不存在的项目」的项目' },
      { path: 'rows.4.月份', message: '第 4 行：月份应为 1 至 12 的整数' },
    ]);
    expect((await r.get('caizheng', `/api/projects/${projectId}/ledger`)).body.executed).toBe(0);

    const good = await paymentsFile([
      [projectId, '', 1, 100],
      [projectId, '', 3, 150.5],
      ['', name.name, 3, 49.5],
      [projectId, '', 8, 300],
    ]);
    expect((await upload('caizheng', good)).body).toMatchObject({ rows: 4, projects: 1 });
    expect((await upload('caizheng', good)).status).toBe(409);
    expect((await r.get('weijian', `/api/projects/${projectId}/ledger`)).body).toMatchObject({
      executed: 600,
      payments: { '1': 100, '3': 200, '8': 300 },
    });

    const id = await r.begin('yewu', projectId, 'monitoring', '2026年上半年');
    const task = await r.task('weijian', id, '填报绩效运行监控表');
    expect((await r.detail('weijian', task.id)).data).toMatchObject({ annualBudget: 860, adjustment: -60 });
    // What the department types for the budget is ignored: 执行数 is the ledger's through 6月.
    await r.complete('weijian', id, '填报绩效运行监控表', 'submit', {
      data: { ...example('monitoring'), annualBudget: 1, executed: 799, periodMonth: 6 },
    });
    const stored = (await r.instance(id)) as unknown as { status: string };
    expect(stored.status).toBe('active');
    const project = (await r.project(projectId)) as unknown as {
      progress?: unknown;
      loop: { reports: Record<string, unknown> };
    };
    expect(project.loop.reports.monitoring).toBeDefined();
    const data = (await r.detail('yewu', (await r.inbox('yewu')).find((t) => t.instanceId === id)!.id)).data;
    expect(data).toMatchObject({
      annualBudget: 860,
      adjustment: -60,
      adjustedBudget: 800,
      executed: 300,
      executionRate: 37.5,
    });
  });
});
