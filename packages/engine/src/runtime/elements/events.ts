import type { EndEventDef, IntermediateCatchEventDef } from '../../definition';
import { cancelTokensIn } from '../cancel';
import { throwError } from '../errors';
import { consumeToken, leaveElement } from '../leave';
import type { Run } from '../run';
import type { TokenState } from '../state';
import { scheduleTimer } from '../timers';
import { refFor } from '../tokens';

/**
 * End events. None: the path ends. Terminate: every other path of the same scope is withdrawn and the
 * scope completes (BPMN: the process or sub-process ends normally). Error: a BPMN error is thrown to the
 * enclosing scopes.
 */
export function enterEndEvent(run: Run, token: TokenState, event: EndEventDef): void {
  switch (event.result) {
    case 'none':
      consumeToken(run, token);
      return;
    case 'terminate':
      cancelTokensIn(run, token.scopeId, 'terminateEndEvent', token.id);
      consumeToken(run, token);
      return;
    case 'error':
      throwError(run, token, event.errorCode, false);
      return;
  }
}

/** Intermediate catch events wait for their timer or message; `fireTimer`/`deliverMessage` move them on. */
export function enterCatchEvent(run: Run, token: TokenState, event: IntermediateCatchEventDef): void {
  if (event.trigger.type === 'timer') {
    const timer = scheduleTimer(run, event.id, event.trigger.timer, token, true);
    if (timer) token.wait = { kind: 'timer', timerRef: timer.ref };
    return;
  }
  const subscriptionRef = refFor(run, event.id);
  run.state.subscriptions.push({
    ref: subscriptionRef,
    name: event.trigger.message,
    elementId: event.id,
    tokenId: token.id,
  });
  token.wait = { kind: 'message', subscriptionRef };
}

/** Start and boundary events have happened by the time a token stands on them: it moves straight on. */
export function passThrough(run: Run, token: TokenState): void {
  leaveElement(run, token);
}
