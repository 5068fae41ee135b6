import { effectTypes, Instance, load, ofType } from './harness';

describe('call activity', () => {
  it('starts the called process with the variables and merges its variables back', async () => {
    const instance = new Instance(await load('call-parent.bpmn'));
    const effects = instance.start({ projectName: '农村道路养护' });
    expect(ofType(effects, 'startCallActivity')).toEqual([
      {
        type: 'startCallActivity',
        ref: instance.waitingRef('declaration'),
        elementId: 'declaration',
        processId: 'callChild',
        variables: { projectName: '农村道路养护' },
      },
    ]);
    const done = instance.send({
      type: 'completeCallActivity',
      ref: instance.waitingRef('declaration'),
      variables: { targetId: 'T-1' },
    });
    expect(ofType(done, 'invokeService')[0]).toMatchObject({
      handler: 'setProjectStatus',
      input: { status: 'declared' },
    });
    expect(instance.state?.variables).toEqual({ projectName: '农村道路养护', targetId: 'T-1' });
  });

  it('routes an error ending the called process to the boundary error event of the call activity', async () => {
    const parent = new Instance(await load('call-parent.bpmn'));
    const [call] = ofType(parent.start(), 'startCallActivity');

    // The server runs the called process as an instance of its own.
    const child = new Instance(await load('call-child.bpmn'));
    child.start(call.variables);
    const childEnd = child.complete('review', 'reject');
    expect(childEnd).toEqual([{ type: 'processFailed', errorCode: 'REJECTED', elementId: 'rejected' }]);

    const effects = parent.send({ type: 'failCallActivity', ref: call.ref, errorCode: 'REJECTED' });
    expect(effectTypes(effects)).toEqual(['cancelTimer', 'createTask']);
    expect(parent.openTaskIds()).toEqual(['rectify']);
  });

  it('an error the call activity does not catch fails the calling instance too', async () => {
    const parent = new Instance(await load('call-parent.bpmn'));
    const started = parent.start();
    const [call] = ofType(started, 'startCallActivity');
    const [tooLate] = ofType(started, 'scheduleTimer');
    // The boundary catches REJECTED only.
    const effects = parent.send({ type: 'failCallActivity', ref: call.ref, errorCode: 'OTHER' });
    expect(effects).toEqual([
      { type: 'cancelTimer', timerRef: tooLate.timerRef },
      { type: 'processFailed', errorCode: 'OTHER', elementId: 'declaration' },
    ]);
    expect(parent.status).toBe('failed');
  });

  it('an interrupting timer withdraws the called process', async () => {
    const parent = new Instance(await load('call-parent.bpmn'));
    const [call] = ofType(parent.start(), 'startCallActivity');
    const effects = parent.fire('tooLate');
    expect(effects).toEqual([
      { type: 'cancelCallActivity', ref: call.ref, reason: 'boundaryEvent' },
      { type: 'processCompleted' },
    ]);
  });
});
