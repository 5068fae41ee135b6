/**
 * What the engine runs (packages/engine README, "Supported"): the modeler offers only these, so a diagram
 * drawn here never meets a deploy-time "unsupported element" problem for something the palette suggested.
 */
export const UNSUPPORTED_REPLACE_WORDS = [
  'send-task',
  'receive-task',
  'manual-task',
  'rule-task',
  'script-task',
  'signal',
  'escalation',
  'conditional-start',
  'conditional-intermediate',
  'conditional-boundary',
  'link',
  'compensat',
  'complex',
  'event-based',
  'transaction',
  'ad-hoc',
  'event-subprocess',
  'none-intermediate-throw',
  'message-start',
  'message-end',
  'message-intermediate-throw',
  'cancel',
  'error-start',
  'timer-start-non-interrupting',
  'participant',
  'data-',
];

/** A plain task (no type) cannot run; the replace menu's `replace-with-task` and the loop marker are refused. */
export const UNSUPPORTED_REPLACE_IDS = [
  'replace-with-task',
  'toggle-loop',
  'toggle-is-collection',
  'toggle-participant-multiplicity',
];

export function isSupportedReplaceEntry(id: string): boolean {
  if (UNSUPPORTED_REPLACE_IDS.includes(id)) return false;
  return !UNSUPPORTED_REPLACE_WORDS.some((word) => id.includes(word));
}

/** Context pad entries that would add something the engine refuses (a plain task, a throw event, …). */
export const UNSUPPORTED_CONTEXT_PAD = [
  'append.append-task',
  'append.intermediate-event',
  'append.receive-task',
  'append.signal-intermediate-event',
  'append.condition-intermediate-event',
  'append.compensation-activity',
  'append.text-annotation',
  'connect-association',
];

/** Palette entries dropped: plain task, throw event, data, pools and groups. */
export const UNSUPPORTED_PALETTE = [
  'create.task',
  'create.intermediate-event',
  'create.data-object',
  'create.data-store',
  'create.participant-expanded',
  'create.group',
];
