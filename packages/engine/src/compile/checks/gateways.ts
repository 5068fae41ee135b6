import type { GatewayDef } from '../../definition';
import { feelSyntaxError, outcomeAlternatives } from '../../feel';
import type { CompileContext } from '../context';
import { predecessors } from '../../graph';

/**
 * Reports exclusive and inclusive gateways where a token may find no flow to take: no default flow, no
 * unconditional flow, and conditions we cannot prove exhaustive. The one proof we attempt is the common
 * review pattern: every condition tests `outcome` and together they cover every outcome of the (single
 * instance) user tasks directly before the gateway.
 */
export function checkStuckGateways(context: CompileContext): void {
  for (const element of Object.values(context.elements)) {
    if (element.kind !== 'exclusiveGateway' && element.kind !== 'inclusiveGateway') continue;
    if (element.outgoing.length === 0 || element.defaultFlow) continue;
    const conditions = element.outgoing.map((flowId) => context.flows[flowId].condition);
    if (conditions.some((condition) => condition === null)) continue;
    if (coversAllOutcomes(element, conditions as string[], context)) continue;
    context.report(
      element.id,
      'GATEWAY_MAY_GET_STUCK',
      `网关“${element.name ?? element.id}”没有默认流，且各条件不能保证至少一条成立，流程可能停在这里；请设置默认流`,
    );
  }
}

function coversAllOutcomes(gateway: GatewayDef, conditions: string[], context: CompileContext): boolean {
  const before = predecessors(context, gateway).map((id) => context.elements[id]);
  if (before.length === 0) return false;
  const covered = new Set<string>();
  for (const condition of conditions) {
    if (feelSyntaxError(condition)) continue;
    for (const value of outcomeAlternatives(condition) ?? []) covered.add(value);
  }
  return before.every(
    (task) =>
      task.kind === 'userTask' &&
      task.multiInstance === null &&
      task.outcomes.every((outcome) => covered.has(outcome.id)),
  );
}
