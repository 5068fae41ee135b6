/**
 * A compiled process: plain, JSON-serialisable data. The server stores it beside the deployment and the
 * interpreter walks it; nothing here refers back to moddle objects.
 */

/** One way a user task can be completed, e.g. `{id: "return", label: "退回修改"}`. */
export interface Outcome {
  id: string;
  label: string;
}

/** `pm:due`: a fixed ISO 8601 duration, or the key of a county setting holding a duration or a number of days. */
export type DueSpec = { kind: 'duration'; duration: string } | { kind: 'setting'; key: string };

/**
 * A timer as written in the diagram. `expression` is an ISO 8601 literal or `settings.<key>` (resolved when
 * the timer is scheduled, so a county can set its own deadlines).
 */
export interface TimerSpec {
  type: 'timeDate' | 'timeDuration' | 'timeCycle';
  expression: string;
}

export interface MultiInstanceSpec {
  sequential: boolean;
  /** FEEL giving the number of instances, e.g. `3` or `settings.expertCount`. */
  loopCardinality: string | null;
  /** FEEL giving a list, one instance per item, e.g. `experts` (`pm:collection`). */
  collection: string | null;
  /** The name each item gets in FEEL inside its instance (`pm:elementVariable`, default `item`). */
  elementVariable: string;
  /** FEEL over the multi-instance counters, e.g. `nrOfApprovals >= 2`. */
  completionCondition: string | null;
}

export type EventTrigger =
  | { type: 'timer'; timer: TimerSpec }
  | { type: 'message'; message: string }
  | { type: 'error'; errorCode: string | null };

interface ElementBase {
  id: string;
  name: string | null;
  /** The enclosing sub-process, or null at process level. */
  parent: string | null;
  /** Sequence flow ids in document order. */
  incoming: string[];
  outgoing: string[];
}

interface ActivityBase extends ElementBase {
  /** Boundary events attached to this activity. */
  boundaryEvents: string[];
}

export interface StartEventDef extends ElementBase {
  kind: 'startEvent';
  timer: TimerSpec | null;
}

export interface EndEventDef extends ElementBase {
  kind: 'endEvent';
  result: 'none' | 'terminate' | 'error';
  /** For error end events: the thrown `errorCode`, null when the error has none. */
  errorCode: string | null;
}

export interface UserTaskDef extends ActivityBase {
  kind: 'userTask';
  candidateRoles: string[];
  form: string | null;
  outcomes: Outcome[];
  due: DueSpec | null;
  reviewPoints: string[];
  /** FEEL giving one user name, e.g. `item` for a countersign over a list of experts (`pm:assignee`). */
  assignee: string | null;
  multiInstance: MultiInstanceSpec | null;
  /** Approval operations offered at this step (`pm:operations`); null: the county's default. */
  operations: TaskOperation[] | null;
}

/** 转办, 委派, 退回到任一已办环节, 撤回 (of this step, by its completer), 催办. */
export type TaskOperation = 'transfer' | 'delegate' | 'return' | 'withdraw' | 'remind';

export interface ServiceTaskDef extends ActivityBase {
  kind: 'serviceTask';
  handler: string | null;
  /** FEEL context expression whose value is handed to the handler (`pm:input`). */
  input: string | null;
}

export interface GatewayDef extends ElementBase {
  kind: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway';
  defaultFlow: string | null;
}

export interface SubProcessDef extends ActivityBase {
  kind: 'subProcess';
  /** Ids of the elements directly inside. */
  children: string[];
  startEvent: string | null;
}

export interface CallActivityDef extends ActivityBase {
  kind: 'callActivity';
  calledElement: string | null;
}

export interface IntermediateCatchEventDef extends ElementBase {
  kind: 'intermediateCatchEvent';
  trigger: Extract<EventTrigger, { type: 'timer' | 'message' }>;
}

export interface BoundaryEventDef extends ElementBase {
  kind: 'boundaryEvent';
  attachedTo: string;
  interrupting: boolean;
  trigger: EventTrigger;
}

export type ActivityDef = UserTaskDef | ServiceTaskDef | SubProcessDef | CallActivityDef;

export type ElementDef =
  | StartEventDef
  | EndEventDef
  | UserTaskDef
  | ServiceTaskDef
  | GatewayDef
  | SubProcessDef
  | CallActivityDef
  | IntermediateCatchEventDef
  | BoundaryEventDef;

export type ElementKind = ElementDef['kind'];

export interface FlowDef {
  id: string;
  name: string | null;
  source: string;
  target: string;
  /** FEEL source of the condition, null for an unconditional flow. */
  condition: string | null;
  parent: string | null;
}

export interface ProcessDefinition {
  /** The BPMN process id, the name call activities use in `calledElement`. */
  id: string;
  name: string | null;
  /** Every element, including those nested in sub-processes, keyed by id in document order. */
  elements: Record<string, ElementDef>;
  flows: Record<string, FlowDef>;
  /** Ids of the process-level start events. */
  startEvents: string[];
}

export function isActivity(element: ElementDef): element is ActivityDef {
  return (
    element.kind === 'userTask' ||
    element.kind === 'serviceTask' ||
    element.kind === 'subProcess' ||
    element.kind === 'callActivity'
  );
}
