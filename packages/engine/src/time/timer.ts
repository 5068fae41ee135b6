import type { TimerSpec } from '../definition';
import { parseDateTime } from './date-time';
import { addDuration, parseDuration, type Duration } from './duration';
import { parseSettingsReference } from './settings-reference';

/** A repeating timer: what is left of `R3/P15D` after each firing. */
export interface TimerCycle {
  interval: string;
  /** Firings still to come after the scheduled one; null repeats for ever. */
  remaining: number | null;
}

export interface ResolvedTimer {
  fireAt: Date;
  cycle: TimerCycle | null;
}

const CYCLE = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;

interface ParsedCycle {
  repetitions: number | null;
  start: Date | null;
  interval: Duration;
  intervalText: string;
}

function parseCycle(text: string): ParsedCycle | null {
  const match = CYCLE.exec(text.trim());
  if (!match) return null;
  const [, count, startText, intervalText] = match;
  const interval = parseDuration(intervalText);
  const start = startText === undefined ? null : parseDateTime(startText);
  if (!interval || (startText !== undefined && !start)) return null;
  const repetitions = count === '' ? null : Number(count);
  if (repetitions === 0) return null;
  return { repetitions, start, interval, intervalText };
}

/** Why a literal timer value cannot be used (Chinese), or null when it is valid. */
function timerLiteralError(type: TimerSpec['type'], text: string): string | null {
  switch (type) {
    case 'timeDate':
      return parseDateTime(text)
        ? null
        : `“${text}”不是带时区的 ISO 8601 日期时间（如 2026-07-15 或 2026-07-15T09:00:00+08:00）`;
    case 'timeDuration':
      return parseDuration(text) ? null : `“${text}”不是 ISO 8601 时长（如 P20D、PT12H）`;
    case 'timeCycle':
      return parseCycle(text)
        ? null
        : `“${text}”不是 ISO 8601 重复时间（如 R3/P15D 或 R/2026-07-01T00:00:00+08:00/P1M）`;
  }
}

/** Why a timer in a diagram is unusable, or null. A settings reference is checked when it is resolved. */
export function timerSpecError(spec: TimerSpec): string | null {
  if (parseSettingsReference(spec.expression)) return null;
  return timerLiteralError(spec.type, spec.expression);
}

function settingText(type: TimerSpec['type'], value: unknown): string | null {
  if (typeof value === 'string') return value;
  // A bare number of days is how the regulations state most periods (批复 within 20 days).
  if (typeof value === 'number' && type === 'timeDuration' && Number.isFinite(value) && value >= 0) {
    return `P${value}D`;
  }
  return null;
}

/**
 * Works out when a timer fires, reading `settings.<key>` from the county settings. Returns a Chinese
 * error when the value cannot be used, so the caller can raise an incident instead of crashing.
 */
export function resolveTimer(
  spec: TimerSpec,
  settings: Readonly<Record<string, unknown>>,
  now: Date,
): ResolvedTimer | { error: string } {
  const key = parseSettingsReference(spec.expression);
  const text = key === null ? spec.expression : settingText(spec.type, settings[key]);
  if (text === null) return { error: `县级设置 ${key} 缺失或不是有效的时间值` };
  const error = timerLiteralError(spec.type, text);
  if (error) return { error: key === null ? error : `县级设置 ${key}：${error}` };
  switch (spec.type) {
    case 'timeDate':
      return { fireAt: parseDateTime(text) as Date, cycle: null };
    case 'timeDuration':
      return { fireAt: addDuration(now, parseDuration(text) as Duration), cycle: null };
    case 'timeCycle': {
      const cycle = parseCycle(text) as ParsedCycle;
      const fireAt = cycle.start ?? addDuration(now, cycle.interval);
      const remaining = cycle.repetitions === null ? null : cycle.repetitions - 1;
      return { fireAt, cycle: { interval: cycle.intervalText, remaining } };
    }
  }
}

/** The next firing of a cycle, counted from the previous one so that reminders do not drift. */
export function nextCycleFiring(previous: Date, cycle: TimerCycle): ResolvedTimer | null {
  if (cycle.remaining === 0) return null;
  const interval = parseDuration(cycle.interval) as Duration;
  const remaining = cycle.remaining === null ? null : cycle.remaining - 1;
  return { fireAt: addDuration(previous, interval), cycle: { interval: cycle.interval, remaining } };
}
