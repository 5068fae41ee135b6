import { ROOT_SCOPE, endInstance } from './instance-end';
import { leaveElement } from './leave';
import type { Run } from './run';
import type { LastCompletion, ScopeState, TokenState } from './state';
import { tokensIn } from './tokens';

export function createScope(
  run: Run,
  kind: ScopeState['kind'],
  owner: TokenState,
  multiInstance: ScopeState['multiInstance'] = null,
): ScopeState {
  const scope: ScopeState = {
    id: run.nextId('scope-'),
    kind,
    elementId: owner.elementId,
    parentId: owner.scopeId,
    ownerTokenId: owner.id,
    last: owner.last,
    multiInstance,
  };
  run.state.scopes.push(scope);
  owner.wait = { kind: 'scope', scopeId: scope.id };
  return scope;
}

/**
 * When the last token of a process or sub-process is gone, that scope is complete: the process ends, or
 * the sub-process's owner token moves on carrying the outcome of the scope's last path. Multi-instance
 * bodies complete by their own rule (see multi-instance.ts).
 */
export function completeScopeIfDone(run: Run, scopeId: string): void {
  const scope = run.scope(scopeId);
  if (!scope || scope.kind === 'multiInstance' || tokensIn(run, scopeId).length > 0) return;
  if (scope.id === ROOT_SCOPE) {
    // No token is left, so the reason is never used: only pending start timers remain to withdraw.
    endInstance(run, 'completed', 'terminated');
    run.emit({ type: 'processCompleted' });
    return;
  }
  finishScope(run, scope, scope.last);
}

/** Removes a finished scope and lets its owner token leave the sub-process or multi-instance task. */
export function finishScope(run: Run, scope: ScopeState, last: LastCompletion | null): void {
  run.state.scopes = run.state.scopes.filter((candidate) => candidate.id !== scope.id);
  const owner = scope.ownerTokenId ? run.token(scope.ownerTokenId) : undefined;
  if (!owner) return;
  owner.last = last;
  leaveElement(run, owner);
}
