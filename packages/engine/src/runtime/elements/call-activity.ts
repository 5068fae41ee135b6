import type { CallActivityDef } from '../../definition';
import { attachBoundaryEvents } from '../boundary';
import { raiseIncident } from '../incidents';
import type { Run } from '../run';
import type { TokenState } from '../state';
import { refFor } from '../tokens';

/**
 * Stage chaining: the server starts an instance of `calledElement` with a copy of our variables and later
 * reports `completeCallActivity` (its variables merged back) or `failCallActivity` (a BPMN error).
 */
export function enterCallActivity(run: Run, token: TokenState, activity: CallActivityDef): void {
  if (!activity.calledElement) {
    raiseIncident(run, token, activity.id, '调用活动没有设置被调用的流程（calledElement）', 'enter');
    return;
  }
  attachBoundaryEvents(run, token, activity);
  const ref = refFor(run, activity.id);
  token.wait = { kind: 'callActivity', ref };
  run.emit({
    type: 'startCallActivity',
    ref,
    elementId: activity.id,
    processId: activity.calledElement,
    variables: structuredClone(run.state.variables),
  });
}
