import { Instance, load } from './harness';

const settings = { financeReviewThreshold: 500 };

describe('inclusive gateway', () => {
  it('takes every flow whose condition holds and joins only those', async () => {
    const instance = new Instance(await load('inclusive.bpmn'), {
      settings,
      project: { amount: 800, category: 'new' },
    });
    instance.start();
    instance.complete('declare');
    expect(instance.openTaskIds()).toEqual(['assessment', 'financeReview']);

    instance.complete('financeReview');
    // The assessment branch can still reach the join, so it waits.
    instance.complete('assessment');
    expect(instance.openTaskIds()).toEqual(['expertHearing']);
    instance.complete('expertHearing');
    expect(instance.openTaskIds()).toEqual(['approval']);
    instance.complete('approval', 'approve');
    expect(instance.status).toBe('completed');
  });

  it('fires the join at once when only one branch was taken', async () => {
    const instance = new Instance(await load('inclusive.bpmn'), {
      settings,
      project: { amount: 800, category: 'continuing' },
    });
    instance.start();
    instance.complete('declare');
    expect(instance.openTaskIds()).toEqual(['financeReview']);
    instance.complete('financeReview');
    expect(instance.openTaskIds()).toEqual(['approval']);
  });

  it('takes the default flow when no condition holds', async () => {
    const instance = new Instance(await load('inclusive.bpmn'), {
      settings,
      project: { amount: 80, category: 'continuing' },
    });
    instance.start();
    instance.complete('declare');
    expect(instance.openTaskIds()).toEqual(['departmentCheck']);
    instance.complete('departmentCheck');
    expect(instance.openTaskIds()).toEqual(['approval']);
  });
});
