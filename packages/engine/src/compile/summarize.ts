import type { DueSpec, Outcome, ProcessDefinition } from '../definition';
import { settingsReferences } from '../feel';
import { parseSettingsReference } from '../time/settings-reference';

export interface UserTaskSummary {
  id: string;
  name: string | null;
  candidateRoles: string[];
  form: string | null;
  outcomes: Outcome[];
  due: DueSpec | null;
}

/**
 * What a process needs from a county and from other artifacts, so the configuration package can check
 * roles, forms, settings and called processes without knowing the engine's internals.
 */
export interface ProcessSummary {
  userTasks: UserTaskSummary[];
  /** Keys of `settings` read by conditions, expressions, due dates and timers. */
  settingsReferences: string[];
  /** `calledElement` of every call activity. */
  calledProcesses: string[];
  /** Names of the messages the process waits for. */
  messages: string[];
}

function expressionsOf(definition: ProcessDefinition): string[] {
  const sources: Array<string | null> = Object.values(definition.flows).map((flow) => flow.condition);
  for (const element of Object.values(definition.elements)) {
    if (element.kind === 'userTask') {
      sources.push(element.assignee);
      const loop = element.multiInstance;
      if (loop) sources.push(loop.collection, loop.loopCardinality, loop.completionCondition);
    }
    if (element.kind === 'serviceTask') sources.push(element.input);
  }
  return sources.filter((source): source is string => source !== null);
}

export function summarizeProcess(definition: ProcessDefinition): ProcessSummary {
  const settings = new Set<string>();
  const called = new Set<string>();
  const messages = new Set<string>();
  const userTasks: UserTaskSummary[] = [];
  for (const source of expressionsOf(definition)) {
    for (const key of settingsReferences(source)) settings.add(key);
  }
  for (const element of Object.values(definition.elements)) {
    switch (element.kind) {
      case 'userTask': {
        const { id, name, candidateRoles, form, outcomes, due } = element;
        userTasks.push({ id, name, candidateRoles, form, outcomes, due });
        if (due?.kind === 'setting') settings.add(due.key);
        break;
      }
      case 'callActivity':
        if (element.calledElement) called.add(element.calledElement);
        break;
      case 'startEvent':
      case 'intermediateCatchEvent':
      case 'boundaryEvent': {
        const trigger = element.kind === 'startEvent' ? null : element.trigger;
        const timer =
          element.kind === 'startEvent' ? element.timer : trigger?.type === 'timer' ? trigger.timer : null;
        if (trigger?.type === 'message') messages.add(trigger.message);
        const key = timer ? parseSettingsReference(timer.expression) : null;
        if (key) settings.add(key);
        break;
      }
      default:
        break;
    }
  }
  return {
    userTasks,
    settingsReferences: [...settings].sort(),
    calledProcesses: [...called].sort(),
    messages: [...messages].sort(),
  };
}
