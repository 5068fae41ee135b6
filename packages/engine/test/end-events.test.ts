import { effectTypes, Instance, load, ofType } from './harness';

describe('end events', () => {
  it('an error end event inside a sub-process is caught by the boundary error event on it', async () => {
    const instance = new Instance(await load('error-end.bpmn'));
    instance.start();
    const effects = instance.complete('evaluate', 'reject');
    expect(ofType(effects, 'createTask').map((task) => task.elementId)).toEqual(['rectify']);
    expect(instance.state?.scopes).toHaveLength(1);
    instance.complete('rectify');
    expect(instance.status).toBe('completed');
  });

  it('an uncaught error end event fails the instance and says so', async () => {
    const instance = new Instance(await load('error-end.bpmn'));
    instance.start();
    instance.complete('evaluate', 'approve');
    const effects = instance.complete('recheck', 'reject');
    expect(effects).toEqual([{ type: 'processFailed', errorCode: 'VETOED', elementId: 'vetoed' }]);
    expect(instance.status).toBe('failed');
    expect(instance.attempt({ type: 'terminate', reason: '测试' })).toMatchObject({
      ok: false,
      rejection: { code: 'INSTANCE_NOT_ACTIVE' },
    });
  });

  it('a terminate end event withdraws the parallel work and ends the process', async () => {
    const instance = new Instance(await load('terminate-end.bpmn'));
    instance.start();
    const fill = instance.task('fill');
    const effects = instance.complete('check', 'reject');
    expect(effects).toEqual([
      { type: 'cancelTask', taskRef: fill.taskRef, reason: 'terminateEndEvent' },
      { type: 'processCompleted' },
    ]);
    expect(instance.state?.tokens).toEqual([]);
  });

  it('a none end event ends only its own path', async () => {
    const instance = new Instance(await load('terminate-end.bpmn'));
    instance.start();
    expect(effectTypes(instance.complete('check', 'approve'))).toEqual([]);
    expect(instance.openTaskIds()).toEqual(['fill']);
    expect(effectTypes(instance.complete('fill'))).toEqual(['processCompleted']);
  });
});
