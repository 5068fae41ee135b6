import { countySettingValues } from '@pm/config';
import { parseOperations, TASK_OPERATIONS, type TaskOperation } from '@pm/engine';
import { Types } from 'mongoose';
import { AppError, type ErrorCode } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { Clock } from '../clock';
import type { CountyDirectory } from '../county-directory';
import type { DeploymentService } from '../deployments';
import { audience } from '../runtime/ids';
import { RejectedCommand, type InstanceRecord, type Runtime } from '../runtime/runtime';
import type { TaskRecord, TaskService } from '../tasks';

/** What every approval operation works with; each operation is a function of it (no req/res). */
export interface OperationContext {
  models: Models;
  runtime: Runtime;
  tasks: TaskService;
  access: AccessPolicy;
  counties: CountyDirectory;
  clock: Clock;
  deployments: DeploymentService;
}

const ALL_OPERATIONS = Object.keys(TASK_OPERATIONS) as TaskOperation[];

/**
 * The operations a step offers: its `pm:operations` as the county admin set it in the modeler, else the
 * county's `taskOperations` setting, else all of them.
 */
export async function offeredAt(ctx: OperationContext, task: TaskRecord): Promise<TaskOperation[]> {
  const deployment = await ctx.deployments.process((await instanceOf(ctx, task)).processDeploymentId);
  const element = deployment.definition.elements[task.elementId];
  if (element?.kind === 'userTask' && element.operations) return element.operations;
  const county = ctx.counties.get(task.county);
  const fallback = county ? countySettingValues(county).taskOperations : undefined;
  if (typeof fallback === 'string') {
    const parsed = parseOperations(fallback);
    if ('offered' in parsed) return parsed.offered;
  }
  return ALL_OPERATIONS;
}

export async function assertOffered(ctx: OperationContext, task: TaskRecord, operation: TaskOperation) {
  if (!(await offeredAt(ctx, task)).includes(operation))
    throw new AppError('OPERATION_NOT_OFFERED', 409, `本环节未开放「${TASK_OPERATIONS[operation]}」`);
}

export interface Person {
  username: string;
  displayName: string;
  county?: string | null;
  orgUnit?: string | null;
}

/** The open task the user may act on now: visible, open, and not held by someone else. */
export async function actingOn(
  ctx: OperationContext,
  user: AuthenticatedUser,
  id: string,
): Promise<TaskRecord> {
  ctx.access.assertCanWrite(user);
  const task = await ctx.tasks.load(user, id);
  assertOpen(task);
  if (task.assignee && task.assignee !== user.username)
    throw new AppError('CONFLICT', 409, `该任务已由 ${task.assignee} 签收`, { assignee: task.assignee });
  return task;
}

export function assertOpen(task: TaskRecord): void {
  if (task.status === 'completed')
    throw new AppError('TASK_ALREADY_COMPLETED', 409, '该任务已办结，不能重复办理');
  if (task.status !== 'open') throw new AppError('CONFLICT', 409, '该任务已撤销（流程已变化），请刷新待办');
}

/**
 * Someone a task may be handed to: an active user of the task's county, in a unit that may write. A name
 * that does not qualify is refused with one message, so other counties' accounts cannot be probed.
 */
export async function colleague(ctx: OperationContext, task: TaskRecord, username: string): Promise<Person> {
  const found = await ctx.models.User.findOne(
    { username, active: true },
    { username: 1, displayName: 1, county: 1, orgUnit: 1, systemRoles: 1 },
  ).lean();
  const person = found as (Person & { systemRoles?: string[] }) | null;
  if (
    !person ||
    person.county !== task.county ||
    ctx.access.isReadOnly(person as never) ||
    !(await mayHandle(ctx, task, person))
  )
    throw new AppError('INVALID_ASSIGNEE', 400, `用户“${username}”不存在，或不是本县区可办理该项目的人员`);
  return person;
}

/** Whether the person may see the project: a candidate unit of the task, the project's department, or county-wide. */
async function mayHandle(ctx: OperationContext, task: TaskRecord, person: Person): Promise<boolean> {
  if (person.orgUnit && task.candidateUnits.includes(person.orgUnit)) return true;
  const scope = ctx.access.projectScope(person as AuthenticatedUser);
  if (scope.kind === 'county' || scope.kind === 'all') return true;
  if (scope.kind !== 'department') return false;
  const project = await ctx.models.Project.findById(task.projectId, { department: 1 }).lean();
  return project?.department === scope.department;
}

/** One audit line outside a transition (the task's assignment changed). Placed after the current revision. */
export function recordEvent(
  ctx: OperationContext,
  task: TaskRecord,
  actor: string,
  action: string,
  fields: { comment?: string; details?: Record<string, unknown> } = {},
): Promise<void> {
  return ctx.tasks.recordTaskEvent(task, actor, action, fields);
}

export async function notify(
  ctx: OperationContext,
  task: TaskRecord,
  kind: string,
  to: string[],
  title: string,
  body?: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.models.Notification.create({
    _id: `task:${task._id.toHexString()}:${kind}:${now.getTime()}:${new Types.ObjectId().toHexString()}`,
    county: task.county,
    audience: to,
    kind,
    title,
    ...(body ? { body } : {}),
    taskId: task._id,
    projectId: task.projectId,
    createdAt: now,
    readBy: [],
  });
}

export const userKey = audience.user;

export async function instanceOf(ctx: OperationContext, task: TaskRecord): Promise<InstanceRecord> {
  const instance = await ctx.models.Instance.findById(task.instanceId).lean<InstanceRecord>();
  if (!instance) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
  return instance;
}

const OPERATION_REJECTIONS = [
  'RETURN_TARGET_NOT_DONE',
  'RETURN_TARGET_INVALID',
  'PARALLEL_BRANCHES_ACTIVE',
  'DIRECT_RETURN_UNSUPPORTED',
  'WITHDRAW_NOT_ALLOWED',
] as const;

/** Engine rejections become 409s with the engine's Chinese message; a vanished task is "already done". */
export function asConflict(err: unknown): never {
  if (err instanceof RejectedCommand && err.rejection.code === 'UNKNOWN_TASK')
    throw new AppError('TASK_ALREADY_COMPLETED', 409, '该任务已办结或已撤回，请刷新待办');
  if (err instanceof RejectedCommand) {
    const code = (OPERATION_REJECTIONS as readonly string[]).includes(err.rejection.code)
      ? (err.rejection.code as ErrorCode)
      : 'CONFLICT';
    throw new AppError(code, 409, err.rejection.message, { code: err.rejection.code });
  }
  throw err;
}

/** After 退回 or 撤回 reopened a step: its new task goes straight to the person who did it before. */
export async function assignReopened(
  ctx: OperationContext,
  instanceId: Types.ObjectId,
  elementId: string,
  username: string | null | undefined,
): Promise<void> {
  if (!username) return;
  const now = ctx.clock.now();
  const reopened = await ctx.models.Task.find(
    { instanceId, elementId, status: 'open', $or: [{ assignee: { $exists: false } }, { assignee: null }] },
    { _id: 1 },
  ).lean();
  // A countersign reopened whole keeps the members' own assignees; only a single step is handed back.
  if (reopened.length !== 1) return;
  for (const { _id } of reopened) {
    await ctx.models.Task.updateOne(
      { _id, status: 'open', $or: [{ assignee: { $exists: false } }, { assignee: null }] },
      { $set: { assignee: username, claimedAt: now, audience: [userKey(username)] } },
    );
  }
}
