import type { Outcome } from '../definition';
import type { JsonValue } from '../feel';

/**
 * What the server must do after a step. The engine never does I/O: it describes the work, and the server
 * applies each effect idempotently (keyed by its ref) from an outbox.
 */
export type Effect =
  | CreateTaskEffect
  | { type: 'cancelTask'; taskRef: string; reason: CancelReason }
  | { type: 'scheduleTimer'; timerRef: string; elementId: string; fireAt: Date }
  | { type: 'cancelTimer'; timerRef: string }
  | {
      type: 'invokeService';
      ref: string;
      elementId: string;
      handler: string;
      input: Record<string, JsonValue>;
    }
  | {
      type: 'startCallActivity';
      ref: string;
      elementId: string;
      processId: string;
      variables: Record<string, JsonValue>;
    }
  | { type: 'cancelCallActivity'; ref: string; reason: CancelReason }
  | { type: 'processCompleted' }
  | { type: 'processTerminated'; reason: string }
  | { type: 'processFailed'; errorCode: string | null; elementId: string }
  | { type: 'incident'; incidentId: string; elementId: string; message: string };

export interface CreateTaskEffect {
  type: 'createTask';
  taskRef: string;
  elementId: string;
  name: string | null;
  form: string | null;
  candidateRoles: string[];
  /** A user name from `pm:assignee` (e.g. one expert of a countersign), or null to offer it to the roles. */
  assignee: string | null;
  outcomes: Outcome[];
  reviewPoints: string[];
  due: Date | null;
  multiInstance: { index: number; total: number; item: JsonValue } | null;
}

/** Why open work was withdrawn. */
export type CancelReason =
  | 'boundaryEvent'
  | 'completionConditionMet'
  | 'terminateEndEvent'
  | 'error'
  | 'terminated'
  | 'processStarted'
  /** 退回: the work went back to an earlier step. */
  | 'returned'
  /** 撤回: the previous step's completer took it back. */
  | 'withdrawn';
