import type { JsonValue } from '@pm/engine';
import type { Types } from 'mongoose';

/**
 * Work that leads to another transition (of this instance or another), recorded with the
 * transition that decided it and cleared by the transition it leads to. At-least-once: handlers
 * are idempotent and the engine rejects a second completion of the same ref.
 */
export type FollowUp =
  | {
      id: string;
      kind: 'service';
      ref: string;
      elementId: string;
      handler: string;
      input: Record<string, JsonValue>;
    }
  | { id: string; kind: 'startChild'; ref: string; processId: string; variables: Record<string, JsonValue> }
  | { id: string; kind: 'cancelChild'; ref: string; reason: string }
  | {
      id: string;
      kind: 'notifyParent';
      parentId: Types.ObjectId;
      ref: string;
      result: 'completed' | 'failed';
      variables?: Record<string, JsonValue>;
      errorCode?: string;
    };
