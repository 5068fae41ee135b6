import { effectTypes, Instance, load, ofType } from './harness';

const settings = { scoreWeights: [10, 50, 30, 10], passScore: 60 };

describe('service task', () => {
  it('hands the evaluated input to the handler and merges its result into the variables', async () => {
    const instance = new Instance(await load('service-task.bpmn'), { settings, project: { amount: 300 } });
    const [invoke] = ofType(instance.start(), 'invokeService');
    expect(invoke).toEqual({
      type: 'invokeService',
      ref: instance.waitingRef('score'),
      elementId: 'score',
      handler: 'computeScore',
      input: { weights: [10, 50, 30, 10], amount: 300 },
    });
    const effects = instance.send({
      type: 'completeService',
      ref: invoke.ref,
      result: { score: 86, grade: '良' },
    });
    expect(ofType(effects, 'invokeService')[0]).toMatchObject({
      handler: 'publish',
      input: { score: 86, grade: '良' },
    });
    expect(instance.state?.variables).toEqual({ score: 86, grade: '良' });
  });

  it('a failure without an error code waits with an incident until it is retried', async () => {
    const instance = new Instance(await load('service-task.bpmn'), { settings });
    const [invoke] = ofType(instance.start(), 'invokeService');
    const failed = instance.send({ type: 'failService', ref: invoke.ref, message: '评分服务超时' });
    const [incident] = ofType(failed, 'incident');
    expect(incident).toMatchObject({ elementId: 'score', message: '服务调用失败：评分服务超时' });
    expect(instance.attempt({ type: 'completeService', ref: invoke.ref })).toMatchObject({
      ok: false,
      rejection: { code: 'UNKNOWN_SERVICE' },
    });

    const retried = instance.send({ type: 'retryIncident', incidentId: incident.incidentId });
    const [again] = ofType(retried, 'invokeService');
    expect(again.ref).not.toBe(invoke.ref);
    expect(instance.state?.incidents).toEqual([]);
    const effects = instance.send({ type: 'completeService', ref: again.ref, result: { score: 40 } });
    expect(ofType(effects, 'invokeService')[0].handler).toBe('holdFunds');
  });

  it('a failure with an error code is caught by the boundary error event', async () => {
    const instance = new Instance(await load('service-task.bpmn'), { settings });
    const [invoke] = ofType(instance.start(), 'invokeService');
    const effects = instance.send({ type: 'failService', ref: invoke.ref, errorCode: 'NO_DATA' });
    expect(effectTypes(effects)).toEqual(['createTask']);
    expect(instance.openTaskIds()).toEqual(['manual']);
  });
});
