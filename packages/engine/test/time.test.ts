import { parseDateTime } from '../src/time/date-time';
import { addDuration, parseDuration } from '../src/time/duration';
import { nextCycleFiring, resolveTimer, timerSpecError } from '../src/time/timer';

const now = new Date('2026-03-01T00:00:00Z');

describe('ISO 8601 time values', () => {
  it('parses durations and adds them in calendar terms', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    for (const bad of ['P', 'PT', '20D', 'P1.5D', 'P20d']) expect(parseDuration(bad)).toBeNull();
    expect(addDuration(new Date('2026-01-31T00:00:00Z'), parseDuration('P1M') as never)).toEqual(
      new Date('2026-02-28T00:00:00Z'),
    );
  });

  it('reads a bare date as midnight China time and requires an offset on a date-time', () => {
    expect(parseDateTime('2026-07-15')).toEqual(new Date('2026-07-14T16:00:00Z'));
    expect(parseDateTime('2026-07-15T09:00:00+08:00')).toEqual(new Date('2026-07-15T01:00:00Z'));
    expect(parseDateTime('2026-07-15T09:00:00')).toBeNull();
  });

  it('resolves timeDate, timeDuration and timeCycle, literally or from a setting', () => {
    expect(resolveTimer({ type: 'timeDate', expression: '2026-07-15' }, {}, now)).toEqual({
      fireAt: new Date('2026-07-14T16:00:00Z'),
      cycle: null,
    });
    expect(resolveTimer({ type: 'timeDuration', expression: 'settings.days' }, { days: 3 }, now)).toEqual({
      fireAt: new Date('2026-03-04T00:00:00Z'),
      cycle: null,
    });
    expect(resolveTimer({ type: 'timeCycle', expression: 'R3/P15D' }, {}, now)).toEqual({
      fireAt: new Date('2026-03-16T00:00:00Z'),
      cycle: { interval: 'P15D', remaining: 2 },
    });
    const monthly = resolveTimer(
      { type: 'timeCycle', expression: 'R/2026-04-01T00:00:00+08:00/P1M' },
      {},
      now,
    );
    expect(monthly).toEqual({
      fireAt: new Date('2026-03-31T16:00:00Z'),
      cycle: { interval: 'P1M', remaining: null },
    });
    expect(nextCycleFiring(new Date('2026-03-31T16:00:00Z'), { interval: 'P1M', remaining: null })).toEqual({
      fireAt: new Date('2026-04-30T16:00:00Z'),
      cycle: { interval: 'P1M', remaining: null },
    });
    expect(nextCycleFiring(now, { interval: 'P1D', remaining: 0 })).toBeNull();
    expect(resolveTimer({ type: 'timeDate', expression: 'settings.missing' }, {}, now)).toEqual({
      error: '县级设置 missing 缺失或不是有效的时间值',
    });
  });

  it('refuses timers that do not parse, cron expressions included', () => {
    expect(timerSpecError({ type: 'timeCycle', expression: '0 0 9 * * ?' })).toContain(
      '不是 ISO 8601 重复时间',
    );
    expect(timerSpecError({ type: 'timeCycle', expression: 'R0/P1D' })).not.toBeNull();
    expect(timerSpecError({ type: 'timeDate', expression: 'settings.monitoringDue' })).toBeNull();
  });
});
