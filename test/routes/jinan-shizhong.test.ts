import { CountyRoute, example } from './helpers';

/** 济南市市中区区级部门单位预算绩效管理办法（市中政办字〔2019〕36号）. */
let r: CountyRoute;
beforeAll(async () => {
  r = await CountyRoute.open('jinan-shizhong');
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
