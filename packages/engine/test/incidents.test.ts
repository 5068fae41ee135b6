import { Instance, load, ofType } from './harness';
import { compileProcess } from '@pm/engine';
import { fixture } from './harness';

describe('incidents', () => {
  it('a gateway where no condition holds keeps the token waiting with an incident, never throws', async () => {
    const { definition, problems } = await compileProcess(fixture('stuck-gateway.bpmn'));
    // The compiler warned about exactly this gateway.
    expect(problems.map((problem) => [problem.code, problem.elementId])).toEqual([
      ['GATEWAY_MAY_GET_STUCK', 'bySize'],
    ]);
    if (!definition) throw new Error('no definition');

    const instance = new Instance(definition, { settings: {}, project: { amount: 100 } });
    instance.start();
    const effects = instance.complete('review', 'approve');
    const [incident] = ofType(effects, 'incident');
    expect(incident).toEqual({
      type: 'incident',
      incidentId: incident.incidentId,
      elementId: 'bySize',
      message: '“按金额”没有满足条件的出口，且没有默认流',
    });
    expect(instance.status).toBe('active');
    expect(instance.state?.tokens).toEqual([
      expect.objectContaining({
        elementId: 'bySize',
        wait: { kind: 'incident', incidentId: incident.incidentId },
      }),
    ]);

    // Once the county defines the setting, the token is retried and moves on.
    instance.settings = { largeAmount: 50 };
    instance.send({ type: 'retryIncident', incidentId: incident.incidentId });
    expect(instance.openTaskIds()).toEqual(['large']);
  });

  it('the same amount as the limit still matches neither flow', async () => {
    const { definition } = await compileProcess(fixture('stuck-gateway.bpmn'));
    if (!definition) throw new Error('no definition');
    const instance = new Instance(definition, { settings: { largeAmount: 100 }, project: { amount: 100 } });
    instance.start();
    expect(ofType(instance.complete('review', 'approve'), 'incident')).toHaveLength(1);
  });

  it('parks a loop without any wait state instead of spinning for ever', async () => {
    const definition = await load('return-loop.bpmn');
    // A hand-made cycle between two gateways whose conditions never change.
    const looping = structuredClone(definition);
    looping.flows.firstReturned.condition = 'true';
    looping.flows.firstReturned.target = 'firstDecision';
    looping.elements.firstDecision.incoming.push('firstReturned');
    const instance = new Instance(looping);
    instance.start();
    instance.complete('declare');
    const effects = instance.complete('firstReview', 'return');
    expect(ofType(effects, 'incident')[0].message).toContain('死循环');
  });
});
