import { Types } from 'mongoose';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import type { TaskRecord } from '../tasks';
import { asConflict, assignReopened, assertOffered, type OperationContext } from './context';

/**
 * 撤回: the completer of the step done last takes it back while the next step has not been acted on.
 * The engine decides (its `lastCompleted` is replaced by any later completion, so of 撤回 and the next
 * person's completion exactly one wins the conditional write); the reopened task goes back to the
 * completer and shows the data they sent.
 */
export async function withdrawTask(
  ctx: OperationContext,
  user: AuthenticatedUser,
  task: TaskRecord,
  comment: string | undefined,
) {
  ctx.access.assertCanWrite(user);
  if (task.status !== 'completed' || task.completedBy !== user.username)
    throw new AppError('WITHDRAW_NOT_ALLOWED', 409, '只能撤回本人已办理的任务');
  await assertOffered(ctx, task, 'withdraw');
  const started = await ctx.models.Task.exists({
    instanceId: task.instanceId,
    status: 'open',
    createdAt: { $gte: task.completedAt },
    draftSavedAt: { $exists: true },
  });
  if (started) throw new AppError('WITHDRAW_NOT_ALLOWED', 409, '下一环节已开始办理（已暂存），不能撤回');
  const text = comment?.trim() || undefined;
  try {
    await ctx.runtime.transition(
      task.instanceId,
      { type: 'withdraw', taskRef: task.taskRef, actor: user.username },
      {
        actor: user.username,
        event: {
          action: 'task.withdrawn',
          taskId: task._id,
          taskName: task.name,
          comment: text,
        },
      },
    );
  } catch (err) {
    asConflict(err);
  }
  await ctx.models.Task.updateOne({ _id: task._id }, { $set: { withdrawnAt: ctx.clock.now() } });
  await assignReopened(ctx, task.instanceId, task.elementId, user.username);
  const reopened = await ctx.models.Task.findOne(
    { instanceId: task.instanceId, elementId: task.elementId, status: 'open' },
    { _id: 1 },
  )
    .sort({ createdAt: -1 })
    .lean();
  return { taskId: reopened ? reopened._id.toHexString() : null };
}

/** 撤回 on an instance: the user's own latest completion in it. */
export async function withdrawInInstance(
  ctx: OperationContext,
  user: AuthenticatedUser,
  instanceId: string,
  comment: string | undefined,
) {
  if (!Types.ObjectId.isValid(instanceId)) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
  const task = await ctx.models.Task.findOne({
    instanceId: new Types.ObjectId(instanceId),
    completedBy: user.username,
    status: 'completed',
  })
    .sort({ completedAt: -1 })
    .lean<TaskRecord>();
  if (!task) throw new AppError('NOT_FOUND', 404, '您在该流程中没有可撤回的任务');
  return withdrawTask(ctx, user, task, comment);
}
