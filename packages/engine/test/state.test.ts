import { step, type Command, type Effect, type InstanceState, type ProcessDefinition } from '@pm/engine';
import { load } from './harness';

type Script = (state: InstanceState | null) => Command;

/** Runs a script of commands, optionally storing the state as JSON text between steps as the server does. */
function run(definition: ProcessDefinition, script: Script[], viaJson: boolean) {
  let state: InstanceState | null = null;
  const trace: Array<{ state: InstanceState; effects: Effect[] }> = [];
  for (const [index, next] of script.entries()) {
    const command = next(state);
    const result = step(definition, state, command, {
      now: new Date(Date.UTC(2026, 2, 1 + index * 20)),
      settings: { approvalDays: 20, approvalDeadline: 'P90D' },
      project: { amount: 600 },
    });
    if (!result.ok) throw new Error(result.rejection.message);
    state = viaJson ? (JSON.parse(JSON.stringify(result.state)) as InstanceState) : result.state;
    trace.push({ state: result.state, effects: result.effects });
  }
  return trace;
}

const openTask =
  (elementId: string, outcome: string, which = 0): Script =>
  (state) => {
    const refs = (state?.tokens ?? []).flatMap((token) =>
      token.elementId === elementId && token.wait.kind === 'task' ? [token.wait.taskRef] : [],
    );
    return { type: 'completeTask', taskRef: refs[which], outcome, data: { note: `${elementId}-${outcome}` } };
  };

const timer =
  (elementId: string): Script =>
  (state) => ({
    type: 'fireTimer',
    timerRef: state?.timers.find((t) => t.elementId === elementId)?.ref ?? '',
  });

const completeService: Script = (state) => {
  const wait = state?.tokens.find((token) => token.wait.kind === 'service')?.wait;
  return { type: 'completeService', ref: wait?.kind === 'service' ? wait.ref : '' };
};

describe('instance state', () => {
  it('is plain JSON: storing it as text between steps gives the same states and effects', async () => {
    const countersign = await load('countersign-parallel.bpmn');
    const script: Script[] = [
      () => ({ type: 'start', variables: { experts: ['a', 'b', 'c'] } }),
      openTask('expertReview', 'return'),
      openTask('expertReview', 'return'),
      openTask('expertReview', 'approve'),
      openTask('revise', 'submit'),
      openTask('expertReview', 'approve', 2),
      openTask('expertReview', 'approve'),
      openTask('approval', 'approve'),
    ];
    const direct = run(countersign, script, false);
    const stored = run(countersign, script, true);
    expect(JSON.stringify(stored)).toEqual(JSON.stringify(direct));
    expect(direct.at(-1)?.state.status).toBe('completed');
    for (const { state } of direct) expect(JSON.parse(JSON.stringify(state))).toEqual(state);

    const timers = await load('boundary-timers.bpmn');
    const timerScript: Script[] = [
      () => ({ type: 'start' }),
      timer('reminder'),
      completeService,
      openTask('approval', 'approve'),
    ];
    expect(JSON.stringify(run(timers, timerScript, true))).toEqual(
      JSON.stringify(run(timers, timerScript, false)),
    );
  });

  it('never changes the state it is given', async () => {
    const definition = await load('return-loop.bpmn');
    const context = { now: new Date('2026-03-01T00:00:00Z'), settings: {}, project: {} };
    const started = step(definition, null, { type: 'start' }, context);
    if (!started.ok) throw new Error('not started');
    const before = JSON.stringify(started.state);
    const taskRef = started.state.tokens[0].wait.kind === 'task' ? started.state.tokens[0].wait.taskRef : '';
    step(definition, started.state, { type: 'completeTask', taskRef, outcome: 'submit' }, context);
    expect(JSON.stringify(started.state)).toBe(before);
  });
});
