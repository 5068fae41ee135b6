import { isActivity } from '../definition';
import { detachBoundaryEvents } from './boundary';
import { chooseFlows, type FlowChoice } from './flows';
import { raiseIncident } from './incidents';
import type { Run } from './run';
import { completeScopeIfDone } from './scopes';
import type { TokenState } from './state';
import { fork, removeToken } from './tokens';

/**
 * Sends a token on along the chosen flows. No flows means the path ends here (an end event, or an element
 * without outgoing flows): the token is consumed and its scope may complete. A choice that found no flow
 * leaves the token waiting with an incident.
 */
export function proceed(run: Run, token: TokenState, choice: FlowChoice): void {
  if ('stuck' in choice) {
    raiseIncident(run, token, token.elementId, choice.stuck, 'leave');
    return;
  }
  if (choice.flows.length === 0) {
    consumeToken(run, token);
    return;
  }
  fork(run, token, choice.flows);
}

/** The token is done with its element (task completed, event happened): disarm boundaries and move on. */
export function leaveElement(run: Run, token: TokenState): void {
  const element = run.element(token.elementId);
  if (isActivity(element)) detachBoundaryEvents(run, token);
  proceed(run, token, chooseFlows(run, token, element));
}

export function consumeToken(run: Run, token: TokenState): void {
  removeToken(run, token.id);
  const scope = run.scope(token.scopeId);
  if (!scope) return;
  scope.last = token.last;
  completeScopeIfDone(run, scope.id);
}
