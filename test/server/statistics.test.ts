import { Types } from 'mongoose';
import { createTestContext, type TestContext } from '../helpers/app';
import { binary, readXlsx } from '../helpers/files';

/**
 * hailin, 2026: ten projects in two departments, with the records the runtime leaves (stage records on
 * the project, instance data, open tasks). The view must count them as they are.
 */
const COUNTY = 'hailin';
let ctx: TestContext;
const ids: Types.ObjectId[] = [];
const auth = async (unit: string) => ({ Authorization: `Bearer ${await ctx.login(`${COUNTY}.${unit}`)}` });

beforeAll(async () => {
  ctx = await createTestContext();
  const { Project, Instance, Task } = ctx.app.services.models;
  const now = ctx.clock.now();
  for (let i = 0; i < 10; i++) {
    const stages: Record<string, unknown> = {};
    if (i < 6) stages['target-declaration'] = { status: 'completed', statusLabel: '已批复' };
    else if (i < 8) stages['target-declaration'] = { status: 'active' };
    if (i === 0) stages['self-evaluation'] = { status: 'completed', score: 95, grade: '优' };
    if (i === 1) stages['self-evaluation'] = { status: 'completed', result: { totalScore: 85, grade: '良' } };
    if (i === 2) stages['self-evaluation'] = { status: 'completed', score: 55, grade: '差' };
    const p = await Project.create({
      county: COUNTY,
      year: 2026,
      name: `统计项目${i}`,
      amount: i === 9 ? 910 : 10,
      category: 'new',
      kind: 'project',
      department: i < 5 ? 'jiaoyu' : 'weijian',
      createdBy: 'test',
      stages,
    });
    ids.push(p._id);
  }
  await Project.create({
    county: COUNTY,
    year: 2025,
    name: '上年项目',
    amount: 1,
    category: 'new',
    kind: 'project',
    department: 'jiaoyu',
    createdBy: 'test',
  });
  const instance = (
    projectIndex: number,
    stageId: string,
    status: string,
    data: Record<string, unknown>,
  ) => ({
    _id: new Types.ObjectId(),
    county: COUNTY,
    projectId: ids[projectIndex],
    stageId,
    round: '',
    processId: stageId,
    processDeploymentId: new Types.ObjectId(),
    formDeployments: {},
    state: {},
    rev: 1,
    status,
    data,
    outbox: [],
    followUps: [],
    pending: false,
    activeKey: status === 'active' ? 'active' : String(new Types.ObjectId()),
    startedBy: 'test',
    startedAt: now,
  });
  const docs = [
    instance(0, 'monitoring', 'completed', { monitoring: { executionRate: 30, scheduleProgress: 50 } }),
    instance(1, 'monitoring', 'completed', { monitoring: { executionRate: 45, scheduleProgress: 50 } }),
    instance(5, 'monitoring', 'completed', { monitoring: { executionRate: 60, scheduleProgress: 50 } }),
    instance(0, 'evaluation', 'completed', { 'evaluation-report': { evaluationType: '部门评价' } }),
    instance(6, 'evaluation', 'active', { 'evaluation-plan': { evaluationType: '部门评价' } }),
    instance(7, 'evaluation', 'completed', { 'evaluation-report': { evaluationType: '财政评价' } }),
    instance(2, 'result-application', 'active', {}),
    instance(3, 'result-application', 'active', {}),
    instance(4, 'result-application', 'completed', { 'rectification-report': { status: '已完成整改' } }),
    instance(0, 'disclosure', 'completed', { disclosure: { status: '已按时公开' } }),
    instance(1, 'disclosure', 'completed', { disclosure: { status: '未按时公开' } }),
  ];
  await Instance.collection.insertMany(docs as never[]);
  await Task.collection.insertOne({
    _id: new Types.ObjectId(),
    county: COUNTY,
    instanceId: docs[6]._id,
    projectId: ids[2],
    status: 'open',
    due: new Date(now.getTime() - 86_400_000),
  } as never);
});
afterAll(() => ctx.close());

describe('统计分析 for one county and year', () => {
  test('stages, 序时进度 warnings, 自评 distribution, coverage against hailin’s 20%, 整改, 公开', async () => {
    const res = await ctx.http.get('/api/statistics/county?year=2026').set(await auth('caizheng'));
    expect(res.status).toBe(200);
    const view = res.body;
    expect(view).toMatchObject({ county: COUNTY, countyName: '海林市', total: 10, totalAmount: 1000 });
    expect(view.stages.find((s: { id: string }) => s.id === 'target-declaration').counts).toEqual({
      'not-started': 2,
      active: 2,
      completed: 6,
      terminated: 0,
      failed: 0,
    });
    expect(view.schedule.departments).toEqual([
      { department: 'jiaoyu', departmentName: '市教育局', red: 1, yellow: 1, normal: 0 },
      { department: 'weijian', departmentName: '市卫生健康局', red: 0, yellow: 0, normal: 1 },
    ]);
    expect(view.selfEvaluation.grades).toEqual([
      { grade: '优', count: 1 },
      { grade: '良', count: 1 },
      { grade: '中', count: 0 },
      { grade: '差', count: 1 },
    ]);
    expect(view.selfEvaluation.scores.map((b: { count: number }) => b.count)).toEqual([1, 0, 0, 1, 1]);
    // 部门评价: 2 of 10 projects = 20% ≥ 20% (按项目数); 财政评价: 10 of 1000 万元 = 1% < 20%.
    expect(view.coverage).toEqual([
      expect.objectContaining({ type: '部门评价', projects: 2, projectShare: 20, required: 20, met: true }),
      expect.objectContaining({ type: '财政评价', projects: 1, amountShare: 1, required: 20, met: false }),
    ]);
    expect(view.rectification).toEqual({ open: 1, overdue: 1, done: 1, failed: 0 });
    expect(view.disclosure).toEqual({ done: 1, late: 1, pending: 0 });
    expect(view.projects.find((p: { name: string }) => p.name === '统计项目0')).toMatchObject({
      schedule: 'red',
      score: 95,
      evaluations: ['部门评价'],
      disclosure: 'done',
    });
  });

  test('a department sees the same view of its own projects; nobody sees another county', async () => {
    const dept = await ctx.http.get('/api/statistics/county?year=2026').set(await auth('jiaoyu'));
    expect(dept.status).toBe(200);
    expect(dept.body).toMatchObject({ scope: 'department', total: 5 });
    expect(dept.body.schedule.departments).toHaveLength(1);
    const other = await ctx.http
      .get('/api/statistics/county?year=2026&county=heilongjiang-city')
      .set(await auth('caizheng'));
    expect(other.status).toBe(404);
    const admin = await ctx.http
      .get('/api/statistics/county?year=2026')
      .set({ Authorization: `Bearer ${await ctx.login('admin')}` });
    expect(admin.body).toMatchObject({ scope: 'all', county: null, total: 10 });
  });

  test('every chart exports its table to .xlsx', async () => {
    const res = await ctx.http
      .get('/api/statistics/county/export?year=2026')
      .set(await auth('renda'))
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const sheets = readXlsx(res.body as unknown as Buffer);
    expect(sheets.map((s) => s.name)).toEqual([
      '各环节办理情况',
      '序时进度预警',
      '自评得分分布',
      '评价覆盖情况',
      '整改情况',
      '公开情况',
      '项目明细',
    ]);
    expect([...sheets[3].cells.values()]).toEqual(
      expect.arrayContaining(['部门评价', '达标', '财政评价', '未达标']),
    );
    const one = await ctx.http
      .get('/api/statistics/county/export?year=2026&chart=schedule')
      .set(await auth('caizheng'))
      .buffer(true)
      .parse(binary as never);
    const [schedule] = readXlsx(one.body as unknown as Buffer);
    expect(schedule.name).toBe('序时进度预警');
    expect([...schedule.cells.values()]).toEqual(
      expect.arrayContaining(['市教育局', '红色预警', '黄色预警']),
    );
  });
});
