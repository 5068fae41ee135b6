import { Instance, load } from './harness';

describe('parallel gateway', () => {
  it('splits into both reviews and joins once both are done', async () => {
    const instance = new Instance(await load('parallel.bpmn'));
    instance.start();
    instance.complete('declare');
    expect(instance.openTaskIds()).toEqual(['budgetReview', 'lineReview']);
    instance.complete('budgetReview');
    expect(instance.openTaskIds()).toEqual(['lineReview']);
    expect(instance.state?.tokens.filter((token) => token.wait.kind === 'join')).toHaveLength(1);
    instance.complete('lineReview', 'approve');
    expect(instance.openTaskIds()).toEqual(['summary']);
    instance.complete('summary', 'approve');
    expect(instance.status).toBe('completed');
  });

  it('counts one token per incoming flow, through loops inside a branch and around the join', async () => {
    const instance = new Instance(await load('parallel.bpmn'));
    instance.start();
    for (let round = 0; round < 3; round++) {
      instance.complete('declare');
      // The line review loops on itself twice: still only one token reaches the join from that branch.
      instance.complete('lineReview', 'return');
      instance.complete('lineReview', 'return');
      instance.complete('lineReview', 'approve');
      expect(instance.openTaskIds()).toEqual(['budgetReview']);
      instance.complete('budgetReview');
      expect(instance.openTaskIds()).toEqual(['summary']);
      expect(instance.state?.tokens).toHaveLength(1);
      instance.complete('summary', round < 2 ? 'return' : 'approve');
    }
    expect(instance.status).toBe('completed');
  });
});
