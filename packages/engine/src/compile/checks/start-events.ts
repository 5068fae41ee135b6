import type { ElementDef } from '../../definition';
import type { CompileContext } from '../context';

/**
 * Every scope needs a way in: the process one none start event and/or timer start events, a sub-process
 * exactly one none start event. Returns the process-level start events.
 */
export function checkStartEvents(
  processId: string,
  rootChildren: string[],
  context: CompileContext,
): string[] {
  const starts = (ids: string[]) =>
    ids.map((id) => context.elements[id]).filter((element) => element?.kind === 'startEvent');
  const rootStarts = starts(rootChildren);
  if (rootStarts.length === 0) {
    context.report(processId, 'NO_START_EVENT', '流程没有开始事件');
  }
  const noneStarts = rootStarts.filter((start) => start.kind === 'startEvent' && start.timer === null);
  for (const extra of noneStarts.slice(1)) {
    context.report(extra.id, 'INVALID_START_EVENT', '流程只能有一个无类型开始事件');
  }
  for (const element of Object.values(context.elements)) {
    if (element.kind === 'subProcess')
      element.startEvent = checkSubProcessStart(element.id, starts(element.children), context);
  }
  return rootStarts.map((start) => start.id);
}

function checkSubProcessStart(id: string, starts: ElementDef[], context: CompileContext): string | null {
  if (starts.length === 0) {
    context.report(id, 'NO_START_EVENT', '子流程没有开始事件');
    return null;
  }
  for (const start of starts) {
    if (start.kind === 'startEvent' && start.timer !== null) {
      context.report(start.id, 'INVALID_START_EVENT', '子流程只能用无类型开始事件开始');
    }
  }
  for (const extra of starts.slice(1))
    context.report(extra.id, 'INVALID_START_EVENT', '子流程只能有一个开始事件');
  return starts[0].id;
}
