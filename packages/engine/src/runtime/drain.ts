import { enterElement } from './elements';
import { fireReadyInclusiveJoin } from './elements/inclusive-gateway';
import { raiseIncident } from './incidents';
import type { Run } from './run';

/**
 * More element entries than any real diagram needs in one step; beyond it a cycle without a wait state
 * (a gateway loop whose condition never changes) is spinning, and the tokens are parked with incidents.
 */
const MAX_ENTRIES_PER_STEP = 10_000;

/** Moves tokens until every one of them waits for something outside the engine. */
export function drain(run: Run): void {
  let entries = 0;
  for (;;) {
    while (run.agenda.length > 0 && run.isActive) {
      const token = run.token(run.agenda.shift() as string);
      if (!token || token.wait.kind !== 'entering') continue;
      entries += 1;
      if (entries > MAX_ENTRIES_PER_STEP) {
        parkRunaway(run);
        return;
      }
      enterElement(run, token);
    }
    if (!run.isActive || !fireReadyInclusiveJoin(run)) return;
  }
}

function parkRunaway(run: Run): void {
  for (const token of run.state.tokens.filter((candidate) => candidate.wait.kind === 'entering')) {
    raiseIncident(
      run,
      token,
      token.elementId,
      '流程在一次操作中循环过多，可能存在没有等待环节的死循环',
      'enter',
    );
  }
  run.agenda.length = 0;
}
