import type { UserTaskDef } from '../../definition';
import { toJsonValue } from '../../feel';
import { computeDue } from '../../pm/due';
import { attachBoundaryEvents } from '../boundary';
import { evaluateForToken } from '../feel-context';
import { raiseIncident } from '../incidents';
import type { Run } from '../run';
import type { TokenState } from '../state';
import { refFor } from '../tokens';
import { instanceContext, isInstanceToken, startMultiInstance } from './multi-instance';

export function enterUserTask(run: Run, token: TokenState, task: UserTaskDef): void {
  if (task.multiInstance && !isInstanceToken(run, token, task)) {
    startMultiInstance(run, token, task);
    return;
  }
  // Boundary events belong to the whole countersign, armed once on its outer token.
  if (!task.multiInstance) attachBoundaryEvents(run, token, task);
  openTask(run, token, task);
}

function resolveAssignee(
  run: Run,
  token: TokenState,
  task: UserTaskDef,
): { assignee: string | null } | { error: string } {
  if (!task.assignee) return { assignee: null };
  const result = evaluateForToken(run, token, task.assignee, instanceContext(run, token, task));
  if (!result.ok) return { error: result.error };
  const value = toJsonValue(result.value);
  if (value === null) return { assignee: null };
  return typeof value === 'string'
    ? { assignee: value }
    : { error: `办理人（pm:assignee）应为用户名，得到 ${JSON.stringify(value)}` };
}

/** Asks the server for a task in the inbox of the candidate roles. Retried by `retryIncident` (`invoke`). */
export function openTask(run: Run, token: TokenState, task: UserTaskDef): void {
  const assignee = resolveAssignee(run, token, task);
  if ('error' in assignee) {
    raiseIncident(run, token, task.id, assignee.error, 'invoke');
    return;
  }
  let due: Date | null = null;
  if (task.due) {
    const computed = computeDue(task.due, run.context.settings, run.context.now);
    // Without a due date the task can still be done; a person should fix the setting, nothing waits for it.
    if ('error' in computed) raiseIncident(run, null, task.id, `办理时限无法计算：${computed.error}`, null);
    else due = computed.due;
  }
  const taskRef = refFor(run, task.id);
  token.wait = { kind: 'task', taskRef };
  const scope = run.scope(token.scopeId);
  const total = scope?.multiInstance?.total ?? 0;
  run.emit({
    type: 'createTask',
    taskRef,
    elementId: task.id,
    name: task.name,
    form: task.form,
    candidateRoles: task.candidateRoles,
    assignee: assignee.assignee,
    outcomes: task.outcomes,
    reviewPoints: task.reviewPoints,
    due,
    multiInstance: token.loop ? { index: token.loop.index, total, item: token.loop.item } : null,
  });
}
