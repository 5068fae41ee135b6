import { countySettingValues, resolveRoleOrgUnits, RoleResolutionError } from '@pm/config';
import { step, type JsonValue } from '@pm/engine';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import { projectFields, type ProjectRecord } from '../projects';
import { assertOpen, instanceOf, type OperationContext } from './context';

export interface NextStep {
  name: string;
  units: { code: string; name: string }[];
  users: { username: string; displayName: string }[];
  /** No user holds the role in the unit: the county admin gets the task. */
  unassigned: boolean;
}

/**
 * 提交后将由谁办理: the engine's pure step is run on a copy of the instance with the chosen outcome and
 * the current data (the draft's, if any), and the tasks it would create are resolved to units and
 * users as the runtime would resolve them. Nothing is written.
 */
export async function nextApprovers(
  ctx: OperationContext,
  user: AuthenticatedUser,
  id: string,
  outcome: string,
) {
  const task = await ctx.tasks.load(user, id);
  assertOpen(task);
  if (!task.outcomes.some((o) => o.id === outcome))
    throw new AppError('VALIDATION_FAILED', 400, '办理结果不在可选范围内', [
      { path: 'outcome', message: outcome },
    ]);
  const instance = await instanceOf(ctx, task);
  const county = ctx.counties.get(task.county);
  const project = await ctx.models.Project.findById(task.projectId).lean<ProjectRecord>();
  if (!county || !project) throw new AppError('NOT_FOUND', 404, '项目不存在');
  const deployment = await ctx.deployments.process(instance.processDeploymentId);
  const draft = (task.draft as { data?: Record<string, unknown> } | undefined)?.data;
  const data = { ...((task.formId ? instance.data?.[task.formId] : undefined) ?? {}), ...(draft ?? {}) };
  const result = step(
    deployment.definition,
    instance.state,
    {
      type: 'completeTask',
      taskRef: task.taskRef,
      outcome,
      data: data as Record<string, JsonValue>,
      actor: user.username,
    },
    { now: ctx.clock.now(), settings: countySettingValues(county), project: projectFields(project) },
  );
  if (!result.ok) throw new AppError('CONFLICT', 409, result.rejection.message);
  const steps: NextStep[] = [];
  for (const effect of result.effects) {
    if (effect.type !== 'createTask') continue;
    const codes = new Set<string>();
    let unresolved = false;
    for (const role of effect.candidateRoles) {
      try {
        for (const unit of resolveRoleOrgUnits(county, role as never, project.department))
          codes.add(unit.code);
      } catch (err) {
        if (!(err instanceof RoleResolutionError)) throw err;
        unresolved = true;
      }
    }
    const users = await ctx.models.User.find(
      effect.assignee
        ? { username: effect.assignee, active: true }
        : { county: county.id, orgUnit: { $in: [...codes] }, active: true },
      { username: 1, displayName: 1 },
    )
      .sort({ username: 1 })
      .lean();
    steps.push({
      name: effect.name ?? effect.elementId,
      units: effect.assignee
        ? []
        : [...codes].map((code) => ({ code, name: ctx.counties.orgUnit(county.id, code)?.name ?? code })),
      users: users.map((u) => ({ username: u.username, displayName: u.displayName })),
      unassigned: unresolved || (!effect.assignee && users.length === 0),
    });
  }
  const ends = result.state.status !== 'active';
  return { steps, ends, text: describe(steps, ends) };
}

/** “提交后将由 业务股室（张三、李四）办理”, as the task page shows it. */
function describe(steps: NextStep[], ends: boolean): string {
  if (steps.length === 0) return ends ? '提交后流程办结' : '提交后暂无人工环节（等待系统处理或外部事件）';
  const parts = steps.map((next) => {
    const who = next.users.map((u) => u.displayName).join('、') || '县区管理员';
    const where = next.units.map((u) => u.name).join('、');
    return where ? `${where}（${who}）` : who;
  });
  return `提交后将由 ${[...new Set(parts)].join('；')}办理`;
}
