import type { JsonValue } from '../feel';

type Data = Record<string, JsonValue>;

/** What the server asks of an instance. Every command is plain JSON, so it can be logged and replayed. */
export type Command =
  | { type: 'start'; variables?: Data }
  | { type: 'completeTask'; taskRef: string; outcome: string; data?: Data; actor?: string | null }
  | { type: 'fireTimer'; timerRef: string }
  | { type: 'deliverMessage'; name: string; payload?: Data }
  | { type: 'completeService'; ref: string; result?: JsonValue }
  | { type: 'failService'; ref: string; errorCode?: string | null; message?: string }
  | { type: 'completeCallActivity'; ref: string; variables?: Data }
  | { type: 'failCallActivity'; ref: string; errorCode: string }
  | { type: 'retryIncident'; incidentId: string }
  | { type: 'terminate'; reason: string }
  /** 退回到任一已办环节: withdraw the task (and its countersign or sub-process) and reopen `target`. */
  | {
      type: 'returnTo';
      taskRef: string;
      target: string;
      direct?: boolean;
      data?: Data;
      actor?: string | null;
    }
  /** 撤回: reopen the task completed last, while nothing after it has been done. */
  | { type: 'withdraw'; taskRef: string; actor?: string | null };

export type CommandType = Command['type'];
