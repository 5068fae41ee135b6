import type { TaskOperation } from '../definition';
import { parseList } from './list';

/** The approval operations a step may offer (`pm:operations`), with the words users see. */
export const TASK_OPERATIONS: Record<TaskOperation, string> = {
  transfer: '转办',
  delegate: '委派',
  return: '退回到已办环节',
  withdraw: '撤回',
  remind: '催办',
};

export function isTaskOperation(value: string): value is TaskOperation {
  return Object.hasOwn(TASK_OPERATIONS, value);
}

/** `transfer,delegate,return` → the list; an empty attribute offers none. */
export function parseOperations(text: string): { offered: TaskOperation[] } | { unknown: string[] } {
  const listed = parseList(text);
  const unknown = listed.filter((op) => !isTaskOperation(op));
  return unknown.length > 0 ? { unknown } : { offered: [...new Set(listed)] as TaskOperation[] };
}
