import { Instance, load, ofType } from './harness';

describe('user task', () => {
  it('asks for a task with its roles, form, outcomes, review points and a due date from the county settings', async () => {
    const instance = new Instance(await load('user-task.bpmn'), { settings: { firstReviewDays: 10 } });
    const [created] = ofType(instance.start(), 'createTask');
    expect(created).toEqual({
      type: 'createTask',
      taskRef: created.taskRef,
      elementId: 'declare',
      name: '填报绩效目标',
      form: 'target-declaration',
      candidateRoles: ['department'],
      assignee: null,
      outcomes: [{ id: 'submit', label: '提交' }],
      reviewPoints: [],
      due: null,
      multiInstance: null,
    });

    instance.now = new Date('2026-03-05T10:00:00+08:00');
    const [review] = ofType(instance.complete('declare', 'submit', { total: 100 }), 'createTask');
    expect(review).toMatchObject({
      elementId: 'firstReview',
      candidateRoles: ['first-reviewer'],
      outcomes: [
        { id: 'approve', label: '通过' },
        { id: 'return', label: '退回修改' },
      ],
      reviewPoints: ['可行性', '适当性', '相关性', '完整性'],
      due: new Date('2026-03-15T10:00:00+08:00'),
    });

    expect(instance.complete('firstReview', 'approve')).toEqual([{ type: 'processCompleted' }]);
    expect(instance.status).toBe('completed');
  });

  it('rejects an outcome the task does not offer and a task that is already done', async () => {
    const instance = new Instance(await load('user-task.bpmn'), { settings: { firstReviewDays: 'P5D' } });
    instance.start();
    const declare = instance.task('declare');
    expect(instance.attempt({ type: 'completeTask', taskRef: declare.taskRef, outcome: 'approve' })).toEqual({
      ok: false,
      rejection: { code: 'INVALID_OUTCOME', message: '办理结果“approve”无效，可选：submit（提交）' },
    });
    instance.complete('declare');
    const again = instance.attempt({ type: 'completeTask', taskRef: declare.taskRef, outcome: 'submit' });
    expect(again).toMatchObject({ ok: false, rejection: { code: 'UNKNOWN_TASK' } });
  });

  it('still creates the task when the due-date setting is missing, and reports it as an incident', async () => {
    const instance = new Instance(await load('user-task.bpmn'));
    instance.start();
    const effects = instance.complete('declare');
    expect(ofType(effects, 'createTask')[0].due).toBeNull();
    expect(ofType(effects, 'incident')).toEqual([
      expect.objectContaining({
        elementId: 'firstReview',
        message: expect.stringContaining('firstReviewDays'),
      }),
    ]);
    // Nothing waits for it: the reviewer can work, an administrator dismisses the incident.
    const incidentId = ofType(effects, 'incident')[0].incidentId;
    instance.send({ type: 'retryIncident', incidentId });
    expect(instance.state?.incidents).toEqual([]);
  });
});
