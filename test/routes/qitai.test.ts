import { CountyRoute, example } from './helpers';

/** 奇台县全面实施预算绩效管理的工作方案（奇财预〔2018〕140号）. */
let r: CountyRoute;
let experts: string[];
beforeAll(async () => {
  r = await CountyRoute.open('qitai');
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
