/** An ISO 8601 duration such as `P20D`, `PT36H` or `P1Y2M`, split into its designators. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

/**
 * Adds a duration in UTC. Years and months move the calendar date (31 January + P1M clamps to the end of
 * February); the rest is exact elapsed time, which equals calendar time in China (no daylight saving).
 */
export function addDuration(date: Date, duration: Duration): Date {
  const result = new Date(date.getTime());
  if (duration.years || duration.months) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + duration.years * 12 + duration.months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const days = duration.weeks * 7 + duration.days;
  const millis = ((days * 24 + duration.hours) * 60 + duration.minutes) * 60_000 + duration.seconds * 1000;
  return new Date(result.getTime() + millis);
}

export function daysDuration(days: number): Duration {
  return { years: 0, months: 0, weeks: 0, days, hours: 0, minutes: 0, seconds: 0 };
}
