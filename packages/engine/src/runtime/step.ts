import type { ProcessDefinition } from '../definition';
import type { Command } from './commands';
import { completeTask } from './commands/complete-task';
import { deliverMessage } from './commands/deliver-message';
import {
  completeCallActivity,
  completeService,
  failCallActivity,
  failService,
} from './commands/external-work';
import { fireTimer } from './commands/fire-timer';
import { retryIncident } from './commands/retry-incident';
import { returnTo } from './commands/return-to';
import { newInstanceState, start } from './commands/start';
import { terminate } from './commands/terminate';
import { withdraw } from './commands/withdraw';
import { drain } from './drain';
import { reject, type Rejection, type StepResult } from './result';
import { Run, type StepContext } from './run';
import type { InstanceState } from './state';

type Handler<T extends Command['type']> = (
  run: Run,
  command: Extract<Command, { type: T }>,
) => Rejection | null;

const HANDLERS: { [T in Command['type']]: Handler<T> } = {
  start,
  completeTask,
  fireTimer,
  deliverMessage,
  completeService,
  failService,
  completeCallActivity,
  failCallActivity,
  retryIncident,
  terminate,
  returnTo,
  withdraw,
};

function precondition(
  definition: ProcessDefinition,
  state: InstanceState | null,
  command: Command,
): StepResult | null {
  if (command.type === 'start') return state ? reject('ALREADY_STARTED', '流程实例已经启动') : null;
  if (!state) return reject('NOT_STARTED', '流程实例尚未启动');
  if (state.processId !== definition.id)
    return reject('WRONG_PROCESS', `实例属于流程 ${state.processId}，不是 ${definition.id}`);
  if (state.status !== 'active') return reject('INSTANCE_NOT_ACTIVE', '流程实例已经结束');
  return null;
}

/**
 * Applies one command to an instance: a pure function of its arguments. The given state is never
 * modified; the result holds the next state and the effects the server must carry out, or a rejection
 * when the command does not apply (nothing changes then). Start with `state = null`.
 */
export function step(
  definition: ProcessDefinition,
  state: InstanceState | null,
  command: Command,
  context: StepContext,
): StepResult {
  const refused = precondition(definition, state, command);
  if (refused) return refused;
  const run = new Run(definition, state ? structuredClone(state) : newInstanceState(definition), context);
  const handler = HANDLERS[command.type] as Handler<Command['type']>;
  const rejection = handler(run, command);
  if (rejection) return { ok: false, rejection };
  drain(run);
  return { ok: true, state: run.state, effects: run.effects };
}
