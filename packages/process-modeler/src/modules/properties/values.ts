import { parseOutcomes } from '@pm/engine/src/pm/outcomes';

/**
 * Reading and writing our attribute strings: lists are comma-separated in the diagram (what the engine
 * parses), chosen item by item in the panel.
 */
export const splitList = (text: unknown): string[] =>
  typeof text === 'string'
    ? text
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export const joinList = (items: string[]): string | undefined => (items.length ? items.join(',') : undefined);

export const STANDARD_OUTCOMES = [
  { id: 'submit', label: '提交' },
  { id: 'approve', label: '通过' },
  { id: 'return', label: '退回修改' },
  { id: 'reject', label: '不予通过' },
];

export interface OutcomeItem {
  id: string;
  /** As written in the diagram (absent: the default label). */
  label?: string;
}

export function readOutcomes(text: unknown): OutcomeItem[] {
  return splitList(text).map((entry) => {
    const at = entry.search(/[:：]/);
    return at < 0
      ? { id: entry }
      : { id: entry.slice(0, at).trim(), label: entry.slice(at + 1).trim() || undefined };
  });
}

export const writeOutcomes = (items: OutcomeItem[]): string | undefined =>
  joinList(items.map((o) => (o.label ? `${o.id}:${o.label}` : o.id)));

/** Turns a standard outcome on or off, keeping its place and any label written for it. */
export function toggleOutcome(text: unknown, id: string, on: boolean): string | undefined {
  const items = readOutcomes(text);
  if (on && !items.some((o) => o.id === id)) items.push({ id });
  return writeOutcomes(on ? items : items.filter((o) => o.id !== id));
}

/** The non-standard outcomes as typed (`id:标签`), and setting them back after the standard ones. */
export const otherOutcomesText = (text: unknown): string =>
  writeOutcomes(readOutcomes(text).filter((o) => !STANDARD_OUTCOMES.some((s) => s.id === o.id))) ?? '';

export function withOtherOutcomes(text: unknown, others: string): string | undefined {
  const standard = readOutcomes(text).filter((o) => STANDARD_OUTCOMES.some((s) => s.id === o.id));
  return writeOutcomes([...standard, ...readOutcomes(others)]);
}

export function outcomesError(text: string | undefined): string | null {
  const { errors } = parseOutcomes(text);
  return errors.length ? errors.join('；') : null;
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** `pm:due`: an ISO 8601 duration (P20D) or `settings.<key>` of a setting the county has. */
export function dueError(text: string | undefined, settingKeys: string[]): string | null {
  if (!text) return null;
  const setting = /^settings\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (setting)
    return settingKeys.length === 0 || settingKeys.includes(setting[1])
      ? null
      : `本县区没有参数 ${setting[1]}`;
  return ISO_DURATION.test(text) ? null : '应为 ISO 8601 时长（如 P15D 表示 15 天）或 settings.<参数名>';
}
