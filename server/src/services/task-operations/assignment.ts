import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import type { TaskRecord } from '../tasks';
import {
  actingOn,
  colleague,
  notify,
  recordEvent,
  userKey,
  assertOffered,
  type OperationContext,
} from './context';

export interface HandOver {
  to: string;
  comment?: string;
}

/** A task under 委派 waits for the delegate's answer: the owner's and the delegate's sides of it. */
export interface Delegation {
  owner: string;
  delegate: string;
  status: 'pending' | 'resolved';
  comment?: string;
}

export function pendingDelegation(task: TaskRecord): Delegation | null {
  const delegation = task.delegation as Delegation | undefined;
  return delegation?.status === 'pending' ? delegation : null;
}

function assertNotSelf(user: AuthenticatedUser, to: string, what: string): void {
  if (to === user.username) throw new AppError('INVALID_ASSIGNEE', 400, `不能${what}给自己`);
}

/**
 * Moves the task from the acting user to `to` with a conditional write: only if it is still open and
 * still theirs (or unclaimed), so a concurrent claim or completion wins cleanly.
 */
async function handTo(
  ctx: OperationContext,
  task: TaskRecord,
  user: AuthenticatedUser,
  to: string,
  set: Record<string, unknown>,
): Promise<void> {
  const res = await ctx.models.Task.updateOne(
    {
      _id: task._id,
      status: 'open',
      $or: [{ assignee: { $exists: false } }, { assignee: null }, { assignee: user.username }],
    },
    { $set: { assignee: to, claimedAt: ctx.clock.now(), audience: [userKey(to)], ...set } },
  );
  if (res.matchedCount === 0)
    throw new AppError('CONFLICT', 409, '任务已变化（已办结或已由他人签收），请刷新');
}

/** 转办: the other person becomes the task's assignee and decides it; the draft goes with it. */
export async function transfer(ctx: OperationContext, user: AuthenticatedUser, id: string, input: HandOver) {
  const task = await actingOn(ctx, user, id);
  await assertOffered(ctx, task, 'transfer');
  assertNotSelf(user, input.to, '转办');
  if (pendingDelegation(task)) throw new AppError('CONFLICT', 409, '委派中的任务不能转办，请先收回委派');
  const to = await colleague(ctx, task, input.to);
  await handTo(ctx, task, user, to.username, {});
  await recordEvent(ctx, task, user.username, 'task.transferred', {
    comment: input.comment?.trim() || undefined,
    details: { from: user.username, to: to.username, toName: to.displayName },
  });
  await notify(
    ctx,
    task,
    'task.transferred',
    [userKey(to.username)],
    `转办待办：「${task.projectName}」${task.name}`,
  );
  return ctx.tasks.summary({ ...task, assignee: to.username });
}

/** 委派: the delegate works on the task and hands it back (/resolve); the owner then decides it. */
export async function delegate(ctx: OperationContext, user: AuthenticatedUser, id: string, input: HandOver) {
  const task = await actingOn(ctx, user, id);
  await assertOffered(ctx, task, 'delegate');
  assertNotSelf(user, input.to, '委派');
  if (pendingDelegation(task)) throw new AppError('CONFLICT', 409, '该任务已在委派中');
  const to = await colleague(ctx, task, input.to);
  const delegation: Delegation = {
    owner: user.username,
    delegate: to.username,
    status: 'pending',
    ...(input.comment?.trim() ? { comment: input.comment.trim() } : {}),
  };
  // The owner keeps seeing the task (read-only) through candidateAudience while the delegate holds it.
  await handTo(ctx, task, user, to.username, {
    delegation,
    candidateAudience: [...new Set([...(task.candidateAudience ?? []), userKey(user.username)])],
  });
  await recordEvent(ctx, task, user.username, 'task.delegated', {
    comment: delegation.comment,
    details: { from: user.username, to: to.username, toName: to.displayName },
  });
  await notify(
    ctx,
    task,
    'task.delegated',
    [userKey(to.username)],
    `委派待办：「${task.projectName}」${task.name}`,
  );
  return ctx.tasks.summary({ ...task, assignee: to.username });
}

/** The delegate is done: the task goes back to the owner, with the delegate's draft and comment. */
export async function resolve(
  ctx: OperationContext,
  user: AuthenticatedUser,
  id: string,
  input: { comment?: string },
) {
  const task = await actingOn(ctx, user, id);
  const delegation = pendingDelegation(task);
  if (!delegation || delegation.delegate !== user.username)
    throw new AppError('CONFLICT', 409, '该任务不是委派给您的任务');
  const comment = input.comment?.trim() || undefined;
  const res = await ctx.models.Task.updateOne(
    { _id: task._id, status: 'open', assignee: user.username, 'delegation.status': 'pending' },
    {
      $set: {
        assignee: delegation.owner,
        claimedAt: ctx.clock.now(),
        audience: [userKey(delegation.owner)],
        delegation: { ...delegation, status: 'resolved', ...(comment ? { answer: comment } : {}) },
      },
    },
  );
  if (res.matchedCount === 0) throw new AppError('CONFLICT', 409, '任务已变化，请刷新');
  await recordEvent(ctx, task, user.username, 'task.delegation.resolved', {
    comment,
    details: { to: delegation.owner },
  });
  await notify(
    ctx,
    task,
    'task.delegation.resolved',
    [userKey(delegation.owner)],
    `委派已办理完毕：「${task.projectName}」${task.name}`,
  );
  return ctx.tasks.summary({ ...task, assignee: delegation.owner });
}
