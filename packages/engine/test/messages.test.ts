import { effectTypes, Instance, load, ofType } from './harness';

describe('messages', () => {
  it('waits for 人代会批准, then gives 批复 twenty days from the approval', async () => {
    const instance = new Instance(await load('messages.bpmn'));
    instance.start();
    const early = instance.attempt({ type: 'deliverMessage', name: '人代会批准' });
    expect(early).toMatchObject({ ok: false, rejection: { code: 'NO_SUBSCRIPTION' } });

    instance.complete('prepare');
    expect(instance.openTasks()).toEqual([]);
    instance.now = new Date('2026-03-10T15:00:00+08:00');
    const effects = instance.send({
      type: 'deliverMessage',
      name: '人代会批准',
      payload: { congressDate: '2026-03-10' },
    });
    expect(ofType(effects, 'createTask')[0]).toMatchObject({
      elementId: 'reply',
      due: new Date('2026-03-30T15:00:00+08:00'),
    });
    expect(instance.state?.variables).toEqual({ congressDate: '2026-03-10' });
  });

  it('an interrupting boundary message withdraws the task', async () => {
    const instance = new Instance(await load('messages.bpmn'));
    const prepare = ofType(instance.start(), 'createTask')[0];
    const effects = instance.send({ type: 'deliverMessage', name: '项目撤销' });
    expect(effects).toEqual([
      { type: 'cancelTask', taskRef: prepare.taskRef, reason: 'boundaryEvent' },
      { type: 'processCompleted' },
    ]);
  });

  it('a non-interrupting boundary message adds work beside the open task, as often as it arrives', async () => {
    const instance = new Instance(await load('messages.bpmn'));
    instance.start();
    instance.complete('prepare');
    instance.send({ type: 'deliverMessage', name: '人代会批准' });
    instance.send({ type: 'deliverMessage', name: '补充材料' });
    instance.send({ type: 'deliverMessage', name: '补充材料' });
    expect(instance.openTaskIds()).toEqual(['reply', 'supplementTask', 'supplementTask']);
    instance.complete('reply', 'approve');
    const supplements = instance.openTasks();
    instance.send({ type: 'completeTask', taskRef: supplements[0].taskRef, outcome: 'submit' });
    expect(
      effectTypes(
        instance.send({ type: 'completeTask', taskRef: supplements[1].taskRef, outcome: 'submit' }),
      ),
    ).toEqual(['processCompleted']);
  });
});
