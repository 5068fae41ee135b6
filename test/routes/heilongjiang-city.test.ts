import { CountyRoute, example, installFundsHandlerIfMissing, selfEvaluation } from './helpers';
import { walkLoop } from './loop';

/** 市本级预算绩效管理工作规程（试行）. */
let r: CountyRoute;
beforeAll(async () => {
  r = await CountyRoute.open('heilongjiang-city');
  installFundsHandlerIfMissing(r);
});
afterAll(() => r.close());

describe('绩效目标 (一（一）至（三）): 预算部门 → 业务股室初审 → 综合股复审 → 人代会批准后 20 日内预算股批复', () => {
  test('退回 at each level goes to the level below, 批复 waits for 人代会批准', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    expect(await r.openTasks(id)).toEqual({ 填报绩效目标: ['heilongjiang-city.jiaoyu'] });
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    const first = await r.task('yewu', id, '初审');
    expect((await r.detail('yewu', first.id)).task.reviewPoints).toEqual([
      '可行性',
      '适当性',
      '相关性',
      '完整性',
    ]);
    await r.complete('yewu', id, '初审', 'return', { comment: '绩效指标未细化量化' });
    const again = await r.task('jiaoyu', id, '填报绩效目标');
    expect((await r.detail('jiaoyu', again.id)).history).toContainEqual(
      expect.objectContaining({ actor: 'heilongjiang-city.yewu', comment: '绩效指标未细化量化' }),
    );
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('yewu', id, '初审', 'approve');
    expect(await r.openTasks(id)).toEqual({ 复审: ['heilongjiang-city.zonghe'] });
    const second = await r.task('zonghe', id, '复审');
    expect((await r.detail('zonghe', second.id)).task.reviewPoints).toEqual([
      '是否填报绩效目标',
      '相关性',
      '完整性',
    ]);
    await r.complete('zonghe', id, '复审', 'return', { comment: '与部门职能相关性不足，请督促补报' });
    // 综合股 sends it back to 业务股室, not to the department.
    expect(await r.openTasks(id)).toEqual({ 初审: ['heilongjiang-city.yewu'] });
    await r.complete('yewu', id, '初审', 'approve');
    await r.complete('zonghe', id, '复审', 'approve');
    expect(await r.openTasks(id)).toEqual({});
    expect((await r.instance(id)).activeElements).toEqual(['congress']);
    // The department cannot announce the congress; 预算股 does.
    expect((await r.post('jiaoyu', '/api/messages', { county: r.county, name: '人代会批准' })).status).toBe(
      403,
    );
    await r.advanceDays(30);
    expect(await r.announce('yusuan', '人代会批准')).toMatchObject({ delivered: 1 });
    const approval = await r.task('yusuan', id, '批复');
    // 批复 within 20 days of the approval (settings.targetApprovalDaysAfterCongress).
    expect(new Date(approval.due!).getTime() - r.ctx.clock.now().getTime()).toBe(20 * 86_400_000);
    await r.complete('yusuan', id, '批复', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效目标:submit:jiaoyu',
      '初审:return:yewu',
      '填报绩效目标:submit:jiaoyu',
      '初审:approve:yewu',
      '复审:return:zonghe',
      '初审:approve:yewu',
      '复审:approve:zonghe',
      '批复:approve:yusuan',
    ]);
    expect(await r.stage(projectId, 'target-declaration')).toMatchObject({
      status: 'completed',
      statusLabel: '已批复',
    });
    expect(await r.notifications('zonghe')).toContain(
      '绩效目标已随部门预算批复（批复文件抄送综合股），请及时公开绩效目标',
    );
  });
});

describe('绩效目标调整 (一（四）): 参照申报程序 — 业务股室初审 → 综合股复审 → 预算股批复', () => {
  test('综合股 sends it back to 业务股室, then 预算股 approves the adjustment', async () => {
    const projectId = await r.approvedProject('jiaoyu', {}, 'target-declaration');
    const id = await r.begin('jiaoyu', projectId, 'target-adjustment');
    await r.complete('jiaoyu', id, '填报绩效目标调整申请', 'submit', { data: example('target-adjustment') });
    expect(await r.openTasks(id)).toEqual({ 初审: ['heilongjiang-city.yewu'] });
    await r.complete('yewu', id, '初审', 'approve');
    expect(await r.openTasks(id)).toEqual({ 复审: ['heilongjiang-city.zonghe'] });
    await r.complete('zonghe', id, '复审', 'return', { comment: '调整理由不充分，请业务股室督促补充' });
    expect(await r.openTasks(id)).toEqual({ 初审: ['heilongjiang-city.yewu'] });
    await r.complete('yewu', id, '初审', 'approve');
    await r.complete('zonghe', id, '复审', 'approve');
    expect(await r.openTasks(id)).toEqual({ 批复调整: ['heilongjiang-city.yusuan'] });
    await r.complete('yusuan', id, '批复调整', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效目标调整申请:submit:jiaoyu',
      '初审:approve:yewu',
      '复审:return:zonghe',
      '初审:approve:yewu',
      '复审:approve:zonghe',
      '批复调整:approve:yusuan',
    ]);
    expect(await r.stage(projectId, 'target-adjustment')).toMatchObject({ statusLabel: '已调整' });
  });
});

describe('绩效运行监控 (二): 7月15日前填报 → 业务股室审核（纠偏意见）→ 综合股复核 → 整改', () => {
  test('no deviation: 业务股室 approves, 综合股 sends it back once, then agrees', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('yewu', projectId, 'monitoring', '2026年前6个月');
    const fill = await r.task('weijian', id, '填报绩效运行监控表');
    // 前6个月的监控表 15 日内（7月15日前）填报: settings.monitoringReportDays.
    expect(new Date(fill.due!).getTime() - r.ctx.clock.now().getTime()).toBe(15 * 86_400_000);
    await r.complete('weijian', id, '填报绩效运行监控表', 'submit', { data: example('monitoring') });
    const review = await r.task('yewu', id, '业务股室审核');
    expect((await r.detail('yewu', review.id)).task.reviewPoints).toEqual([
      '绩效目标预期完成情况',
      '项目实施情况',
      '资金管理情况',
      '项目管理情况',
    ]);
    await r.complete('yewu', id, '业务股室审核', 'approve');
    expect(await r.openTasks(id)).toEqual({ 综合股复核: ['heilongjiang-city.zonghe'] });
    await r.complete('zonghe', id, '综合股复核', 'return', { comment: '执行率慢于序时进度，请提出纠偏意见' });
    expect(await r.openTasks(id)).toEqual({ 业务股室审核: ['heilongjiang-city.yewu'] });
    await r.complete('yewu', id, '业务股室审核', 'approve');
    await r.complete('zonghe', id, '综合股复核', 'approve');
    expect((await r.instance(id)).status).toBe('completed');
  });

  test('纠偏意见 to stop execution: 综合股 reviews it, funds stop, the department rectifies', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('yewu', projectId, 'monitoring', '2026年前6个月');
    await r.complete('jiaoyu', id, '填报绩效运行监控表', 'submit', { data: example('monitoring') });
    await r.complete('yewu', id, '业务股室审核', 'correct');
    expect(await r.openTasks(id)).toEqual({ '出具纠偏意见（整改通知）': ['heilongjiang-city.yewu'] });
    const notice = {
      ...example('feedback-notice'),
      noticeType: '整改通知',
      resultGrade: '中',
      budgetConsequence: '停止执行',
    };
    delete notice.reductionAmount;
    await r.complete('yewu', id, '出具纠偏意见（整改通知）', 'submit', { data: notice });
    await r.complete('zonghe', id, '综合股复核纠偏意见', 'return', { comment: '整改期限过长' });
    await r.complete('yewu', id, '出具纠偏意见（整改通知）', 'submit', {
      data: { ...notice, deadline: '2026-08-31' },
    });
    await r.complete('zonghe', id, '综合股复核纠偏意见', 'approve');
    expect(await r.openTasks(id)).toEqual({ 按整改通知开展问题整改: ['heilongjiang-city.jiaoyu'] });
    expect((await r.stage(projectId, 'monitoring')).result).toMatchObject({ fundsStatus: '停止拨款' });
    await r.complete('jiaoyu', id, '按整改通知开展问题整改', 'submit', {
      data: example('rectification-report'),
    });
    await r.complete('yewu', id, '业务股室审核整改情况', 'return', { comment: '整改成效未量化' });
    await r.complete('jiaoyu', id, '按整改通知开展问题整改', 'submit', {
      data: example('rectification-report'),
    });
    await r.complete('yewu', id, '业务股室审核整改情况', 'approve');
    expect(await r.route(id)).toEqual([
      '填报绩效运行监控表:submit:jiaoyu',
      '业务股室审核:correct:yewu',
      '出具纠偏意见（整改通知）:submit:yewu',
      '综合股复核纠偏意见:return:zonghe',
      '出具纠偏意见（整改通知）:submit:yewu',
      '综合股复核纠偏意见:approve:zonghe',
      '按整改通知开展问题整改:submit:jiaoyu',
      '业务股室审核整改情况:return:yewu',
      '按整改通知开展问题整改:submit:jiaoyu',
      '业务股室审核整改情况:approve:yewu',
    ]);
    expect((await r.instance(id)).status).toBe('completed');
  });
});

describe('绩效自评价 (三、五): 随决算报送 → 业务股室审核 → 综合股复审 → 人代会批准决算后国库收付中心随决算批复', () => {
  test('returns on both levels, score and grade recorded, 批复 waits for 人代会批准决算', async () => {
    const projectId = await r.approvedProject('jiaoyu');
    const id = await r.begin('jiaoyu', projectId, 'self-evaluation');
    await r.complete('jiaoyu', id, '报送绩效自评价报告', 'submit', { data: selfEvaluation('good') });
    const review = await r.task('yewu', id, '业务股室审核');
    expect((await r.detail('yewu', review.id)).task.reviewPoints).toHaveLength(6);
    await r.complete('yewu', id, '业务股室审核', 'return', { comment: '问题分析不透彻，请修改' });
    expect(await r.openTasks(id)).toEqual({ 报送绩效自评价报告: ['heilongjiang-city.jiaoyu'] });
    await r.complete('jiaoyu', id, '报送绩效自评价报告', 'submit', { data: selfEvaluation('good') });
    await r.complete('yewu', id, '业务股室审核', 'approve');
    await r.complete('zonghe', id, '综合股复审', 'return', { comment: '评价范围不全面' });
    expect(await r.openTasks(id)).toEqual({ 业务股室审核: ['heilongjiang-city.yewu'] });
    await r.complete('yewu', id, '业务股室审核', 'approve');
    await r.complete('zonghe', id, '综合股复审', 'approve');
    // 良 (89.5) needs no rectification; the 批复 waits for the congress.
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({ score: 89.5, grade: '良' });
    expect(await r.openTasks(id)).toEqual({});
    expect((await r.instance(id)).activeElements).toEqual(['congress']);
    expect(await r.announce('guoku', '人代会批准决算')).toMatchObject({ delivered: 1 });
    const approval = await r.task('guoku', id, '随部门决算批复');
    expect(new Date(approval.due!).getTime() - r.ctx.clock.now().getTime()).toBe(20 * 86_400_000);
    await r.complete('guoku', id, '随部门决算批复', 'approve');
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({
      status: 'completed',
      statusLabel: '已随决算批复',
      score: 89.5,
      grade: '良',
    });
    expect(await r.notifications('jiaoyu')).toContain(
      '绩效自评价报告已随部门决算批复（抄送综合股），请及时公开',
    );
  });

  test('差: the department reports its rectification to 业务股室 and 综合股', async () => {
    const projectId = await r.approvedProject('weijian');
    const id = await r.begin('weijian', projectId, 'self-evaluation');
    await r.complete('weijian', id, '报送绩效自评价报告', 'submit', { data: selfEvaluation('poor') });
    await r.complete('yewu', id, '业务股室审核', 'approve');
    await r.complete('zonghe', id, '综合股复审', 'approve');
    expect(await r.stage(projectId, 'self-evaluation')).toMatchObject({ score: 3.49, grade: '差' });
    expect(await r.openTasks(id)).toEqual({ 制定整改措施并报送整改情况: ['heilongjiang-city.weijian'] });
    await r.complete('weijian', id, '制定整改措施并报送整改情况', 'submit', {
      data: example('rectification-report'),
    });
    await r.complete('yewu', id, '业务股室审核整改情况', 'approve');
    await r.complete('zonghe', id, '综合股审核整改情况', 'return', { comment: '整改措施不具体' });
    await r.complete('weijian', id, '制定整改措施并报送整改情况', 'submit', {
      data: example('rectification-report'),
    });
    await r.complete('yewu', id, '业务股室审核整改情况', 'approve');
    await r.complete('zonghe', id, '综合股审核整改情况', 'approve');
    await r.announce('zonghe', '人代会批准决算');
    await r.complete('guoku', id, '随部门决算批复', 'approve');
    expect((await r.instance(id)).status).toBe('completed');
  });
});

describe('绩效再评价 (四): 综合股会同预算股制定方案，组织实施', () => {
  test('预算股 returns the plan once; the 再评价 score and grade are recorded', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('zonghe', projectId, 'evaluation');
    const plan = { ...example('evaluation-plan'), evaluationType: '再评价', organization: '自行组织' };
    delete plan.thirdPartyName;
    await r.complete('zonghe', id, '综合股制定再评价方案', 'submit', { data: plan });
    expect(await r.openTasks(id)).toEqual({ 预算股会同审定方案: ['heilongjiang-city.yusuan'] });
    await r.complete('yusuan', id, '预算股会同审定方案', 'return', { comment: '请明确评价标准' });
    await r.complete('zonghe', id, '综合股制定再评价方案', 'submit', { data: plan });
    await r.complete('yusuan', id, '预算股会同审定方案', 'approve');
    const report = { ...example('evaluation-report'), evaluationType: '再评价', evaluator: '财政部门' };
    delete report.thirdPartyName;
    await r.complete('zonghe', id, '综合股组织实施再评价', 'submit', { data: report });
    expect(await r.stage(projectId, 'evaluation')).toMatchObject({
      statusLabel: '已再评价',
      score: 85,
      grade: '良',
      result: { evaluationType: '再评价' },
    });
  });
});

describe('绩效评价结果应用 (五): 综合股提出建议 → 局党组审议 → 反馈告知书 → 整改报业务股室和综合股', () => {
  test('局党组 returns the proposal, then approves: 无效的停止执行, the department rectifies', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('zonghe', projectId, 'result-application');
    const notice = {
      ...example('feedback-notice'),
      noticeType: '绩效再评价结果反馈告知书',
      budgetConsequence: '停止执行',
    };
    delete notice.reductionAmount;
    await r.complete('zonghe', id, '综合股提出结果应用建议', 'submit', { data: notice });
    expect(await r.openTasks(id)).toEqual({ 局党组审议: ['heilongjiang-city.dangzu'] });
    await r.complete('dangzu', id, '局党组审议', 'return', { comment: '问责建议需明确责任人' });
    expect(await r.openTasks(id)).toEqual({ 综合股提出结果应用建议: ['heilongjiang-city.zonghe'] });
    await r.complete('zonghe', id, '综合股提出结果应用建议', 'submit', { data: notice });
    await r.complete('dangzu', id, '局党组审议', 'approve');
    for (const unit of ['jiaoyu', 'yusuan', 'renda'])
      expect(await r.notifications(unit)).toContain(
        '《绩效再评价结果反馈告知书》已印发（上报财政局、市人大和市政府）',
      );
    expect((await r.stage(projectId, 'result-application')).result).toMatchObject({
      budgetConsequence: '停止执行',
      fundsStatus: '停止拨款',
    });
    await r.complete('jiaoyu', id, '落实整改意见', 'submit', { data: example('rectification-report') });
    await r.complete('yewu', id, '业务股室审核整改情况', 'approve');
    await r.complete('zonghe', id, '综合股审核整改情况', 'return', { comment: '整改成效不明显' });
    await r.complete('jiaoyu', id, '落实整改意见', 'submit', { data: example('rectification-report') });
    await r.complete('yewu', id, '业务股室审核整改情况', 'approve');
    await r.complete('zonghe', id, '综合股审核整改情况', 'approve');
    expect(await r.route(id)).toEqual([
      '综合股提出结果应用建议:submit:zonghe',
      '局党组审议:return:dangzu',
      '综合股提出结果应用建议:submit:zonghe',
      '局党组审议:approve:dangzu',
      '落实整改意见:submit:jiaoyu',
      '业务股室审核整改情况:approve:yewu',
      '综合股审核整改情况:return:zonghe',
      '落实整改意见:submit:jiaoyu',
      '业务股室审核整改情况:approve:yewu',
      '综合股审核整改情况:approve:zonghe',
    ]);
    expect(await r.stage(projectId, 'result-application')).toMatchObject({ statusLabel: '整改完成' });
  });
});

describe('信息公开 (一（三）): 综合股检查公开情况，未公开的限期整改，整改不到位的移送', () => {
  test('published in time', async () => {
    const projectId = await r.createProject('weijian');
    const id = await r.begin('zonghe', projectId, 'disclosure');
    await r.complete('weijian', id, '公开绩效目标和绩效说明', 'submit', { data: example('disclosure') });
    await r.complete('zonghe', id, '综合股检查公开情况', 'approve');
    expect(await r.stage(projectId, 'disclosure')).toMatchObject({
      statusLabel: '已公开',
      result: { publishedDate: '2026-02-20' },
    });
  });

  test('not published → 限期整改通知 → still not → 移送', async () => {
    const projectId = await r.createProject('jiaoyu');
    const id = await r.begin('zonghe', projectId, 'disclosure');
    const missing = {
      items: ['部门预算项目绩效目标', '绩效说明'],
      status: '未按时公开',
      notPublishedReason: '网站改版',
      rectificationDeadline: '2026-03-20',
    };
    await r.complete('jiaoyu', id, '公开绩效目标和绩效说明', 'submit', { data: missing });
    await r.complete('zonghe', id, '综合股检查公开情况', 'rectify');
    expect(await r.openTasks(id)).toEqual({ 下达限期整改通知: ['heilongjiang-city.zonghe'] });
    const notice = {
      ...example('feedback-notice'),
      noticeType: '限期整改通知',
      resultGrade: '中',
      budgetConsequence: '维持',
    };
    delete notice.reductionAmount;
    await r.complete('zonghe', id, '下达限期整改通知', 'submit', { data: notice });
    await r.complete('jiaoyu', id, '限期整改并公开', 'submit', { data: missing });
    await r.complete('zonghe', id, '复查整改情况', 'refer', { comment: '限期内整改不到位' });
    expect(await r.stage(projectId, 'disclosure')).toMatchObject({
      statusLabel: '已移送政府信息公开主管部门和监察机关',
    });
    expect(await r.notifications('renda')).toContain(
      '公开整改不到位，已移送政府信息公开工作主管部门和监察机关',
    );
  });
});

describe('全过程闭环: 批复的目标、调整、监控和自评在项目档案上前后相连', () => {
  test('申报 3 项指标 → 批复 → 调整 1 项 → 监控 → 按调整后的指标值自评', async () => {
    const { project } = await walkLoop(r, {
      department: 'jiaoyu',
      monitoringLauncher: 'yewu',
      announce: [
        { unit: 'yusuan', name: '人代会批准' },
        { unit: 'guoku', name: '人代会批准决算' },
      ],
    });
    // 预算执行率 95% × 10 + 47.5 + 30 + 10 (the county's weights and bands): 97, 优.
    expect(project.loop.reports['self-evaluation']).toMatchObject({
      targetVersion: 2,
      values: { totalScore: 97, grade: '优', executionRate: 95 },
    });
    expect(project.stages.find((s) => s.id === 'self-evaluation')).toMatchObject({ score: 97, grade: '优' });
  });
});
