import type { GatewayDef } from '../../definition';
import { chooseFlows } from '../flows';
import { proceed } from '../leave';
import type { Run } from '../run';
import type { TokenState } from '../state';

/** Merging needs no waiting; splitting takes the first flow whose condition holds, else the default. */
export function enterExclusiveGateway(run: Run, token: TokenState, gateway: GatewayDef): void {
  proceed(run, token, chooseFlows(run, token, gateway));
}
