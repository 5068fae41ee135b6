import type { MultiInstanceSpec, UserTaskDef } from '../../definition';
import { toJsonValue, type JsonValue } from '../../feel';
import { attachBoundaryEvents } from '../boundary';
import { cancelTokensIn } from '../cancel';
import { evaluateForToken, multiInstanceCounters } from '../feel-context';
import { raiseIncident } from '../incidents';
import { leaveElement } from '../leave';
import type { Run } from '../run';
import { createScope, finishScope } from '../scopes';
import type {
  LastCompletion,
  MultiInstanceResult,
  MultiInstanceSummary,
  ScopeState,
  TokenState,
} from '../state';
import { removeToken, spawnToken, tokensIn } from '../tokens';

/**
 * Countersign (会签): a user task run once per expert, in parallel or one after another. The outer token
 * owns a multi-instance scope whose tokens are the instances. Once every instance is done, or the
 * completion condition holds, open instances are withdrawn and the outer token leaves carrying the
 * aggregate: `outcome` is the outcome most instances chose (null on a tie), and the counters
 * `nrOfInstances`, `nrOfCompletedInstances`, `nrOfApprovals`, `nrOfReturns`, `nrOfRejections`,
 * `outcomes` (in instance order) and `outcomeCounts` are visible to the gateway after it.
 */

export function isInstanceToken(run: Run, token: TokenState, task: UserTaskDef): boolean {
  const scope = run.scope(token.scopeId);
  return scope?.kind === 'multiInstance' && scope.elementId === task.id;
}

type Size = { total: number; items: JsonValue[] | null } | { error: string };

function resolveSize(run: Run, token: TokenState, spec: MultiInstanceSpec): Size {
  const source = spec.collection ?? spec.loopCardinality;
  if (source === null) return { error: '会签没有设置 pm:collection 或 loopCardinality' };
  const result = evaluateForToken(run, token, source);
  if (!result.ok) return { error: result.error };
  const value = toJsonValue(result.value);
  if (spec.collection !== null) {
    return Array.isArray(value)
      ? { total: value.length, items: value }
      : { error: `会签人员集合“${source}”不是列表` };
  }
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? { total: value, items: null }
    : { error: `会签人数“${source}”不是非负整数` };
}

export function startMultiInstance(run: Run, token: TokenState, task: UserTaskDef): void {
  const spec = task.multiInstance as MultiInstanceSpec;
  const size = resolveSize(run, token, spec);
  if ('error' in size) {
    raiseIncident(run, token, task.id, size.error, 'enter');
    return;
  }
  attachBoundaryEvents(run, token, task);
  if (size.total === 0) {
    token.last = aggregate(task, {
      sequential: spec.sequential,
      total: 0,
      items: size.items,
      nextIndex: 0,
      results: [],
    });
    leaveElement(run, token);
    return;
  }
  const scope = createScope(run, 'multiInstance', token, {
    sequential: spec.sequential,
    total: size.total,
    items: size.items,
    nextIndex: 0,
    results: [],
  });
  const first = spec.sequential ? 1 : size.total;
  for (let i = 0; i < first; i++) spawnInstance(run, scope);
}

function spawnInstance(run: Run, scope: ScopeState): void {
  const state = scope.multiInstance as NonNullable<ScopeState['multiInstance']>;
  const index = state.nextIndex;
  state.nextIndex += 1;
  spawnMember(run, scope, index);
}

/** Opens the task of one member of a countersign (again, after 撤回). */
export function spawnMember(run: Run, scope: ScopeState, index: number): void {
  const state = scope.multiInstance as NonNullable<ScopeState['multiInstance']>;
  spawnToken(run, scope.id, scope.elementId as string, scope.last, {
    index,
    item: state.items?.[index] ?? index,
  });
}

function summarize(results: MultiInstanceResult[], total: number): MultiInstanceSummary {
  const ordered = [...results].sort((a, b) => a.index - b.index);
  const outcomeCounts: Record<string, number> = {};
  for (const result of ordered) outcomeCounts[result.outcome] = (outcomeCounts[result.outcome] ?? 0) + 1;
  return {
    nrOfInstances: total,
    nrOfCompletedInstances: ordered.length,
    outcomes: ordered.map((result) => result.outcome),
    outcomeCounts,
  };
}

function majority(summary: MultiInstanceSummary): string | null {
  const ranked = Object.entries(summary.outcomeCounts).sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0][1] === ranked[1][1])) return null;
  return ranked[0][0];
}

function aggregate(task: UserTaskDef, state: NonNullable<ScopeState['multiInstance']>): LastCompletion {
  const summary = summarize(state.results, state.total);
  return { elementId: task.id, outcome: majority(summary), data: {}, multiInstance: summary };
}

/** What FEEL sees inside one instance: its item (as `item` or `pm:elementVariable`), `loopCounter`, counters. */
export function instanceContext(run: Run, token: TokenState, task: UserTaskDef): Record<string, unknown> {
  const scope = run.scope(token.scopeId);
  const state = scope?.multiInstance;
  if (!token.loop || !state || !task.multiInstance) return {};
  const active = tokensIn(run, token.scopeId).length;
  return {
    ...multiInstanceCounters(summarize(state.results, state.total), active),
    [task.multiInstance.elementVariable]: token.loop.item,
    loopCounter: token.loop.index,
  };
}

function conditionMet(run: Run, token: TokenState, task: UserTaskDef, result: MultiInstanceResult): boolean {
  const condition = task.multiInstance?.completionCondition;
  if (!condition) return false;
  const scope = run.scope(token.scopeId) as ScopeState;
  const state = scope.multiInstance as NonNullable<ScopeState['multiInstance']>;
  const counters = multiInstanceCounters(
    summarize(state.results, state.total),
    tokensIn(run, scope.id).length,
  );
  const evaluated = evaluateForToken(run, token, condition, {
    ...counters,
    outcome: result.outcome,
    data: result.data,
    loopCounter: result.index,
  });
  if (!evaluated.ok) {
    // The countersign still ends when every instance is done; someone should fix the condition.
    raiseIncident(run, null, task.id, evaluated.error, null);
    return false;
  }
  return evaluated.value === true;
}

/** One expert has completed their instance of the countersign. */
export function completeInstance(
  run: Run,
  token: TokenState,
  task: UserTaskDef,
  result: MultiInstanceResult,
): void {
  const scope = run.scope(token.scopeId) as ScopeState;
  const state = scope.multiInstance as NonNullable<ScopeState['multiInstance']>;
  state.results.push(result);
  removeToken(run, token.id);
  const done = state.results.length >= state.total || conditionMet(run, token, task, result);
  if (done) {
    cancelTokensIn(run, scope.id, 'completionConditionMet');
    const owner = scope.ownerTokenId ? run.token(scope.ownerTokenId) : undefined;
    if (owner && run.state.lastCompleted) owner.origin = run.state.lastCompleted.taskRef;
    finishScope(run, scope, aggregate(task, state));
    return;
  }
  if (state.sequential) spawnInstance(run, scope);
}
