import type { Run } from './run';
import type { LastCompletion, TokenState } from './state';

/** Creates a token at `elementId` and puts it on the agenda to enter that element. */
export function spawnToken(
  run: Run,
  scopeId: string,
  elementId: string,
  last: LastCompletion | null,
  loop: TokenState['loop'] = null,
): TokenState {
  const token: TokenState = {
    id: run.nextId('token-'),
    scopeId,
    elementId,
    arrivedVia: null,
    wait: { kind: 'entering' },
    last,
    loop,
  };
  run.state.tokens.push(token);
  run.agenda.push(token.id);
  return token;
}

/** Moves a token along a sequence flow; it enters the target when the agenda reaches it. */
function moveAlong(run: Run, token: TokenState, flowId: string): void {
  token.elementId = run.definition.flows[flowId].target;
  token.arrivedVia = flowId;
  token.wait = { kind: 'entering' };
  run.agenda.push(token.id);
}

/** Sends a token down each flow: the token itself takes the first, copies take the others. */
export function fork(run: Run, token: TokenState, flowIds: string[]): void {
  flowIds.forEach((flowId, index) => {
    const moving = index === 0 ? token : { ...token, id: run.nextId('token-') };
    if (index > 0) run.state.tokens.push(moving);
    moveAlong(run, moving, flowId);
  });
}

export function removeToken(run: Run, tokenId: string): void {
  run.state.tokens = run.state.tokens.filter((token) => token.id !== tokenId);
}

export function tokensIn(run: Run, scopeId: string): TokenState[] {
  return run.state.tokens.filter((token) => token.scopeId === scopeId);
}

/** A ref for work handed to the server, e.g. `firstReview:12`; readable in logs and unique in the instance. */
export function refFor(run: Run, elementId: string): string {
  return run.nextId(`${elementId}:`);
}
