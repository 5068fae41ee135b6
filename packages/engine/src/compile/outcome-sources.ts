import type { ElementDef, UserTaskDef } from '../definition';
import type { CompileContext } from './context';
import { predecessors } from '../graph';

export interface OutcomeSources {
  /** The user tasks whose outcome `outcome` may hold at this point. */
  tasks: UserTaskDef[];
  /** True when `outcome` may come from somewhere we cannot see (outside a sub-process, a called process). */
  unknown: boolean;
}

/**
 * Which user tasks set `outcome` for a token leaving `fromId`: walking back over elements that leave
 * `outcome` alone (gateways, service tasks, catch events) until user tasks are found.
 */
export function outcomeSources(fromId: string, context: CompileContext): OutcomeSources {
  const tasks = new Map<string, UserTaskDef>();
  let unknown = false;
  const seen = new Set<string>();
  const visit = (element: ElementDef | undefined): void => {
    if (!element || seen.has(element.id)) return;
    seen.add(element.id);
    switch (element.kind) {
      case 'userTask':
        tasks.set(element.id, element);
        return;
      case 'subProcess':
      case 'callActivity':
        unknown = true;
        return;
      case 'startEvent':
        if (element.parent !== null) unknown = true;
        return;
      case 'boundaryEvent':
        // A boundary event fires before its activity completes: the outcome is still the one before it.
        predecessors(context, context.elements[element.attachedTo]).forEach((id) =>
          visit(context.elements[id]),
        );
        return;
      default:
        predecessors(context, element).forEach((id) => visit(context.elements[id]));
    }
  };
  const from = context.elements[fromId];
  if (from.kind === 'userTask') return { tasks: [from], unknown: false };
  visit(from);
  return { tasks: [...tasks.values()], unknown };
}

export function describeOutcomes(task: UserTaskDef): string {
  return task.outcomes.map((outcome) => `${outcome.id}（${outcome.label}）`).join('、');
}
