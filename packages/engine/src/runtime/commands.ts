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
  | { type: 'terminate'; reason: string };

export type CommandType = Command['type'];
