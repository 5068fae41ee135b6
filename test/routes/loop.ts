import { example, type CountyRoute, type Row } from './helpers';

type Json = Record<string, unknown>;

interface TaskDetail {
  form: { id: string } | null;
  data: Json;
  outcomes: { id: string }[];
}

/**
 * Drives an instance to its end through whatever route the county's diagram takes: each open task is done
 * by its first candidate, edit tasks submit `fill(formId, prefilled)`, reviews approve, and an awaited
 * external event (人代会批准) is registered by `announce`'s unit. Returns the edit tasks' prefilled data by form.
 */
export async function drive(
  r: CountyRoute,
  instanceId: string,
  fill: (formId: string, prefilled: Json) => Json,
  announce: { unit: string; name: string }[] = [],
): Promise<Record<string, Json>> {
  const opened: Record<string, Json> = {};
  for (let step = 0; step < 40; step++) {
    const view = await r.instance(instanceId);
    if (view.status !== 'active') return opened;
    const task = view.activeTasks[0];
    if (!task) {
      let delivered = 0;
      for (const { unit, name } of announce) delivered += (await r.announce(unit, name)).delivered;
      if (delivered === 0) throw new Error(`nothing to announce at ${JSON.stringify(view.activeElements)}`);
      continue;
    }
    const user = task.candidates[0]?.username;
    if (!user) throw new Error(`「${task.name}」 has no candidate`);
    const res = await r.get(user, `/api/tasks/${task.taskId}`);
    const detail = res.body as TaskDetail;
    let body: Json;
    if (detail.outcomes.some((o) => o.id === 'submit')) {
      const formId = detail.form!.id;
      opened[formId] ??= detail.data;
      body = { outcome: 'submit', data: fill(formId, detail.data) };
    } else {
      body = { outcome: 'approve' };
    }
    const done = await r.post(user, `/api/tasks/${task.taskId}/complete`, body);
    if (done.status !== 200)
      throw new Error(
        `${user} 「${task.name}」 ${String(body.outcome)}: ${done.status} ${JSON.stringify(done.body)}`,
      );
  }
  throw new Error('instance did not finish in 40 steps');
}

/** Three indicators covering 产出, 效益 and 满意度, as a department declares them. */
export const DECLARED: Row[] = [
  { level1: '产出指标', level2: '数量指标', name: '培训参加人数', operator: '≥', target: '500', unit: '人' },
  { level1: '效益指标', level2: '社会效益指标', name: '培训合格率', operator: '≥', target: '95', unit: '%' },
  {
    level1: '满意度指标',
    level2: '服务对象满意度指标',
    name: '学员满意度',
    operator: '≥',
    target: '90',
    unit: '%',
  },
];

/** The default fill: the stage's example record with the prefilled values on top. */
export function fillFrom(formId: string, prefilled: Json): Json {
  const base = example(formId);
  if (formId === 'target-declaration') return { ...base, indicators: DECLARED };
  if (formId === 'target-adjustment')
    return {
      ...base,
      ...prefilled,
      adjustedFunds: 800,
      adjustedGoal: '培训 400 人，合格率不低于 95%，学员满意度不低于 90%。',
      changes: [
        {
          changeType: '调整指标值',
          level1: '产出指标',
          level2: '数量指标',
          name: '培训参加人数',
          operator: '≥',
          originalTarget: '500',
          adjustedTarget: '400',
          unit: '人',
          reason: '两个乡镇培训点合并',
        },
      ],
    };
  if (formId === 'monitoring') {
    const extra = (base.indicators as Row[])[0];
    const actual: Record<string, [number, number]> = {
      培训参加人数: [210, 400],
      培训合格率: [96, 96],
      学员满意度: [92, 92],
    };
    return {
      ...base,
      ...prefilled,
      indicators: (prefilled.indicators as Row[]).map((row) => ({
        ...row,
        // A client that tries to change what was approved is ignored: the server restores it.
        target: 999,
        actualToDate: actual[row.name as string][0],
        expectedYear: actual[row.name as string][1],
        possibility: '确定能',
        // Measured against the approved value: falling short of it needs a reason and a remedy.
        ...(actual[row.name as string][1] < Number(row.target)
          ? { deviationReason: '经费保障', correctiveMeasures: '追加培训场次' }
          : {}),
        ...('monthActual' in extra ? { monthActual: 10 } : {}),
      })),
    };
  }
  if (formId === 'self-evaluation') {
    const points: Record<string, [number, number]> = {
      培训参加人数: [50, 380],
      培训合格率: [30, 96],
      学员满意度: [10, 92],
    };
    return {
      ...base,
      ...prefilled,
      executed: 817,
      fullYearBudget: 860,
      indicators: (prefilled.indicators as Row[]).map((row) => {
        const [p, actual] = points[row.name as string];
        return {
          ...row,
          points: p,
          actual,
          ...(row.name === '培训参加人数' ? { deviationReason: '合并后实际报名 380 人；下年提前摸底' } : {}),
        };
      }),
    };
  }
  return base;
}

export interface LoopRoute {
  department: string;
  /** Who launches monitoring (a finance section) and self-evaluation (the department unless given). */
  monitoringLauncher: string;
  /** External events the county's routes wait for (人代会批准), and who registers them. */
  announce?: { unit: string; name: string }[];
  /** False where the county has no 绩效目标调整 stage (qitai): everything is measured against version 1. */
  adjusts?: boolean;
  /** The month the monitoring report covers (qitai's monthly rounds end with 12月). */
  monitoringMonth?: number;
}

/**
 * 申报 3 indicators → 批复 (version 1) → 调整 one (version 2) → 监控 opens with version 2 read-only and
 * records progress → 自评 measured against the adjusted value, scored with the county's weights → the
 * project shows targets, progress and score in one view.
 */
export async function walkLoop(r: CountyRoute, route: LoopRoute) {
  const projectId = await r.createProject(route.department, { name: `${r.county}全过程闭环项目` });
  const declared = await r.begin(route.department, projectId, 'target-declaration');
  await drive(r, declared, fillFrom, route.announce);
  const afterApproval = await r.project(projectId);
  const targets = (afterApproval as unknown as { targets: Json }).targets as {
    current: number;
    versions: { version: number; indicators: Row[] }[];
  };
  expect(targets.current).toBe(1);
  expect(targets.versions[0].indicators).toEqual([
    { key: 'I1', ...DECLARED[0] },
    { key: 'I2', ...DECLARED[1] },
    { key: 'I3', ...DECLARED[2] },
  ]);

  const adjusts = route.adjusts !== false;
  if (adjusts) {
    const adjusted = await r.begin(route.department, projectId, 'target-adjustment');
    const adjustmentOpened = await drive(r, adjusted, fillFrom, route.announce);
    expect(adjustmentOpened['target-adjustment']).toMatchObject({
      originalGoal: example('target-declaration').overallGoal,
      originalFunds: example('target-declaration').totalFunds,
    });
  }
  const inForce = adjusts ? 400 : 500;

  const monitoring = await r.begin(route.monitoringLauncher, projectId, 'monitoring', '2026年上半年');
  const monitoringFill = (formId: string, prefilled: Json) => ({
    ...fillFrom(formId, prefilled),
    ...(formId === 'monitoring' && route.monitoringMonth ? { periodMonth: route.monitoringMonth } : {}),
  });
  const monitoringOpened = await drive(r, monitoring, monitoringFill, route.announce);
  expect(monitoringOpened.monitoring.indicators).toEqual([
    expect.objectContaining({ name: '培训参加人数', target: inForce, unit: '人' }),
    expect.objectContaining({ name: '培训合格率', target: 95 }),
    expect.objectContaining({ name: '学员满意度', target: 90 }),
  ]);

  const selfEvaluation = await r.begin(route.department, projectId, 'self-evaluation');
  const selfOpened = await drive(r, selfEvaluation, fillFrom, route.announce);
  expect(selfOpened['self-evaluation'].indicators).toEqual([
    expect.objectContaining({ name: '培训参加人数', target: inForce }),
    expect.objectContaining({ name: '培训合格率', target: 95 }),
    expect.objectContaining({ name: '学员满意度', target: 90 }),
  ]);

  const project = (await r.project(projectId)) as unknown as {
    targets: { current: number; versions: { version: number; kind: string; changes?: Json[] }[] };
    loop: {
      targetVersion: number;
      indicators: { key: string; name: string; target: unknown; progress: Record<string, Json> }[];
      reports: Record<string, { targetVersion: number; values: Json }>;
    };
    stages: { id: string; score?: number; grade?: string }[];
  };
  const version = adjusts ? 2 : 1;
  expect(project.targets.current).toBe(version);
  if (adjusts)
    expect(project.targets.versions[1]).toMatchObject({
      kind: 'adjusted',
      changes: [{ change: '调整指标值', key: 'I1', name: '培训参加人数', from: '500', to: '400' }],
    });
  expect(project.loop.targetVersion).toBe(version);
  expect(project.loop.indicators.map((i) => [i.name, i.target, i.progress])).toEqual([
    [
      '培训参加人数',
      String(inForce),
      {
        monitoring: expect.objectContaining({ actual: 210, expected: 400, deviationRate: adjusts ? 0 : -20 }),
        // 380 of the target in force: 47.5 of 50 against the adjusted 400, 38 against 500.
        'self-evaluation': expect.objectContaining({ actual: 380, points: 50, score: adjusts ? 47.5 : 38 }),
      },
    ],
    [
      '培训合格率',
      '95',
      {
        monitoring: expect.objectContaining({ actual: 96, expected: 96 }),
        'self-evaluation': expect.objectContaining({ actual: 96, score: 30 }),
      },
    ],
    [
      '学员满意度',
      '90',
      {
        monitoring: expect.objectContaining({ actual: 92 }),
        'self-evaluation': expect.objectContaining({ actual: 92, score: 10 }),
      },
    ],
  ]);
  return { projectId, project };
}

/** The county refuses to start the stage, naming the rule and its clause (409 like the 500万 gate). */
export async function expectRefused(
  r: CountyRoute,
  unit: string,
  projectId: string,
  stageId: string,
  rule: string,
  clause?: string,
) {
  const res = await r.start(unit, projectId, stageId, stageId === 'monitoring' ? '2026年上半年' : undefined);
  expect(res.status).toBe(409);
  expect(res.body.error).toMatchObject({ code: 'STAGE_PRECONDITION_FAILED', details: { rule } });
  if (clause) expect(res.body.error.message).toContain(clause);
}
