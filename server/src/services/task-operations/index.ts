import type { AuthenticatedUser } from '../auth';
import { delegate, resolve, transfer, type HandOver } from './assignment';
import { offeredAt, type OperationContext } from './context';
import { TASK_OPERATIONS } from '@pm/engine';
import type { Delegation } from './assignment';
import type { InstanceRecord } from '../runtime/runtime';
import { copiedToMe, copyTask, markCopyRead } from './copy';
import { nextApprovers } from './preview';
import { remind } from './remind';
import { returnTargets, returnTo } from './return';
import { withdrawInInstance, withdrawTask } from './withdraw';

export { pendingDelegation } from './assignment';

/**
 * The approval operations Chinese BPM users expect (转办, 委派, 退回到任一已办环节, 撤回, 催办), beside the
 * task service's claim/complete. Each checks its rules here and changes the engine through a
 * command (退回, 撤回) or the task's assignment through a conditional write (转办, 委派), with an
 * audit event either way.
 */
export class TaskOperations {
  constructor(private readonly ctx: OperationContext) {}

  transfer(user: AuthenticatedUser, id: string, input: HandOver) {
    return transfer(this.ctx, user, id, input);
  }

  delegate(user: AuthenticatedUser, id: string, input: HandOver) {
    return delegate(this.ctx, user, id, input);
  }

  resolve(user: AuthenticatedUser, id: string, input: { comment?: string }) {
    return resolve(this.ctx, user, id, input);
  }

  returnTargets(user: AuthenticatedUser, id: string) {
    return returnTargets(this.ctx, user, id);
  }

  returnTo(
    user: AuthenticatedUser,
    id: string,
    input: { target: string; comment?: string; direct?: boolean },
  ) {
    return returnTo(this.ctx, user, id, input);
  }

  async withdrawTask(user: AuthenticatedUser, id: string, comment?: string) {
    return withdrawTask(this.ctx, user, await this.ctx.tasks.load(user, id), comment);
  }

  withdrawInInstance(user: AuthenticatedUser, instanceId: string, comment?: string) {
    return withdrawInInstance(this.ctx, user, instanceId, comment);
  }

  remind(user: AuthenticatedUser, id: string) {
    return remind(this.ctx, user, id);
  }

  copy(user: AuthenticatedUser, id: string, input: { to: string[]; comment?: string }) {
    return copyTask(this.ctx, user, id, input);
  }

  copied(user: AuthenticatedUser, query: { limit: number; offset: number }) {
    return copiedToMe(this.ctx, user, query);
  }

  markCopyRead(user: AuthenticatedUser, copyId: string) {
    return markCopyRead(this.ctx, user, copyId);
  }

  nextApprovers(user: AuthenticatedUser, id: string, outcome: string) {
    return nextApprovers(this.ctx, user, id, outcome);
  }

  /** What the task page offers this user now: the step's operations, a pending 委派, whether 撤回 applies. */
  async available(user: AuthenticatedUser, id: string) {
    const task = await this.ctx.tasks.load(user, id);
    const offered = await offeredAt(this.ctx, task);
    const delegation = (task.delegation as Delegation | undefined) ?? null;
    let canWithdraw = false;
    if (task.status === 'completed' && task.completedBy === user.username && offered.includes('withdraw')) {
      const instance = await this.ctx.models.Instance.findById(task.instanceId, {
        'state.lastCompleted': 1,
        status: 1,
      }).lean<InstanceRecord>();
      canWithdraw = instance?.status === 'active' && instance.state.lastCompleted?.taskRef === task.taskRef;
    }
    return {
      offered: offered.map((op) => ({ id: op, label: TASK_OPERATIONS[op] })),
      delegation: delegation
        ? { owner: delegation.owner, delegate: delegation.delegate, status: delegation.status }
        : null,
      canWithdraw,
    };
  }
}
