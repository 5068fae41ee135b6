import type { SubProcessDef } from '../definition';
import { attachBoundaryEvents } from './boundary';
import { ROOT_SCOPE } from './instance-end';
import type { Run } from './run';
import { createScope } from './scopes';
import type { LastCompletion, ScopeState, TokenState } from './state';
import { spawnToken } from './tokens';

/**
 * Moving work to an element the flows do not lead to (退回 to an earlier step, 撤回): find the scope
 * both places share, withdraw what stands for the current work in it, and open the target there,
 * re-entering the sub-processes in between.
 */

/** The sub-processes around an element, innermost first; the process itself is not listed. */
function containersOf(run: Run, elementId: string): string[] {
  const chain: string[] = [];
  for (let parent = run.element(elementId).parent; parent; parent = run.element(parent).parent) {
    chain.push(parent);
  }
  return chain;
}

/** The innermost running process or sub-process scope, from `scopeId` outwards, that contains `target`. */
export function sharedScope(run: Run, scopeId: string, target: string): ScopeState {
  const containers = new Set(containersOf(run, target));
  for (
    let scope = run.scope(scopeId);
    scope;
    scope = scope.parentId ? run.scope(scope.parentId) : undefined
  ) {
    if (scope.kind === 'process') return scope;
    if (scope.kind === 'subProcess' && containers.has(scope.elementId as string)) return scope;
  }
  return run.scope(ROOT_SCOPE) as ScopeState;
}

/** The token that carries `token`'s work in `scopeId`: itself, or the owner of a scope it is inside. */
export function standIn(run: Run, token: TokenState, scopeId: string): TokenState {
  let current = token;
  while (current.scopeId !== scopeId) {
    const scope = run.scope(current.scopeId) as ScopeState;
    current = run.token(scope.ownerTokenId as string) as TokenState;
  }
  return current;
}

/** Opens `target` inside `scope`, entering the sub-processes between them (their boundary events armed). */
export function openAt(
  run: Run,
  scope: ScopeState,
  target: string,
  last: LastCompletion | null,
  directReturn: string | null,
): TokenState {
  const path = containersOf(run, target);
  const inside = scope.elementId ? path.indexOf(scope.elementId) : path.length;
  let current = scope;
  for (const subProcessId of path.slice(0, inside).reverse()) {
    const owner = spawnToken(run, current.id, subProcessId, last);
    attachBoundaryEvents(run, owner, run.element(subProcessId) as SubProcessDef);
    current = createScope(run, 'subProcess', owner);
  }
  const token = spawnToken(run, current.id, target, last);
  if (directReturn) token.directReturn = directReturn;
  return token;
}

/** Drops the cancellation of the task the command itself acted on: the server records it as done. */
export function keepOwnTask(run: Run, taskRef: string): void {
  const index = run.effects.findIndex((effect) => effect.type === 'cancelTask' && effect.taskRef === taskRef);
  if (index >= 0) run.effects.splice(index, 1);
}
