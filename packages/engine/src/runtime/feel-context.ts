import { date } from 'feelin';
import { evaluateFeel, type FeelResult } from '../feel';
import { chinaDate } from '../time/date-time';
import type { Run } from './run';
import type { MultiInstanceSummary, TokenState } from './state';

/** The multi-instance counters FEEL sees, e.g. in `nrOfApprovals >= 2`. */
export function multiInstanceCounters(summary: MultiInstanceSummary, active = 0): Record<string, unknown> {
  const count = (outcome: string) => summary.outcomeCounts[outcome] ?? 0;
  return {
    nrOfInstances: summary.nrOfInstances,
    nrOfCompletedInstances: summary.nrOfCompletedInstances,
    nrOfActiveInstances: active,
    nrOfApprovals: count('approve'),
    nrOfReturns: count('return'),
    nrOfRejections: count('reject'),
    outcomes: summary.outcomes,
    outcomeCounts: summary.outcomeCounts,
  };
}

/**
 * The FEEL context for a token. Named entries: `outcome` and `data` (the last user task on the token's
 * path), `variables`, `project`, `settings`, and after a countersign its counters. For short conditions
 * the fields of `data`, the variables and the project fields are also visible by bare name; when names
 * clash the nearer one wins (data over variables over project) and the named entries above win over all.
 * `now()` and `today()` read the step's clock so that a replay evaluates alike.
 */
function feelContext(
  run: Run,
  token: TokenState,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { project, settings, now } = run.context;
  const last = token.last;
  const data = last?.data ?? {};
  const counters = last?.multiInstance ? multiInstanceCounters(last.multiInstance) : {};
  return {
    ...project,
    ...run.state.variables,
    ...data,
    ...counters,
    ...extra,
    outcome: extra.outcome !== undefined ? extra.outcome : (last?.outcome ?? null),
    data: extra.data !== undefined ? extra.data : data,
    variables: run.state.variables,
    project,
    settings,
    now: () => now,
    today: () => date(chinaDate(now)),
  };
}

export function evaluateForToken(
  run: Run,
  token: TokenState,
  source: string,
  extra?: Record<string, unknown>,
): FeelResult {
  return evaluateFeel(source, feelContext(run, token, extra));
}
