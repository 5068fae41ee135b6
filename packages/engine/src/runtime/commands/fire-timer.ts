import type { BoundaryEventDef } from '../../definition';
import { nextCycleFiring } from '../../time/timer';
import { triggerBoundaryEvent } from '../boundary-trigger';
import type { Command } from '../commands';
import { ROOT_SCOPE } from '../instance-end';
import { leaveElement } from '../leave';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';
import { addTimer, cancelTimers } from '../timers';
import { spawnToken } from '../tokens';

/**
 * The server's timer poller says a timer is due. A non-interrupting boundary cycle (a reminder every
 * P15D) schedules its next firing; every other timer fires once.
 */
export function fireTimer(run: Run, command: Extract<Command, { type: 'fireTimer' }>): Rejection | null {
  const timer = run.state.timers.find((candidate) => candidate.ref === command.timerRef);
  if (!timer) return reject('UNKNOWN_TIMER', '定时器不存在或已经失效').rejection;
  if (new Date(timer.fireAt).getTime() > run.context.now.getTime()) {
    return reject('TIMER_NOT_DUE', `定时器要到 ${timer.fireAt} 才到期`).rejection;
  }
  run.state.timers = run.state.timers.filter((candidate) => candidate !== timer);
  const element = run.element(timer.elementId);
  const token = timer.tokenId ? run.token(timer.tokenId) : undefined;
  if (element.kind === 'startEvent') {
    // The first start timer to fire starts the instance; the others are alternatives that no longer apply.
    cancelTimers(run, (other) => other.tokenId === null);
    spawnToken(run, ROOT_SCOPE, element.id, null);
  } else if (element.kind === 'intermediateCatchEvent' && token) {
    leaveElement(run, token);
  } else if (element.kind === 'boundaryEvent' && token) {
    const next =
      !element.interrupting && timer.cycle ? nextCycleFiring(new Date(timer.fireAt), timer.cycle) : null;
    if (next) addTimer(run, element.id, token.id, next);
    triggerBoundaryEvent(run, element as BoundaryEventDef, token);
  }
  return null;
}
