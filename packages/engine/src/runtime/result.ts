import type { Effect } from './effects';
import type { InstanceState } from './state';

/** Why a command did not apply. The server answers 409 (or 404 for an unknown ref) and changes nothing. */
export type RejectionCode =
  | 'ALREADY_STARTED'
  | 'NOT_STARTED'
  | 'WRONG_PROCESS'
  | 'INSTANCE_NOT_ACTIVE'
  | 'NO_START_EVENT'
  | 'UNKNOWN_TASK'
  | 'INVALID_OUTCOME'
  | 'UNKNOWN_TIMER'
  | 'TIMER_NOT_DUE'
  | 'NO_SUBSCRIPTION'
  | 'UNKNOWN_SERVICE'
  | 'UNKNOWN_CALL_ACTIVITY'
  | 'UNKNOWN_INCIDENT'
  | 'RETURN_TARGET_INVALID'
  | 'RETURN_TARGET_NOT_DONE'
  | 'PARALLEL_BRANCHES_ACTIVE'
  | 'DIRECT_RETURN_UNSUPPORTED'
  | 'WITHDRAW_NOT_ALLOWED';

export interface Rejection {
  code: RejectionCode;
  message: string;
}

export type StepResult =
  { ok: true; state: InstanceState; effects: Effect[] } | { ok: false; rejection: Rejection };

export function reject(code: RejectionCode, message: string): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { code, message } };
}
