import type { Command } from '../commands';
import { cancelToken } from '../cancel';
import { keepOwnTask, openAt, sharedScope, standIn } from '../relocate';
import { reject, type Rejection } from '../result';
import type { Run } from '../run';
import { tokensIn } from '../tokens';

/**
 * 退回到任一已办环节: the reviewer sends the work back to a step done earlier in this instance. The
 * current task goes, and with it its whole countersign and every sub-process between it and the
 * target (nothing of them stays open), and the target opens again; from there the route continues as
 * modeled, or, with `direct` (退回后直送), straight back to the returner's step once the target is done.
 */
export function returnTo(run: Run, command: Extract<Command, { type: 'returnTo' }>): Rejection | null {
  const token = run.state.tokens.find(
    (candidate) => candidate.wait.kind === 'task' && candidate.wait.taskRef === command.taskRef,
  );
  if (!token) return reject('UNKNOWN_TASK', '任务不存在或已经办结').rejection;
  const target = run.definition.elements[command.target];
  if (!target || target.kind !== 'userTask')
    return reject('RETURN_TARGET_INVALID', `“${command.target}”不是本流程的办理环节`).rejection;
  if (target.id === token.elementId) return reject('RETURN_TARGET_INVALID', '不能退回到当前环节').rejection;
  if (!(run.state.completedElements ?? []).includes(target.id)) {
    return reject('RETURN_TARGET_NOT_DONE', `“${target.name ?? target.id}”尚未办理过，不能退回到该环节`)
      .rejection;
  }
  const scope = sharedScope(run, token.scopeId, target.id);
  const current = standIn(run, token, scope.id);
  if (tokensIn(run, scope.id).some((other) => other.id !== current.id)) {
    return reject('PARALLEL_BRANCHES_ACTIVE', '其他并行环节尚未办结，不能退回到该环节').rejection;
  }
  if (command.direct && target.parent !== scope.elementId) {
    return reject('DIRECT_RETURN_UNSUPPORTED', '退回到子流程内的环节时不能直送回本环节').rejection;
  }
  const returning = run.element(token.elementId);
  const last = {
    elementId: returning.id,
    outcome: 'return',
    data: structuredClone(command.data ?? {}),
    multiInstance: null,
  };
  const directTo = command.direct ? current.elementId : null;
  cancelToken(run, current, 'returned');
  keepOwnTask(run, command.taskRef);
  openAt(run, scope, target.id, last, directTo);
  // Someone acted after the last completion: it can no longer be withdrawn.
  run.state.lastCompleted = null;
  return null;
}
