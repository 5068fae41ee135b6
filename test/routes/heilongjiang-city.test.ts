import { CountyRoute, example } from './helpers';

/** 市本级预算绩效管理工作规程（试行）. */
let r: CountyRoute;
beforeAll(async () => {
  r = await CountyRoute.open('heilongjiang-city');
});
afterAll(() => r.close());

describe('绩效目标调整 (一（四）): 参照申报程序 — 业务股室初审 → 综合股复审 → 预算股批复', () => {
  test('综合股 sends it back to 业务股室, then 预算股 approves the adjustment', async () => {
    const projectId = await r.createProject('jiaoyu');
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
