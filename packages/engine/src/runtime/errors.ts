import { isActivity, type BoundaryEventDef } from '../definition';
import { triggerBoundaryEvent } from './boundary-trigger';
import { endInstance } from './instance-end';
import type { Run } from './run';
import type { TokenState } from './state';

/** The error boundary of an activity that catches `errorCode`: an exact match first, then a catch-all. */
function catchingBoundary(
  run: Run,
  activityToken: TokenState,
  errorCode: string | null,
): BoundaryEventDef | null {
  const element = run.element(activityToken.elementId);
  if (!isActivity(element)) return null;
  const boundaries = element.boundaryEvents
    .map((id) => run.element(id) as BoundaryEventDef)
    .filter((boundary) => boundary.trigger.type === 'error');
  const code = (boundary: BoundaryEventDef) =>
    boundary.trigger.type === 'error' ? boundary.trigger.errorCode : null;
  return (
    boundaries.find((boundary) => errorCode !== null && code(boundary) === errorCode) ??
    boundaries.find((boundary) => code(boundary) === null) ??
    null
  );
}

/**
 * Throws a BPMN error from `token`: the nearest enclosing activity with a matching error boundary event
 * is interrupted and the flow continues from that boundary event. `fromActivity` says whether the token's
 * own activity may catch it (a failed service or called process) or only enclosing scopes (an error end
 * event). Uncaught, the instance fails and the server is told with `processFailed`, so that a calling
 * process can route the same error.
 */
export function throwError(
  run: Run,
  token: TokenState,
  errorCode: string | null,
  fromActivity: boolean,
): void {
  let current: TokenState | undefined = token;
  let mayCatch = fromActivity;
  while (current) {
    const boundary = mayCatch ? catchingBoundary(run, current, errorCode) : null;
    if (boundary) {
      triggerBoundaryEvent(run, boundary, current);
      return;
    }
    const scope = run.scope(current.scopeId);
    current = scope?.ownerTokenId ? run.token(scope.ownerTokenId) : undefined;
    mayCatch = true;
  }
  endInstance(run, 'failed', 'error');
  run.emit({ type: 'processFailed', errorCode, elementId: token.elementId });
}
