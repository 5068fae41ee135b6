import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import type { TaskRecord } from '../tasks';
import { pendingDelegation } from './assignment';
import {
  actingOn,
  asConflict,
  assignReopened,
  instanceOf,
  assertOffered,
  type OperationContext,
} from './context';

export interface ReturnTarget {
  elementId: string;
  name: string;
  completedBy: string | null;
  completedAt: string | null;
}

/** The steps done before in this instance that the task may be returned to, in the order first done. */
async function targetsOf(ctx: OperationContext, task: TaskRecord): Promise<ReturnTarget[]> {
  const instance = await instanceOf(ctx, task);
  const done = (instance.state.completedElements ?? []).filter((id) => id !== task.elementId);
  const completed = await ctx.models.Task.find(
    { instanceId: task.instanceId, status: 'completed', elementId: { $in: done } },
    { elementId: 1, name: 1, completedBy: 1, completedAt: 1 },
  )
    .sort({ completedAt: 1 })
    .lean();
  // The latest completion of each step says who gets it back.
  const latest = new Map(completed.map((previous) => [previous.elementId, previous]));
  return done.flatMap((elementId) => {
    const previous = latest.get(elementId);
    if (!previous) return [];
    return [
      {
        elementId,
        name: previous.name,
        completedBy: previous.completedBy ?? null,
        completedAt: previous.completedAt ? new Date(previous.completedAt).toISOString() : null,
      },
    ];
  });
}

export async function returnTargets(ctx: OperationContext, user: AuthenticatedUser, id: string) {
  const task = await ctx.tasks.load(user, id);
  return { items: task.status === 'open' ? await targetsOf(ctx, task) : [] };
}

/**
 * 退回到任一已办环节: the engine withdraws this task (and its countersign or sub-process) and reopens the
 * target, which goes to whoever did it last; its data is the data they sent (kept on the instance).
 */
export async function returnTo(
  ctx: OperationContext,
  user: AuthenticatedUser,
  id: string,
  input: { target: string; comment?: string; direct?: boolean },
) {
  const task = await actingOn(ctx, user, id);
  await assertOffered(ctx, task, 'return');
  if (pendingDelegation(task)) throw new AppError('CONFLICT', 409, '委派中的任务须由委派人办理');
  const comment = input.comment?.trim();
  if (!comment)
    throw new AppError('VALIDATION_FAILED', 400, '退回须填写意见', [
      { path: 'comment', message: '请填写退回理由或修改意见' },
    ]);
  const target = (await targetsOf(ctx, task)).find((candidate) => candidate.elementId === input.target);
  if (!target)
    throw new AppError('RETURN_TARGET_NOT_DONE', 400, '只能退回到本流程已办理过的环节', [
      { path: 'target', message: `“${input.target}”不是可退回的环节` },
    ]);
  const now = ctx.clock.now();
  try {
    await ctx.runtime.transition(
      task.instanceId,
      {
        type: 'returnTo',
        taskRef: task.taskRef,
        target: target.elementId,
        direct: input.direct === true,
        actor: user.username,
      },
      {
        actor: user.username,
        event: {
          action: 'task.returned',
          taskId: task._id,
          taskName: task.name,
          outcome: 'return',
          outcomeLabel: `退回至${target.name}`,
          comment,
          details: { target: target.elementId, targetName: target.name, direct: input.direct === true },
        },
        ops: [
          {
            op: 'completeTask',
            taskId: task._id,
            outcome: 'return',
            data: { returnedTo: target.elementId, direct: input.direct === true },
            comment,
            actor: user.username,
            at: now,
          },
        ],
      },
    );
  } catch (err) {
    asConflict(err);
  }
  await assignReopened(ctx, task.instanceId, target.elementId, target.completedBy);
  return ctx.tasks.summary({
    ...task,
    status: 'completed',
    outcome: 'return',
    completedAt: now,
    completedBy: user.username,
  });
}
