import { effectTypes, Instance, load, ofType } from './harness';

describe('embedded sub-process', () => {
  it('runs its own start and end inside a scope, then continues outside', async () => {
    const instance = new Instance(await load('sub-process.bpmn'));
    instance.start();
    expect(instance.state?.scopes.map((scope) => [scope.kind, scope.elementId])).toEqual([
      ['process', null],
      ['subProcess', 'review'],
    ]);
    instance.complete('firstReview', 'approve');
    instance.complete('secondReview', 'approve', { opinion: '同意' });
    expect(instance.openTaskIds()).toEqual(['approval']);
    expect(instance.state?.scopes).toHaveLength(1);
    // The sub-process hands the outcome of its last task to the flow after it.
    expect(instance.state?.tokens[0].last).toMatchObject({
      elementId: 'secondReview',
      data: { opinion: '同意' },
    });
    instance.complete('approval', 'approve');
    expect(instance.status).toBe('completed');
  });

  it('an interrupting timer on the sub-process withdraws everything inside', async () => {
    const instance = new Instance(await load('sub-process.bpmn'));
    instance.start();
    instance.complete('firstReview', 'approve');
    const secondReview = instance.task('secondReview');
    const effects = instance.fire('overdue');
    expect(effectTypes(effects)).toEqual(['cancelTask', 'createTask']);
    expect(ofType(effects, 'cancelTask')[0].taskRef).toBe(secondReview.taskRef);
    expect(instance.openTaskIds()).toEqual(['escalate']);
    expect(instance.state?.scopes).toHaveLength(1);
  });
});
