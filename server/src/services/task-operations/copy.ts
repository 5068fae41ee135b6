import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import { audience } from '../runtime/ids';
import type { TaskRecord } from '../tasks';
import { notify, recordEvent, type OperationContext } from './context';

/** A recipient as written: a user name (`county.unit`) or an org unit code of the task's county. */
async function recipientKey(ctx: OperationContext, task: TaskRecord, to: string): Promise<string> {
  if (ctx.counties.orgUnit(task.county, to)) return audience.unit(task.county, to);
  const user = await ctx.models.User.findOne({ username: to, active: true }, { county: 1 }).lean();
  if (user?.county === task.county) return audience.user(to);
  throw new AppError('INVALID_ASSIGNEE', 400, `抄送对象“${to}”不是本县区的用户或单位`, [
    { path: 'to', message: to },
  ]);
}

/** 抄送 by hand: whoever sees the task sends it to people or units of the county, to read. */
export async function copyTask(
  ctx: OperationContext,
  user: AuthenticatedUser,
  id: string,
  input: { to: string[]; comment?: string },
) {
  ctx.access.assertCanWrite(user);
  const task = await ctx.tasks.load(user, id);
  if (input.to.length === 0)
    throw new AppError('VALIDATION_FAILED', 400, '请选择抄送对象', [{ path: 'to', message: '至少一个' }]);
  const keys = [...new Set(await Promise.all(input.to.map((to) => recipientKey(ctx, task, to))))];
  const now = ctx.clock.now();
  const comment = input.comment?.trim() || undefined;
  for (const key of keys) {
    await ctx.models.Copy.updateOne(
      { _id: `${task._id.toHexString()}:${key}` },
      {
        $setOnInsert: {
          county: task.county,
          taskId: task._id,
          instanceId: task.instanceId,
          projectId: task.projectId,
          to: key,
          from: user.username,
          comment,
          createdAt: now,
          readBy: [],
        },
      },
      { upsert: true },
    );
  }
  await recordEvent(ctx, task, user.username, 'task.copied', { comment, details: { to: input.to } });
  await notify(ctx, task, 'task.copied', keys, `抄送：「${task.projectName}」${task.name}`);
  return { copied: keys.length };
}

/** 抄送我的: copies addressed to the user or their unit, latest first, each with read status. */
export async function copiedToMe(
  ctx: OperationContext,
  user: AuthenticatedUser,
  query: { limit: number; offset: number },
) {
  const filter = { to: { $in: ctx.tasks.audienceOf(user) } };
  const [copies, total] = await Promise.all([
    ctx.models.Copy.find(filter).sort({ createdAt: -1 }).skip(query.offset).limit(query.limit).lean(),
    ctx.models.Copy.countDocuments(filter),
  ]);
  const tasks = new Map(
    (
      await ctx.models.Task.find({ _id: { $in: copies.map((c) => c.taskId) } }, { draft: 0, data: 0 }).lean<
        TaskRecord[]
      >()
    ).map((t) => [t._id.toHexString(), t]),
  );
  const items = copies.flatMap((copy) => {
    const task = tasks.get(copy.taskId.toHexString());
    if (!task) return [];
    return [
      {
        ...ctx.tasks.summary(task),
        copy: {
          id: copy._id,
          from: copy.from,
          comment: copy.comment ?? null,
          at: new Date(copy.createdAt).toISOString(),
          read: copy.readBy.includes(user.username),
        },
      },
    ];
  });
  return { items, total };
}

/** Marks a copy read by this user (once). */
export async function markCopyRead(ctx: OperationContext, user: AuthenticatedUser, copyId: string) {
  const copy = await ctx.models.Copy.findOne({ _id: copyId, to: { $in: ctx.tasks.audienceOf(user) } }).lean();
  if (!copy) throw new AppError('NOT_FOUND', 404, '抄送不存在');
  await ctx.models.Copy.updateOne({ _id: copyId }, { $addToSet: { readBy: user.username } });
  return { read: true };
}
