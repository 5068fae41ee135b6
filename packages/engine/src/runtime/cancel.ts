import { detachBoundaryEvents } from './boundary';
import type { CancelReason } from './effects';
import { dropIncidentsOf } from './incidents';
import type { Run } from './run';
import type { TokenState } from './state';
import { removeToken, tokensIn } from './tokens';

/**
 * Withdraws a token and all work it waits for: its task, its called process, its timers and
 * subscriptions, its incidents, and every token inside the scope it owns.
 */
export function cancelToken(run: Run, token: TokenState, reason: CancelReason): void {
  const wait = token.wait;
  if (wait.kind === 'task') run.emit({ type: 'cancelTask', taskRef: wait.taskRef, reason });
  if (wait.kind === 'callActivity') run.emit({ type: 'cancelCallActivity', ref: wait.ref, reason });
  if (wait.kind === 'scope') cancelScope(run, wait.scopeId, reason);
  detachBoundaryEvents(run, token);
  dropIncidentsOf(run, token.id);
  removeToken(run, token.id);
}

/** Cancels every token in a scope and forgets the scope. */
function cancelScope(run: Run, scopeId: string, reason: CancelReason): void {
  for (const token of tokensIn(run, scopeId)) cancelToken(run, token, reason);
  run.state.scopes = run.state.scopes.filter((scope) => scope.id !== scopeId);
}

/** Cancels the tokens of a scope but keeps the scope itself (terminate end event, instance end). */
export function cancelTokensIn(run: Run, scopeId: string, reason: CancelReason, except?: string): void {
  for (const token of tokensIn(run, scopeId)) {
    if (token.id !== except) cancelToken(run, token, reason);
  }
}
