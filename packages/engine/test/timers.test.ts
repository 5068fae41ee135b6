import { effectTypes, Instance, load, ofType } from './harness';

const settings = { approvalDays: 20, approvalDeadline: 'P40D' };

describe('timers', () => {
  it('a non-interrupting cycle reminds twice through a notification service while the task stays open', async () => {
    const instance = new Instance(await load('boundary-timers.bpmn'), {
      settings,
      now: '2026-03-01T09:00:00+08:00',
    });
    const started = instance.start();
    expect(ofType(started, 'scheduleTimer')).toEqual([
      {
        type: 'scheduleTimer',
        timerRef: expect.any(String),
        elementId: 'reminder',
        fireAt: new Date('2026-03-16T09:00:00+08:00'),
      },
      {
        type: 'scheduleTimer',
        timerRef: expect.any(String),
        elementId: 'deadline',
        fireAt: new Date('2026-04-10T09:00:00+08:00'),
      },
    ]);
    expect(ofType(started, 'createTask')[0].due).toEqual(new Date('2026-03-21T09:00:00+08:00'));

    const early = instance.attempt({ type: 'fireTimer', timerRef: instance.timer('reminder').ref });
    expect(early).toMatchObject({ ok: false, rejection: { code: 'TIMER_NOT_DUE' } });

    const first = instance.fire('reminder');
    expect(ofType(first, 'invokeService')).toEqual([
      expect.objectContaining({
        handler: 'notify',
        input: { template: 'approval-reminder', roles: ['approver'] },
      }),
    ]);
    expect(ofType(first, 'scheduleTimer')[0].fireAt).toEqual(new Date('2026-03-31T09:00:00+08:00'));
    instance.send({ type: 'completeService', ref: ofType(first, 'invokeService')[0].ref });
    expect(instance.openTaskIds()).toEqual(['approval']);

    const second = instance.fire('reminder');
    expect(ofType(second, 'scheduleTimer')).toEqual([]);
    expect(() => instance.timer('reminder')).toThrow();
    instance.send({ type: 'completeService', ref: ofType(second, 'invokeService')[0].ref });

    // Approving withdraws the deadline.
    const deadline = ofType(started, 'scheduleTimer')[1].timerRef;
    const approved = instance.complete('approval', 'approve');
    expect(ofType(approved, 'cancelTimer')).toEqual([{ type: 'cancelTimer', timerRef: deadline }]);
    expect(instance.status).toBe('completed');
  });

  it('an interrupting deadline withdraws the task and escalates', async () => {
    const instance = new Instance(await load('boundary-timers.bpmn'), { settings });
    const approval = ofType(instance.start(), 'createTask')[0];
    const effects = instance.fire('deadline');
    expect(effectTypes(effects)).toEqual(['cancelTask', 'cancelTimer', 'createTask']);
    expect(ofType(effects, 'cancelTask')).toEqual([
      { type: 'cancelTask', taskRef: approval.taskRef, reason: 'boundaryEvent' },
    ]);
    expect(instance.openTaskIds()).toEqual(['escalate']);
    expect(instance.state?.timers).toEqual([]);
  });

  it('an intermediate timer holds the token until it fires', async () => {
    const instance = new Instance(await load('intermediate-timer.bpmn'), {
      now: '2026-07-01T00:00:00+08:00',
    });
    const [scheduled] = ofType(instance.start(), 'scheduleTimer');
    expect(scheduled.fireAt).toEqual(new Date('2026-07-08T00:00:00+08:00'));
    expect(instance.openTasks()).toEqual([]);
    instance.fire('wait');
    expect(instance.openTaskIds()).toEqual(['fill']);
  });

  it('a timer start event starts the work when it fires', async () => {
    const instance = new Instance(await load('timer-start.bpmn'), {
      now: '2026-06-20T10:00:00+08:00',
      settings: { monitoringDays: 'P14D' },
    });
    expect(instance.start()).toEqual([
      {
        type: 'scheduleTimer',
        timerRef: expect.any(String),
        elementId: 'halfYear',
        fireAt: new Date('2026-07-01T00:00:00+08:00'),
      },
    ]);
    expect(instance.status).toBe('active');
    const [task] = ofType(instance.fire('halfYear'), 'createTask');
    expect(task).toMatchObject({ elementId: 'fill', due: new Date('2026-07-15T00:00:00+08:00') });
  });

  it('a timer whose setting is missing raises an incident instead of failing', async () => {
    const instance = new Instance(await load('boundary-timers.bpmn'), { settings: { approvalDays: 20 } });
    const effects = instance.start();
    expect(ofType(effects, 'incident')).toEqual([
      expect.objectContaining({
        elementId: 'deadline',
        message: expect.stringContaining('approvalDeadline'),
      }),
    ]);
    expect(instance.openTaskIds()).toEqual(['approval']);
  });
});
