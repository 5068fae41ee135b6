import type { Command } from '../commands';
import { triggerBoundaryEvent } from '../boundary-trigger';
import { leaveElement } from '../leave';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';

/**
 * An outside event (人代会批准) reaches the instance. Every path waiting for a message of that name
 * receives it; its payload is merged into the instance variables.
 */
export function deliverMessage(
  run: Run,
  command: Extract<Command, { type: 'deliverMessage' }>,
): Rejection | null {
  const receivers = run.state.subscriptions.filter((subscription) => subscription.name === command.name);
  if (receivers.length === 0)
    return reject('NO_SUBSCRIPTION', `流程当前没有等待消息“${command.name}”`).rejection;
  Object.assign(run.state.variables, structuredClone(command.payload ?? {}));
  for (const subscription of receivers) {
    // An interrupting receiver may already have withdrawn a later one.
    if (!run.state.subscriptions.includes(subscription)) continue;
    const element = run.element(subscription.elementId);
    const token = run.token(subscription.tokenId);
    if (!token) continue;
    if (element.kind === 'boundaryEvent') {
      triggerBoundaryEvent(run, element, token);
      continue;
    }
    run.state.subscriptions = run.state.subscriptions.filter((candidate) => candidate !== subscription);
    leaveElement(run, token);
  }
  return null;
}
