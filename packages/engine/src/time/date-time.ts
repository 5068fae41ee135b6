const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Our counties all keep China Standard Time, so a bare date in a diagram or a setting (`2026-07-15`) means
 * the start of that day there. A date-time must name its offset: the result must not depend on the
 * time zone of whichever server happens to run the step.
 */
const CHINA_OFFSET = '+08:00';

export function parseDateTime(text: string): Date | null {
  const value = text.trim();
  const iso = DATE_ONLY.test(value)
    ? `${value}T00:00:00${CHINA_OFFSET}`
    : DATE_TIME.test(value)
      ? value
      : null;
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The calendar date in China Standard Time, `YYYY-MM-DD`. */
export function chinaDate(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
