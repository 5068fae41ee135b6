import type { Outcome } from '../definition';
import { parseList } from './list';

/** Labels of the outcomes every county uses, so diagrams may write just `approve,return`. */
export const DEFAULT_OUTCOME_LABELS: Readonly<Record<string, string>> = {
  submit: '提交',
  approve: '通过',
  return: '退回修改',
  reject: '不予通过',
};

/** A task that declares no outcomes can only be submitted. */
const DEFAULT_OUTCOMES: readonly Outcome[] = [{ id: 'submit', label: DEFAULT_OUTCOME_LABELS.submit }];

const OUTCOME_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

export interface ParsedOutcomes {
  outcomes: Outcome[];
  /** Chinese descriptions of what is wrong, empty when the attribute is valid. */
  errors: string[];
}

/**
 * Parses `pm:outcomes`: a comma-separated list of `id` or `id:标签` (a full-width colon works too), e.g.
 * `approve:通过,return:退回修改,reject:不予通过`. Ids are what conditions compare (`outcome = "return"`);
 * labels are what the reviewer sees on the buttons. Standard ids get their default label.
 */
export function parseOutcomes(text: string | undefined): ParsedOutcomes {
  const entries = parseList(text);
  if (entries.length === 0) return { outcomes: [...DEFAULT_OUTCOMES], errors: [] };
  const outcomes: Outcome[] = [];
  const errors: string[] = [];
  for (const entry of entries) {
    const separator = entry.search(/[:：]/);
    const id = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    const label = separator < 0 ? undefined : entry.slice(separator + 1).trim() || undefined;
    if (!OUTCOME_ID.test(id)) {
      errors.push(`结果标识“${id}”无效：应以英文字母开头，只含字母、数字、“-”或“_”`);
      continue;
    }
    if (outcomes.some((outcome) => outcome.id === id)) {
      errors.push(`结果标识“${id}”重复`);
      continue;
    }
    const resolved = label ?? DEFAULT_OUTCOME_LABELS[id];
    if (!resolved) {
      errors.push(`结果“${id}”没有名称，请写成“${id}:名称”`);
      continue;
    }
    outcomes.push({ id, label: resolved });
  }
  return { outcomes, errors };
}
