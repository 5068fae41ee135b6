import type { UserTaskDef } from '../../definition';
import type { Command } from '../commands';
import { completeInstance, isInstanceToken } from '../elements/multi-instance';
import { leaveElement } from '../leave';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';
import type { TokenState } from '../state';

export function completeTask(
  run: Run,
  command: Extract<Command, { type: 'completeTask' }>,
): Rejection | null {
  const token = run.state.tokens.find(
    (candidate) => candidate.wait.kind === 'task' && candidate.wait.taskRef === command.taskRef,
  );
  if (!token) return reject('UNKNOWN_TASK', '任务不存在或已经办结').rejection;
  const task = run.element(token.elementId) as UserTaskDef;
  if (!task.outcomes.some((outcome) => outcome.id === command.outcome)) {
    const offered = task.outcomes.map((outcome) => `${outcome.id}（${outcome.label}）`).join('、');
    return reject('INVALID_OUTCOME', `办理结果“${command.outcome}”无效，可选：${offered}`).rejection;
  }
  const data = structuredClone(command.data ?? {});
  recordCompletion(run, token, task, command);
  if (token.loop && isInstanceToken(run, token, task)) {
    completeInstance(run, token, task, {
      index: token.loop.index,
      outcome: command.outcome,
      actor: command.actor ?? null,
      data,
    });
    return null;
  }
  token.last = { elementId: task.id, outcome: command.outcome, data, multiInstance: null };
  token.origin = command.taskRef;
  leaveElement(run, token);
  return null;
}

/** Remembers the completion for 撤回 (until anything else is done) and the step for 退回. */
function recordCompletion(
  run: Run,
  token: TokenState,
  task: UserTaskDef,
  command: Extract<Command, { type: 'completeTask' }>,
): void {
  const body = token.loop && isInstanceToken(run, token, task) ? run.scope(token.scopeId) : undefined;
  const owner = body?.ownerTokenId ? run.token(body.ownerTokenId) : undefined;
  run.state.lastCompleted = {
    taskRef: command.taskRef,
    elementId: task.id,
    scopeId: token.scopeId,
    actor: command.actor ?? null,
    last: structuredClone(token.last),
    member:
      body && token.loop
        ? {
            index: token.loop.index,
            item: token.loop.item,
            scope: structuredClone(body),
            ownerLast: structuredClone(owner?.last ?? null),
          }
        : null,
  };
  const completed = run.state.completedElements ?? [];
  if (!completed.includes(task.id)) run.state.completedElements = [...completed, task.id];
}
