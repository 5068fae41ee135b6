import { isActivity } from '../definition';
import { detachBoundaryEvents } from './boundary';
import { chooseFlows, type FlowChoice } from './flows';
import { raiseIncident } from './incidents';
import type { Run } from './run';
import { completeScopeIfDone } from './scopes';
import type { TokenState } from './state';
import { fork, removeToken, tokensIn } from './tokens';

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
  if (token.directReturn) {
    const back = token.directReturn;
    delete token.directReturn;
    // 退回后直送: the returned step is done again, so the work goes straight back to whoever returned it,
    // unless it was sent back once more.
    if (!SENDS_BACK.has(token.last?.outcome ?? '')) {
      token.elementId = back;
      token.arrivedVia = null;
      token.wait = { kind: 'entering' };
      run.agenda.push(token.id);
      return;
    }
  }
  proceed(run, token, chooseFlows(run, token, element));
}

const SENDS_BACK = new Set(['return', 'reject']);

export function consumeToken(run: Run, token: TokenState): void {
  removeToken(run, token.id);
  const scope = run.scope(token.scopeId);
  if (!scope) return;
  scope.last = token.last;
  const owner = scope.ownerTokenId ? run.token(scope.ownerTokenId) : undefined;
  // The sub-process ends with this token: what comes after it was started by the same completion.
  if (owner && token.origin && scope.kind === 'subProcess' && tokensIn(run, scope.id).length === 0)
    owner.origin = token.origin;
  completeScopeIfDone(run, scope.id);
}
