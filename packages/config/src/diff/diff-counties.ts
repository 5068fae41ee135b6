import { canonicalJson } from '../artifacts';
import { STAGE_IDS } from '../county';
import { STAGE_LABELS } from '../stages';
import { diffForms } from './diff-forms';
import { diffProcesses } from './diff-processes';
import { itemName, settingAbsentText, settingLabel, settingText } from './setting-text';
import type { DiffEntry, DiffSide, SettingDiff, StageDiff } from './types';

function diffStages(a: DiffSide, b: DiffSide): StageDiff[] {
  const entries: StageDiff[] = [];
  for (const stage of STAGE_IDS) {
    const enabled: [boolean, boolean] = [a.county.stages[stage].enabled, b.county.stages[stage].enabled];
    if (enabled[0] === enabled[1]) continue;
    const [yes, no] = enabled[0] ? [a, b] : [b, a];
    entries.push({
      topic: 'stage',
      stage,
      enabled,
      sentence: `${yes.label} 开展「${STAGE_LABELS[stage]}」，${no.label} 不开展`,
    });
  }
  return entries;
}

/** Long lists of named items read better as what one side adds and lacks than as two full lists. */
const LONG_LIST = 6;

function listDelta(left: unknown, right: unknown): string | undefined {
  if (!Array.isArray(left) || !Array.isArray(right)) return undefined;
  if (Math.max(left.length, right.length) < LONG_LIST) return undefined;
  const [l, r] = [left.map(itemName), right.map(itemName)];
  if (l.includes(undefined) || r.includes(undefined)) return undefined;
  const more = r.filter((name) => !l.includes(name));
  const fewer = l.filter((name) => !r.includes(name));
  const parts = [
    more.length > 0 ? `多${more.map((name) => `「${name}」`).join('')}` : '',
    fewer.length > 0 ? `少${fewer.map((name) => `「${name}」`).join('')}` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('，') : '内容相同、顺序或细节不同';
}

function diffSettings(a: DiffSide, b: DiffSide): SettingDiff[] {
  const keys = [...new Set([...Object.keys(a.county.settings), ...Object.keys(b.county.settings)])];
  const entries: SettingDiff[] = [];
  for (const key of keys) {
    const [left, right] = [a.county.settings[key], b.county.settings[key]];
    const comparable = (s: typeof left) =>
      s ? canonicalJson({ value: s.value, unit: s.unit ?? null }) : null;
    if (comparable(left) === comparable(right)) continue;
    const values: [string | null, string | null] = [
      left ? settingText(key, left) : null,
      right ? settingText(key, right) : null,
    ];
    const label = settingLabel(key);
    const shown = (value: string | null): string => value ?? settingAbsentText(key);
    const delta = left && right ? listDelta(left.value, right.value) : undefined;
    entries.push({
      topic: 'setting',
      key,
      label,
      values,
      sentence: delta
        ? `${label}：${b.label} 比 ${a.label} ${delta}`
        : `${label}：${a.label} ${shown(values[0])}；${b.label} ${shown(values[1])}`,
    });
  }
  return entries;
}

/**
 * What differs between two counties, or two deployed versions of one, in the words of a finance officer:
 * the stages each runs, the settings with their values and units, the fields of each form, and each stage's
 * steps, who takes them and in which order. B is described relative to A.
 */
export function diffCounties(a: DiffSide, b: DiffSide): DiffEntry[] {
  return [...diffStages(a, b), ...diffSettings(a, b), ...diffProcesses(a, b), ...diffForms(a, b)];
}
