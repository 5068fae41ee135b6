import type { UserTaskDef } from '../../definition';
import type { Command } from '../commands';
import { completeInstance, isInstanceToken } from '../elements/multi-instance';
import { leaveElement } from '../leave';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';

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
  leaveElement(run, token);
  return null;
}
