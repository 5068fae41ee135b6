import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Models } from '../models';
import type { AuditTrail } from '../services/audit/trail';
import type { Clock } from '../services/clock';
import { RejectedCommand, type Runtime } from '../services/runtime/runtime';

const LEASE_MS = 60_000;
const BATCH = 100;

/**
 * The polling jobs every server process runs: fire due timers (claimed with a lease, so any
 * number of processes can poll and each timer fires once), notify overdue tasks, finish
 * transitions a crash interrupted, and seal audit events a crash left unsealed. `runOnce` is what tests call after moving the fake clock.
 */
export class Scheduler {
  private readonly owner = randomUUID();
  private handle: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly models: Models,
    private readonly runtime: Runtime,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.error({ err }, 'scheduler tick failed'))
        .finally(() => {
          this.running = undefined;
          if (this.handle) this.handle = setTimeout(tick, intervalMs).unref();
        });
    };
    this.handle = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    await this.running;
  }

  async runOnce(): Promise<{
    timersFired: number;
    overdueNotified: number;
    recovered: number;
    eventsSealed: number;
  }> {
    const recovered = await this.runtime.recover();
    const timersFired = await this.fireDueTimers();
    const overdueNotified = await this.notifyOverdue();
    const eventsSealed = await this.audit.sealAll();
    return { timersFired, overdueNotified, recovered, eventsSealed };
  }

  private async claimTimer() {
    const now = this.clock.now();
    return this.models.Timer.findOneAndUpdate(
      {
        status: 'scheduled',
        fireAt: { $lte: now },
        $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: null }, { leaseUntil: { $lt: now } }],
      },
      {
        $set: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
        $inc: { attempts: 1 },
      },
      { sort: { fireAt: 1 }, new: true },
    ).lean();
  }

  async fireDueTimers(): Promise<number> {
    let fired = 0;
    for (let i = 0; i < BATCH; i++) {
      const timer = await this.claimTimer();
      if (!timer) break;
      try {
        await this.runtime.transition(
          timer.instanceId,
          { type: 'fireTimer', timerRef: timer.timerRef },
          {
            actor: 'system',
            event: { action: 'timer.fired', details: { elementId: timer.elementId, fireAt: timer.fireAt } },
          },
        );
        await this.models.Timer.updateOne(
          { _id: timer._id, leaseOwner: this.owner },
          { $set: { status: 'fired' } },
        );
        fired++;
      } catch (err) {
        if (err instanceof RejectedCommand) {
          // The instance moved on (the task was done, the timer cancelled): nothing left to fire.
          await this.models.Timer.updateOne(
            { _id: timer._id },
            { $set: { status: 'cancelled', lastError: err.message } },
          );
        } else {
          this.logger.error({ err, timer: timer._id }, 'timer failed; retried when its lease expires');
          await this.models.Timer.updateOne({ _id: timer._id }, { $set: { lastError: String(err) } });
        }
      }
    }
    return fired;
  }

  async notifyOverdue(): Promise<number> {
    const now = this.clock.now();
    const overdue = await this.models.Task.find(
      { status: 'open', due: { $lt: now }, overdueNotifiedAt: { $exists: false } },
      { audience: 1, county: 1, name: 1, projectName: 1, projectId: 1, due: 1 },
    )
      .limit(BATCH)
      .lean();
    for (const task of overdue) {
      await this.models.Notification.collection
        .insertOne({
          _id: `task:${task._id.toHexString()}:overdue`,
          county: task.county,
          audience: task.audience,
          kind: 'task.overdue',
          title: `待办已逾期：「${task.projectName ?? ''}」${task.name}`,
          taskId: task._id,
          projectId: task.projectId,
          createdAt: now,
          readBy: [],
        } as never)
        .catch((err: { code?: number }) => {
          if (err.code !== 11000) throw err;
        });
      await this.models.Task.updateOne({ _id: task._id }, { $set: { overdueNotifiedAt: now } });
    }
    return overdue.length;
  }
}
