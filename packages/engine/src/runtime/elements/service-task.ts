import type { ServiceTaskDef } from '../../definition';
import { toJsonValue, type JsonValue } from '../../feel';
import { attachBoundaryEvents } from '../boundary';
import { evaluateForToken } from '../feel-context';
import { raiseIncident } from '../incidents';
import type { Run } from '../run';
import type { TokenState } from '../state';
import { refFor } from '../tokens';

export function enterServiceTask(run: Run, token: TokenState, task: ServiceTaskDef): void {
  attachBoundaryEvents(run, token, task);
  invokeService(run, token, task);
}

function evaluateInput(
  run: Run,
  token: TokenState,
  task: ServiceTaskDef,
): Record<string, JsonValue> | { error: string } {
  if (!task.input) return {};
  const result = evaluateForToken(run, token, task.input);
  if (!result.ok) return { error: result.error };
  const value = toJsonValue(result.value);
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      error: `服务输入（pm:input）应为 FEEL 上下文（如 {status: "approved"}），得到 ${JSON.stringify(value)}`,
    };
  }
  return value;
}

/**
 * Hands the work to the server's handler registry. The server answers with `completeService` or
 * `failService` quoting the ref. Retried by `retryIncident` (`invoke`) with a fresh ref.
 */
export function invokeService(run: Run, token: TokenState, task: ServiceTaskDef): void {
  const input = evaluateInput(run, token, task);
  if (!task.handler || 'error' in input) {
    const message = task.handler ? String(input.error) : '服务任务没有设置处理程序（pm:handler）';
    raiseIncident(run, token, task.id, message, 'invoke');
    return;
  }
  const ref = refFor(run, task.id);
  token.wait = { kind: 'service', ref };
  run.emit({
    type: 'invokeService',
    ref,
    elementId: task.id,
    handler: task.handler,
    input: input as Record<string, JsonValue>,
  });
}
