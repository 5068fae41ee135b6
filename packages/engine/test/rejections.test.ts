import { step, type Command } from '@pm/engine';
import { Instance, load } from './harness';

const context = { now: new Date('2026-03-01T00:00:00Z'), settings: {}, project: {} };

describe('commands that do not apply', () => {
  it('are rejected with a typed code and change nothing', async () => {
    const definition = await load('return-loop.bpmn');
    expect(step(definition, null, { type: 'fireTimer', timerRef: 'x' }, context)).toMatchObject({
      ok: false,
      rejection: { code: 'NOT_STARTED' },
    });
    const instance = new Instance(definition);
    instance.start();
    const cases: Array<[Command, string]> = [
      [{ type: 'start' }, 'ALREADY_STARTED'],
      [{ type: 'completeTask', taskRef: 'declare:999', outcome: 'submit' }, 'UNKNOWN_TASK'],
      [{ type: 'fireTimer', timerRef: 'nope' }, 'UNKNOWN_TIMER'],
      [{ type: 'deliverMessage', name: '人代会批准' }, 'NO_SUBSCRIPTION'],
      [{ type: 'completeService', ref: 'nope' }, 'UNKNOWN_SERVICE'],
      [{ type: 'failService', ref: 'nope' }, 'UNKNOWN_SERVICE'],
      [{ type: 'completeCallActivity', ref: 'nope' }, 'UNKNOWN_CALL_ACTIVITY'],
      [{ type: 'failCallActivity', ref: 'nope', errorCode: 'X' }, 'UNKNOWN_CALL_ACTIVITY'],
      [{ type: 'retryIncident', incidentId: 'nope' }, 'UNKNOWN_INCIDENT'],
    ];
    for (const [command, code] of cases) {
      const result = instance.attempt(command);
      expect(result).toMatchObject({ ok: false, rejection: { code } });
      if (!result.ok) expect(result.rejection.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const other = await load('user-task.bpmn');
    expect(step(other, instance.state, { type: 'terminate', reason: 'x' }, context)).toMatchObject({
      ok: false,
      rejection: { code: 'WRONG_PROCESS' },
    });
  });

  it('terminate withdraws all open work, and nothing applies afterwards', async () => {
    const instance = new Instance(await load('boundary-timers.bpmn'), {
      settings: { approvalDays: 5, approvalDeadline: 10 },
    });
    instance.start();
    const task = instance.task('approval');
    const effects = instance.send({ type: 'terminate', reason: '项目取消' });
    expect(effects.map((effect) => effect.type)).toEqual([
      'cancelTask',
      'cancelTimer',
      'cancelTimer',
      'processTerminated',
    ]);
    expect(effects[0]).toEqual({ type: 'cancelTask', taskRef: task.taskRef, reason: 'terminated' });
    expect(instance.status).toBe('terminated');
    expect(instance.state?.endedAt).toBe(instance.now.toISOString());
    expect(
      instance.attempt({ type: 'completeTask', taskRef: task.taskRef, outcome: 'approve' }),
    ).toMatchObject({
      ok: false,
      rejection: { code: 'INSTANCE_NOT_ACTIVE' },
    });
  });
});
