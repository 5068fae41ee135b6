import type { BoundaryEventDef } from '../definition';
import { cancelToken } from './cancel';
import type { Run } from './run';
import type { TokenState } from './state';
import { spawnToken } from './tokens';

/**
 * A boundary event happened on the activity held by `activityToken`. Interrupting: the activity and all
 * its work are withdrawn. Either way a new token leaves from the boundary event.
 */
export function triggerBoundaryEvent(run: Run, boundary: BoundaryEventDef, activityToken: TokenState): void {
  const { scopeId, last } = activityToken;
  if (boundary.interrupting) cancelToken(run, activityToken, 'boundaryEvent');
  spawnToken(run, scopeId, boundary.id, last);
}
