import type { ProcessDefinition, UserTaskDef } from '../definition';

export interface OutlineTask {
  id: string;
  name: string;
  candidateRoles: string[];
  due: UserTaskDef['due'];
}

/** A process reduced to what a finance officer compares: its steps in order. */
export interface ProcessOutline {
  processId: string;
  tasks: OutlineTask[];
}

/**
 * A process's user tasks in the order a case first meets them (what the county diff compares): breadth
 * first from the start events along sequence flows, into sub-processes and out of boundary events. A
 * return flow never reorders a step already met, so "申报 → 初审 → 复审 → 批复" reads as the diagram does.
 */
export function outlineProcess(definition: ProcessDefinition): ProcessOutline {
  const tasks: OutlineTask[] = [];
  const queue = [...definition.startEvents];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (visited.has(id)) continue;
    visited.add(id);
    const element = definition.elements[id];
    if (!element) continue;
    if (element.kind === 'userTask')
      tasks.push({ id, name: element.name ?? id, candidateRoles: element.candidateRoles, due: element.due });
    if (element.kind === 'subProcess' && element.startEvent) queue.push(element.startEvent);
    for (const flowId of element.outgoing) {
      const flow = definition.flows[flowId];
      if (flow) queue.push(flow.target);
    }
    if ('boundaryEvents' in element) queue.push(...element.boundaryEvents);
  }
  return { processId: definition.id, tasks };
}
