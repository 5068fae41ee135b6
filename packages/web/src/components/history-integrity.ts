import type { HistoryEntry, HistoryIntegrity } from '../api/types';

/** Claims are bookkeeping: the timeline does not show them. */
export const HIDDEN = new Set(['task.claimed', 'task.unclaimed']);

/**
 * The warning when the history does not match its audit chain, numbered as the timeline shows it
 * (签收 records are not shown, so the server's numbering of all records is not the reader's).
 */
export function integrityWarning(
  history: HistoryEntry[],
  integrity: HistoryIntegrity | undefined,
): string | null {
  if (!integrity || integrity.status !== 'failed' || integrity.problems.length === 0) return null;
  const shown = history.filter((h) => !HIDDEN.has(h.action));
  const first = integrity.problems[0];
  const position = shown.findIndex((h) => h.id === first.eventId);
  const which = position >= 0 ? `第 ${position + 1} 条记录` : '一条签收记录';
  const more = integrity.problems.length > 1 ? `等 ${integrity.problems.length} 处问题` : '';
  return `审计记录校验未通过：${which}${first.what}${more}，请联系安全审计员`;
}
