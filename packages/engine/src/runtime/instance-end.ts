import { cancelTokensIn } from './cancel';
import type { CancelReason } from './effects';
import type { Run } from './run';
import type { InstanceStatus } from './state';
import { cancelTimers } from './timers';

export const ROOT_SCOPE = 'root';

/** Ends the instance: withdraws all remaining work and records the final status. */
export function endInstance(run: Run, status: Exclude<InstanceStatus, 'active'>, reason: CancelReason): void {
  cancelTokensIn(run, ROOT_SCOPE, reason);
  // Start timers that never fired belong to no token.
  cancelTimers(run, () => true);
  run.state.subscriptions = [];
  run.state.status = status;
  run.state.endedAt = run.now;
  run.agenda.length = 0;
}
