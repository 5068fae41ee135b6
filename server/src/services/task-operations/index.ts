import type { AuthenticatedUser } from '../auth';
import { delegate, resolve, transfer, type HandOver } from './assignment';
import type { OperationContext } from './context';
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
}
