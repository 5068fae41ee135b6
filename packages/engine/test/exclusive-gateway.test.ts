import { effectTypes, Instance, load, ofType } from './harness';

describe('exclusive gateway', () => {
  it('routes by outcome and lets a declaration go round the return loops any number of times', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    for (let round = 0; round < 3; round++) {
      instance.complete('declare', 'submit', { round });
      instance.complete('firstReview', 'return');
    }
    instance.complete('declare');
    instance.complete('firstReview', 'approve');
    for (let round = 0; round < 2; round++) {
      instance.complete('secondReview', 'return');
      expect(instance.openTaskIds()).toEqual(['firstReview']);
      instance.complete('firstReview', 'approve');
    }
    instance.complete('secondReview', 'approve');
    instance.complete('approval', 'approve');
    expect(instance.status).toBe('completed');
    expect(ofType(instance.effects, 'createTask').map((task) => task.elementId)).toEqual([
      ...Array(4).fill(['declare', 'firstReview']).flat(),
      'secondReview',
      'firstReview',
      'secondReview',
      'firstReview',
      'secondReview',
      'approval',
    ]);
  });

  it('ends at the rejection end event', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    instance.complete('declare');
    instance.complete('firstReview', 'approve');
    expect(effectTypes(instance.complete('secondReview', 'reject'))).toEqual(['processCompleted']);
    expect(instance.state?.scopes[0].last).toMatchObject({ elementId: 'secondReview', outcome: 'reject' });
  });

  it('reads project fields and county settings: a project above the threshold needs a pre-assessment', async () => {
    const definition = await load('conditions.bpmn');
    const settings = { preAssessmentThreshold: 500 };
    const large = new Instance(definition, { settings, project: { amount: 800 } });
    large.start();
    large.complete('declare');
    expect(large.openTaskIds()).toEqual(['preAssessment']);

    const small = new Instance(definition, { settings, project: { amount: 120 } });
    small.start();
    small.complete('declare');
    expect(small.openTaskIds()).toEqual(['review']);
  });

  it('reads the submitted form data as `data.x` and, for short expressions, as a bare name', async () => {
    const instance = new Instance(await load('conditions.bpmn'), {
      settings: { preAssessmentThreshold: 500 },
      project: { amount: 120 },
    });
    instance.start();
    instance.complete('declare');
    const effects = instance.complete('review', 'approve', { grade: '差', score: 52 });
    expect(ofType(effects, 'invokeService')).toEqual([
      {
        type: 'invokeService',
        ref: expect.any(String),
        elementId: 'rectify',
        handler: 'createRectification',
        input: { grade: '差', amount: 120, score: 52 },
      },
    ]);

    const good = new Instance(instance.definition, {
      settings: { preAssessmentThreshold: 500 },
      project: { amount: 1 },
    });
    good.start();
    good.complete('declare');
    expect(effectTypes(good.complete('review', 'approve', { grade: '良' }))).toEqual(['processCompleted']);
  });
});
