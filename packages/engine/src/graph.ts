import { isActivity, type ElementDef, type ProcessDefinition } from './definition';

type Graph = Pick<ProcessDefinition, 'elements' | 'flows'>;

/** Where a token can go next from `element`: along its outgoing flows, or out through a boundary event. */
export function successors(graph: Graph, element: ElementDef): string[] {
  const next = element.outgoing.map((flowId) => graph.flows[flowId].target);
  return isActivity(element) ? [...next, ...element.boundaryEvents] : next;
}

/** The sources of the flows entering `element`. */
export function predecessors(graph: Graph, element: ElementDef): string[] {
  return element.incoming.map((flowId) => graph.flows[flowId].source);
}
