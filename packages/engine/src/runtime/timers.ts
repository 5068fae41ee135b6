import type { TimerSpec } from '../definition';
import { resolveTimer, type ResolvedTimer } from '../time/timer';
import { raiseIncident } from './incidents';
import { refFor } from './tokens';
import type { Run } from './run';
import type { TimerState, TokenState } from './state';

/** Records a timer and asks the server to fire it at `fireAt`. */
export function addTimer(
  run: Run,
  elementId: string,
  tokenId: string | null,
  resolved: ResolvedTimer,
): TimerState {
  const timer: TimerState = {
    ref: refFor(run, elementId),
    elementId,
    tokenId,
    fireAt: resolved.fireAt.toISOString(),
    cycle: resolved.cycle,
  };
  run.state.timers.push(timer);
  run.emit({ type: 'scheduleTimer', timerRef: timer.ref, elementId, fireAt: resolved.fireAt });
  return timer;
}

/**
 * Schedules the timer of `elementId` for `token`. When its settings value is unusable, an incident is
 * raised: on the token itself if it is waiting for this timer (`blocking`), otherwise without blocking.
 */
export function scheduleTimer(
  run: Run,
  elementId: string,
  spec: TimerSpec,
  token: TokenState | null,
  blocking: boolean,
): TimerState | null {
  const resolved = resolveTimer(spec, run.context.settings, run.context.now);
  if ('error' in resolved) {
    raiseIncident(run, blocking ? token : null, elementId, `定时无法计算：${resolved.error}`, 'enter');
    return null;
  }
  return addTimer(run, elementId, token?.id ?? null, resolved);
}

/** Withdraws timers, telling the server to forget them. */
export function cancelTimers(run: Run, predicate: (timer: TimerState) => boolean): void {
  for (const timer of run.state.timers.filter(predicate)) {
    run.emit({ type: 'cancelTimer', timerRef: timer.ref });
  }
  run.state.timers = run.state.timers.filter((timer) => !predicate(timer));
}
