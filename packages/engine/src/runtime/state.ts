import type { JsonValue } from '../feel';
import type { TimerCycle } from '../time/timer';

/**
 * The state of one process instance: plain JSON, stored by the server in MongoDB as it is and handed back
 * to `step` for the next command. Nothing here is a function, a class instance or a Date.
 */
export interface InstanceState {
  schemaVersion: 1;
  processId: string;
  status: InstanceStatus;
  /** Source of every id and ref in this instance, so replaying the same commands gives the same ids. */
  counter: number;
  /** Instance variables: start variables, message payloads, service and called-process results. */
  variables: Record<string, JsonValue>;
  scopes: ScopeState[];
  tokens: TokenState[];
  timers: TimerState[];
  subscriptions: SubscriptionState[];
  incidents: IncidentState[];
  /** ISO time of the command that ended the instance. */
  endedAt: string | null;
  /** The user task completed last: its completer may withdraw it (撤回) until anything else is done. */
  lastCompleted?: CompletedTask | null;
  /** User task elements completed at least once: the steps a reviewer may return the work to (退回). */
  completedElements?: string[];
}

export interface CompletedTask {
  taskRef: string;
  elementId: string;
  /** The scope the task's token was in (a countersign body for one member). */
  scopeId: string;
  actor: string | null;
  /** What the token carried before the completion, handed back when the task is reopened. */
  last: LastCompletion | null;
  /** One member of a countersign: which one, and the body as it was before this completion. */
  member: { index: number; item: JsonValue; scope: ScopeState; ownerLast: LastCompletion | null } | null;
}

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'failed';

/** What the most recent user task on a token's path produced; FEEL sees it as `outcome` and `data`. */
export interface LastCompletion {
  elementId: string;
  outcome: string | null;
  data: Record<string, JsonValue>;
  /** After a multi-instance task: the counters and outcomes of all instances. */
  multiInstance: MultiInstanceSummary | null;
}

export interface MultiInstanceSummary {
  nrOfInstances: number;
  nrOfCompletedInstances: number;
  outcomes: Array<string | null>;
  outcomeCounts: Record<string, number>;
}

/**
 * A scope is where tokens live: the process itself (id `root`), a running sub-process, or the body of a
 * multi-instance task whose tokens are its instances.
 */
export interface ScopeState {
  id: string;
  kind: 'process' | 'subProcess' | 'multiInstance';
  /** The sub-process or multi-instance task; null for the process. */
  elementId: string | null;
  parentId: string | null;
  /** The token in the parent scope that waits for this scope to finish. */
  ownerTokenId: string | null;
  /** Where the last token of the scope came from; handed to the owner when the scope completes. */
  last: LastCompletion | null;
  multiInstance: MultiInstanceState | null;
}

export interface MultiInstanceState {
  sequential: boolean;
  total: number;
  /** The collection's items (`pm:collection`), or null for a `loopCardinality`. */
  items: JsonValue[] | null;
  /** Index of the next instance to create. */
  nextIndex: number;
  results: MultiInstanceResult[];
}

export interface MultiInstanceResult {
  index: number;
  outcome: string;
  actor: string | null;
  data: Record<string, JsonValue>;
}

export interface TokenState {
  id: string;
  scopeId: string;
  elementId: string;
  /** The sequence flow it arrived by; joins count tokens per incoming flow. */
  arrivedVia: string | null;
  wait: TokenWait;
  last: LastCompletion | null;
  /** For the instances of a multi-instance task: which one this is. */
  loop: { index: number; item: JsonValue } | null;
  /** The task whose completion sent the token here (copied on forks), so that completion can be withdrawn. */
  origin?: string;
  /** 退回后直送: once the step it was returned to is done, the token goes straight back to this element. */
  directReturn?: string;
}

/** Why a token is not moving. `entering` exists only inside a step, while the token is on its way. */
export type TokenWait =
  | { kind: 'entering' }
  | { kind: 'task'; taskRef: string }
  | { kind: 'service'; ref: string }
  | { kind: 'callActivity'; ref: string }
  | { kind: 'timer'; timerRef: string }
  | { kind: 'message'; subscriptionRef: string }
  | { kind: 'join' }
  | { kind: 'scope'; scopeId: string }
  | { kind: 'incident'; incidentId: string };

export interface TimerState {
  ref: string;
  elementId: string;
  /** The waiting token (intermediate event) or the activity token (boundary event); null for a start timer. */
  tokenId: string | null;
  fireAt: string;
  cycle: TimerCycle | null;
}

export interface SubscriptionState {
  ref: string;
  name: string;
  elementId: string;
  tokenId: string;
}

export interface IncidentState {
  id: string;
  elementId: string;
  /** The blocked token, or null for an incident that blocks nothing (e.g. a due date that could not be computed). */
  tokenId: string | null;
  message: string;
  /** What `retryIncident` does again: enter the element, choose outgoing flows, or invoke the service. */
  retry: 'enter' | 'leave' | 'invoke' | null;
  at: string;
}
