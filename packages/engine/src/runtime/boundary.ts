import type { ActivityDef, BoundaryEventDef } from '../definition';
import type { Run } from './run';
import type { TokenState } from './state';
import { cancelTimers, scheduleTimer } from './timers';
import { refFor } from './tokens';

/** Arms the timer and message boundary events of an activity the token has just entered. */
export function attachBoundaryEvents(run: Run, token: TokenState, activity: ActivityDef): void {
  for (const boundaryId of activity.boundaryEvents) {
    const boundary = run.element(boundaryId) as BoundaryEventDef;
    if (boundary.trigger.type === 'timer')
      scheduleTimer(run, boundaryId, boundary.trigger.timer, token, false);
    if (boundary.trigger.type === 'message') {
      run.state.subscriptions.push({
        ref: refFor(run, boundaryId),
        name: boundary.trigger.message,
        elementId: boundaryId,
        tokenId: token.id,
      });
    }
  }
}

/** Disarms everything attached to the token: boundary timers and message subscriptions. */
export function detachBoundaryEvents(run: Run, token: TokenState): void {
  cancelTimers(run, (timer) => timer.tokenId === token.id);
  run.state.subscriptions = run.state.subscriptions.filter(
    (subscription) => subscription.tokenId !== token.id,
  );
}
