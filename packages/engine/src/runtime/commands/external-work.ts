import { toJsonValue } from '../../feel';
import type { Command } from '../commands';
import { throwError } from '../errors';
import { raiseIncident } from '../incidents';
import { leaveElement } from '../leave';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';
import type { TokenState } from '../state';

/** Service tasks and call activities: work done outside the engine and reported back by ref. */

type WaitKind = 'service' | 'callActivity';

function waitingFor(run: Run, kind: WaitKind, ref: string): TokenState | undefined {
  return run.state.tokens.find((token) => token.wait.kind === kind && token.wait.ref === ref);
}

function unknown(kind: WaitKind): Rejection {
  return kind === 'service'
    ? reject('UNKNOWN_SERVICE', '服务调用不存在或已经结束').rejection
    : reject('UNKNOWN_CALL_ACTIVITY', '被调用的流程不存在或已经结束').rejection;
}

/** Merges a result into the instance variables when it is a JSON object (e.g. `{score: 86, grade: "良"}`). */
function mergeResult(run: Run, result: unknown): void {
  const value = toJsonValue(result);
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    Object.assign(run.state.variables, value);
}

export function completeService(
  run: Run,
  command: Extract<Command, { type: 'completeService' }>,
): Rejection | null {
  const token = waitingFor(run, 'service', command.ref);
  if (!token) return unknown('service');
  mergeResult(run, command.result);
  leaveElement(run, token);
  return null;
}

/** With an `errorCode` the failure is a BPMN error a boundary event may catch; without, an incident to retry. */
export function failService(run: Run, command: Extract<Command, { type: 'failService' }>): Rejection | null {
  const token = waitingFor(run, 'service', command.ref);
  if (!token) return unknown('service');
  if (command.errorCode) throwError(run, token, command.errorCode, true);
  else
    raiseIncident(run, token, token.elementId, `服务调用失败：${command.message ?? '未说明原因'}`, 'invoke');
  return null;
}

export function completeCallActivity(
  run: Run,
  command: Extract<Command, { type: 'completeCallActivity' }>,
): Rejection | null {
  const token = waitingFor(run, 'callActivity', command.ref);
  if (!token) return unknown('callActivity');
  mergeResult(run, command.variables);
  leaveElement(run, token);
  return null;
}

/** The called process ended with an uncaught error (its `processFailed` effect): rethrown here. */
export function failCallActivity(
  run: Run,
  command: Extract<Command, { type: 'failCallActivity' }>,
): Rejection | null {
  const token = waitingFor(run, 'callActivity', command.ref);
  if (!token) return unknown('callActivity');
  // The called process has already ended: there is nothing to withdraw when the error interrupts us.
  token.wait = { kind: 'entering' };
  throwError(run, token, command.errorCode, true);
  return null;
}
