import { countySettingValues } from '@pm/config';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import { assertOpen, notify, recordEvent, assertOffered, type OperationContext } from './context';

const DEFAULT_INTERVAL_HOURS = 24;

/** Hours between two reminders of one task: the county's `remindIntervalHours`, else a day. */
function intervalHours(ctx: OperationContext, county: string): number {
  const manifest = ctx.counties.get(county);
  const value = manifest ? countySettingValues(manifest).remindIntervalHours : undefined;
  return typeof value === 'number' && value > 0 ? value : DEFAULT_INTERVAL_HOURS;
}

/**
 * 催办: anyone who took part in the instance (started it or did a step) reminds the current candidates,
 * at most once per interval per task (a conditional write on `remindedAt`, so two at once send one).
 */
export async function remind(ctx: OperationContext, user: AuthenticatedUser, id: string) {
  ctx.access.assertCanWrite(user);
  const task = await ctx.models.Task.findById(id).lean();
  const took =
    task &&
    task.county === user.county &&
    (ctx.access.isCountyAdmin(user, task.county) ||
      (await ctx.models.Task.exists({ instanceId: task.instanceId, completedBy: user.username })) ||
      (await ctx.models.Instance.exists({ _id: task.instanceId, startedBy: user.username })));
  if (!task || !took) throw new AppError('NOT_FOUND', 404, '任务不存在或您无权催办');
  assertOpen(task as never);
  await assertOffered(ctx, task as never, 'remind');
  const now = ctx.clock.now();
  const hours = intervalHours(ctx, task.county);
  const since = new Date(now.getTime() - hours * 3600_000);
  const res = await ctx.models.Task.updateOne(
    {
      _id: task._id,
      status: 'open',
      $or: [{ remindedAt: { $exists: false } }, { remindedAt: { $lte: since } }],
    },
    { $set: { remindedAt: now } },
  );
  if (res.matchedCount === 0) {
    const last = task.remindedAt ? new Date(task.remindedAt) : now;
    const next = new Date(last.getTime() + hours * 3600_000);
    throw new AppError('REMIND_TOO_OFTEN', 409, `该任务已催办过，${hours} 小时内只能催办一次`, {
      nextAllowedAt: next.toISOString(),
    });
  }
  await recordEvent(ctx, task as never, user.username, 'task.reminded');
  await notify(
    ctx,
    task as never,
    'task.reminded',
    task.audience,
    `催办：「${task.projectName}」${task.name}`,
  );
  return {
    remindedAt: now.toISOString(),
    nextAllowedAt: new Date(now.getTime() + hours * 3600_000).toISOString(),
  };
}
