import type { GatewayDef } from '../../definition';
import { chooseFlows } from '../flows';
import { proceed } from '../leave';
import type { Run } from '../run';
import type { TokenState } from '../state';
import { removeToken } from '../tokens';

/**
 * A parallel join fires when a token waits on every incoming flow; it consumes exactly one per flow, so
 * tokens of a later round (a loop back before the split) wait for their own partners.
 */
export function enterParallelGateway(run: Run, token: TokenState, gateway: GatewayDef): void {
  if (gateway.incoming.length > 1) {
    token.wait = { kind: 'join' };
    const waiting = run.state.tokens.filter(
      (other) =>
        other.scopeId === token.scopeId && other.elementId === gateway.id && other.wait.kind === 'join',
    );
    const partners = gateway.incoming.map((flowId) => waiting.find((other) => other.arrivedVia === flowId));
    if (partners.some((partner) => partner === undefined)) return;
    // The arriving token completed the set, so it is among the partners; it carries on for all of them.
    for (const partner of partners) if (partner && partner.id !== token.id) removeToken(run, partner.id);
  }
  proceed(run, token, chooseFlows(run, token, gateway));
}
