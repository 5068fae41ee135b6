import type { DueSpec } from '../definition';
import { addDuration, daysDuration, parseDuration } from '../time/duration';
import { parseSettingsReference } from '../time/settings-reference';

/** Parses `pm:due`: `P20D`, or `settings.approvalDays` naming a county setting. Null when invalid. */
export function parseDue(text: string): DueSpec | null {
  const key = parseSettingsReference(text);
  if (key) return { kind: 'setting', key };
  return parseDuration(text) ? { kind: 'duration', duration: text.trim() } : null;
}

/**
 * The absolute due date of a task created at `now`. A setting may hold a duration (`P20D`) or a plain
 * number of days (`20`), the way the regulations state deadlines. Returns an error (Chinese) when the
 * setting is missing or unusable.
 */
export function computeDue(
  spec: DueSpec,
  settings: Readonly<Record<string, unknown>>,
  now: Date,
): { due: Date } | { error: string } {
  const value = spec.kind === 'duration' ? spec.duration : settings[spec.key];
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return { due: addDuration(now, daysDuration(value)) };
  }
  const duration = typeof value === 'string' ? parseDuration(value) : null;
  if (duration) return { due: addDuration(now, duration) };
  return { error: `县级设置 ${spec.kind === 'setting' ? spec.key : ''} 缺失或不是时长（如 P20D）或天数` };
}
