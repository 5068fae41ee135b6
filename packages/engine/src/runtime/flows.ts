import type { ElementDef } from '../definition';
import { evaluateForToken } from './feel-context';
import type { Run } from './run';
import type { TokenState } from './state';

export type FlowChoice = { flows: string[] } | { stuck: string };

/** Whether a flow's condition holds for the token; a condition that fails to evaluate does not hold. */
function holds(run: Run, token: TokenState, flowId: string, failures: string[]): boolean {
  const condition = run.definition.flows[flowId].condition;
  if (condition === null) return true;
  const result = evaluateForToken(run, token, condition);
  if (!result.ok) failures.push(result.error);
  return result.ok && result.value === true;
}

function stuckMessage(element: ElementDef, failures: string[]): string {
  const base = `“${element.name ?? element.id}”没有满足条件的出口，且没有默认流`;
  return failures.length > 0 ? `${base}（${failures.join('；')}）` : base;
}

/** Exclusive choice: the first flow, in diagram order, whose condition holds, else the default flow. */
function chooseExclusive(
  run: Run,
  token: TokenState,
  element: ElementDef,
  defaultFlow: string | null,
): FlowChoice {
  if (element.outgoing.length === 0) return { flows: [] };
  const failures: string[] = [];
  const chosen = element.outgoing.find(
    (flowId) => flowId !== defaultFlow && holds(run, token, flowId, failures),
  );
  if (chosen) return { flows: [chosen] };
  return defaultFlow ? { flows: [defaultFlow] } : { stuck: stuckMessage(element, failures) };
}

/**
 * Inclusive choice: every flow whose condition holds (unconditional flows always do), else the default
 * flow. Activities and events leave this way too, as BPMN prescribes for several outgoing flows.
 */
function chooseInclusive(
  run: Run,
  token: TokenState,
  element: ElementDef,
  defaultFlow: string | null,
): FlowChoice {
  const failures: string[] = [];
  const chosen = element.outgoing.filter(
    (flowId) => flowId !== defaultFlow && holds(run, token, flowId, failures),
  );
  if (chosen.length > 0) return { flows: chosen };
  if (defaultFlow) return { flows: [defaultFlow] };
  return element.outgoing.length === 0 ? { flows: [] } : { stuck: stuckMessage(element, failures) };
}

/** The flows a token takes when it leaves `element`, by the element's own routing rule. */
export function chooseFlows(run: Run, token: TokenState, element: ElementDef): FlowChoice {
  switch (element.kind) {
    case 'exclusiveGateway':
      return chooseExclusive(run, token, element, element.defaultFlow);
    case 'inclusiveGateway':
      return chooseInclusive(run, token, element, element.defaultFlow);
    case 'parallelGateway':
      // BPMN ignores conditions on the flows of a parallel gateway.
      return { flows: element.outgoing };
    default:
      return chooseInclusive(run, token, element, null);
  }
}
