import { Instance, load, ofType } from './harness';

const experts = ['zhang.san', 'li.si', 'wang.wu'];

describe('multi-instance user task (countersign)', () => {
  it('runs three experts in parallel and ends when two have approved, withdrawing the third', async () => {
    const instance = new Instance(await load('countersign-parallel.bpmn'));
    const created = ofType(instance.start({ experts }), 'createTask');
    expect(created.map((task) => [task.assignee, task.multiInstance])).toEqual([
      ['zhang.san', { index: 0, total: 3, item: 'zhang.san' }],
      ['li.si', { index: 1, total: 3, item: 'li.si' }],
      ['wang.wu', { index: 2, total: 3, item: 'wang.wu' }],
    ]);
    const [zhang, li, wang] = created;

    instance.send({ type: 'completeTask', taskRef: zhang.taskRef, outcome: 'approve', actor: 'zhang.san' });
    expect(instance.openTasks()).toHaveLength(2);
    instance.send({ type: 'completeTask', taskRef: li.taskRef, outcome: 'return', actor: 'li.si' });
    const effects = instance.send({ type: 'completeTask', taskRef: wang.taskRef, outcome: 'approve' });
    expect(ofType(effects, 'createTask').map((task) => task.elementId)).toEqual(['approval']);

    const stopsEarly = new Instance(instance.definition);
    const [a, b, c] = ofType(stopsEarly.start({ experts }), 'createTask');
    stopsEarly.send({ type: 'completeTask', taskRef: b.taskRef, outcome: 'approve' });
    const done = stopsEarly.send({ type: 'completeTask', taskRef: c.taskRef, outcome: 'approve' });
    expect(ofType(done, 'cancelTask')).toEqual([
      { type: 'cancelTask', taskRef: a.taskRef, reason: 'completionConditionMet' },
    ]);
    expect(stopsEarly.openTaskIds()).toEqual(['approval']);
    expect(stopsEarly.state?.scopes).toHaveLength(1);
    const late = stopsEarly.attempt({ type: 'completeTask', taskRef: a.taskRef, outcome: 'approve' });
    expect(late).toMatchObject({ ok: false, rejection: { code: 'UNKNOWN_TASK' } });
  });

  it('hands the counters to the gateway after it, and runs again after a revision', async () => {
    const instance = new Instance(await load('countersign-parallel.bpmn'));
    instance.start({ experts });
    for (const task of instance.openTasks()) {
      instance.send({
        type: 'completeTask',
        taskRef: task.taskRef,
        outcome: task.assignee === 'li.si' ? 'approve' : 'return',
      });
    }
    expect(instance.openTaskIds()).toEqual(['revise']);
    expect(instance.state?.tokens[0].last).toEqual({
      elementId: 'expertReview',
      outcome: 'return',
      data: {},
      multiInstance: {
        nrOfInstances: 3,
        nrOfCompletedInstances: 3,
        outcomes: ['return', 'approve', 'return'],
        outcomeCounts: { return: 2, approve: 1 },
      },
    });
    instance.complete('revise');
    expect(instance.openTasks()).toHaveLength(3);
  });

  it('runs one expert after another and stops once 60 % have completed', async () => {
    const instance = new Instance(await load('countersign-sequential.bpmn'), {
      settings: { expertCount: 3 },
    });
    const [first] = ofType(instance.start(), 'createTask');
    expect(first.multiInstance).toEqual({ index: 0, total: 3, item: 0 });
    const [second] = ofType(instance.complete('expertReview', 'approve'), 'createTask');
    expect(second.multiInstance).toEqual({ index: 1, total: 3, item: 1 });
    // 2 of 3 is 67 %: the third expert is never asked, and the majority approved.
    const effects = instance.complete('expertReview', 'approve');
    expect(ofType(effects, 'createTask')).toEqual([]);
    expect(effects).toEqual([{ type: 'processCompleted' }]);
  });

  it('gives no majority outcome on a tie, so the default flow is taken', async () => {
    const instance = new Instance(await load('countersign-sequential.bpmn'), {
      settings: { expertCount: 3 },
    });
    instance.start();
    instance.complete('expertReview', 'approve');
    instance.complete('expertReview', 'return');
    expect(instance.openTaskIds()).toEqual(['followUp']);
  });

  it('passes straight through an empty collection, and raises an incident for a collection that is not a list', async () => {
    const definition = await load('countersign-parallel.bpmn');
    const empty = new Instance(definition);
    empty.start({ experts: [] });
    expect(empty.openTaskIds()).toEqual(['revise']);

    const broken = new Instance(definition);
    const effects = broken.start({ experts: 'zhang.san' });
    expect(ofType(effects, 'incident')).toEqual([
      expect.objectContaining({ elementId: 'expertReview', message: '会签人员集合“experts”不是列表' }),
    ]);
  });
});
