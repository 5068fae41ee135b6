import type { GatewayDef } from '../../definition';
import { successors } from '../../graph';
import { chooseFlows } from '../flows';
import { proceed } from '../leave';
import type { Run } from '../run';
import type { TokenState } from '../state';
import { removeToken } from '../tokens';

/**
 * An inclusive split takes every flow whose condition holds. An inclusive join waits only for tokens that
 * can still arrive: it fires once no other token of the same scope can reach it. Whether that is so can
 * change whenever any token moves, so joins are checked when the step has nothing else to do.
 */
export function enterInclusiveGateway(run: Run, token: TokenState, gateway: GatewayDef): void {
  if (gateway.incoming.length > 1) {
    token.wait = { kind: 'join' };
    return;
  }
  proceed(run, token, chooseFlows(run, token, gateway));
}

function canReach(run: Run, fromId: string, gatewayId: string): boolean {
  const seen = new Set<string>();
  const queue = [fromId];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (id === gatewayId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...successors(run.definition, run.element(id)));
  }
  return false;
}

/** Fires the first inclusive join that is ready; returns whether one fired. */
export function fireReadyInclusiveJoin(run: Run): boolean {
  const waiting = run.state.tokens.filter(
    (token) => token.wait.kind === 'join' && run.element(token.elementId).kind === 'inclusiveGateway',
  );
  for (const token of waiting) {
    const gateway = run.element(token.elementId) as GatewayDef;
    const arrived = waiting.filter(
      (other) => other.scopeId === token.scopeId && other.elementId === gateway.id,
    );
    const blocked = run.state.tokens.some(
      (other) =>
        other.scopeId === token.scopeId &&
        !arrived.includes(other) &&
        canReach(run, other.elementId, gateway.id),
    );
    if (blocked) continue;
    const partners = gateway.incoming
      .map((flowId) => arrived.find((other) => other.arrivedVia === flowId))
      .filter((partner): partner is TokenState => partner !== undefined);
    const [survivor, ...others] = partners;
    for (const other of others) removeToken(run, other.id);
    proceed(run, survivor, chooseFlows(run, survivor, gateway));
    return true;
  }
  return false;
}
