import { Instance, load, ofType } from './harness';

/** 退回到任一已办环节 and 撤回 as engine commands, on a plain route, in countersigns and in a sub-process. */

function cancelled(effects: ReturnType<Instance['send']>) {
  return ofType(effects, 'cancelTask').map((effect) => effect.reason);
}

describe('returnTo (退回到任一已办环节)', () => {
  it('sends the work from 复审 back to 填报, skipping the modeled 退回初审, and the route continues as modeled', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    instance.complete('declare', 'submit', { total: 100 });
    instance.complete('firstReview', 'approve');
    const review = instance.task('secondReview');
    const effects = instance.send({
      type: 'returnTo',
      taskRef: review.taskRef,
      target: 'declare',
      actor: 'li',
    });
    // The returner's own task is recorded by the server, not cancelled.
    expect(cancelled(effects)).toEqual([]);
    expect(instance.openTaskIds()).toEqual(['declare']);
    instance.complete('declare');
    expect(instance.openTaskIds()).toEqual(['firstReview']);
  });

  it('with direct (退回后直送) goes straight back to the returner once the target is done', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    instance.complete('declare');
    instance.complete('firstReview', 'approve');
    const review = instance.task('secondReview');
    instance.send({ type: 'returnTo', taskRef: review.taskRef, target: 'declare', direct: true });
    instance.complete('declare');
    expect(instance.openTaskIds()).toEqual(['secondReview']);
    instance.complete('secondReview', 'approve');
    expect(instance.openTaskIds()).toEqual(['approval']);
  });

  it('refuses a step never done, the current step and an unknown element, changing nothing', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    instance.complete('declare');
    const first = instance.task('firstReview');
    const attempt = (target: string) =>
      instance.attempt({ type: 'returnTo', taskRef: first.taskRef, target });
    expect(attempt('approval')).toEqual({
      ok: false,
      rejection: { code: 'RETURN_TARGET_NOT_DONE', message: '“批复”尚未办理过，不能退回到该环节' },
    });
    expect(attempt('firstReview')).toMatchObject({ rejection: { code: 'RETURN_TARGET_INVALID' } });
    expect(attempt('firstDecision')).toMatchObject({ rejection: { code: 'RETURN_TARGET_INVALID' } });
    expect(instance.openTaskIds()).toEqual(['firstReview']);
  });

  it('withdraws every open member of a parallel countersign when one member returns it', async () => {
    const instance = new Instance(await load('countersign-parallel.bpmn'));
    instance.start({ experts: ['a', 'b', 'c'] });
    for (const expert of ['a', 'b', 'c']) {
      const task = instance.openTasks().find((t) => t.assignee === expert)!;
      instance.send({ type: 'completeTask', taskRef: task.taskRef, outcome: 'return', actor: expert });
    }
    instance.complete('revise');
    const member = instance.openTasks().find((t) => t.assignee === 'a')!;
    const effects = instance.send({
      type: 'returnTo',
      taskRef: member.taskRef,
      target: 'revise',
      actor: 'a',
    });
    expect(cancelled(effects)).toEqual(['returned', 'returned']);
    expect(instance.openTaskIds()).toEqual(['revise']);
    expect(instance.state?.scopes.map((scope) => scope.kind)).toEqual(['process']);
    // Done again, the countersign starts afresh with every expert.
    instance.complete('revise');
    expect(instance.openTasks().map((t) => t.assignee)).toEqual(['a', 'b', 'c']);
  });

  it('returns to a countersign step: a new countersign opens for every member (yudao #727 lost it)', async () => {
    const instance = new Instance(await load('countersign-parallel.bpmn'));
    instance.start({ experts: ['a', 'b', 'c'] });
    for (const expert of ['a', 'b']) {
      const task = instance.openTasks().find((t) => t.assignee === expert)!;
      instance.send({ type: 'completeTask', taskRef: task.taskRef, outcome: 'approve', actor: expert });
    }
    const approval = instance.task('approval');
    instance.send({ type: 'returnTo', taskRef: approval.taskRef, target: 'expertReview' });
    expect(instance.openTasks().map((t) => t.assignee)).toEqual(['a', 'b', 'c']);
    const body = instance.state!.scopes.find((scope) => scope.kind === 'multiInstance')!;
    expect(body.multiInstance?.results).toEqual([]);
  });

  it('re-enters a finished sub-process to reach a step inside it, boundary timer armed again', async () => {
    const instance = new Instance(await load('sub-process.bpmn'), { settings: { reviewDays: 'P10D' } });
    instance.start();
    instance.complete('firstReview', 'approve');
    instance.complete('secondReview', 'approve');
    const approval = instance.task('approval');
    const effects = instance.send({ type: 'returnTo', taskRef: approval.taskRef, target: 'firstReview' });
    expect(instance.openTaskIds()).toEqual(['firstReview']);
    expect(ofType(effects, 'scheduleTimer').map((timer) => timer.elementId)).toEqual(
      instance.state!.timers.map((timer) => timer.elementId),
    );
    instance.complete('firstReview', 'approve');
    instance.complete('secondReview', 'approve');
    instance.complete('approval', 'approve');
    expect(instance.status).toBe('completed');
  });

  it('refuses direct return into a sub-process', async () => {
    const instance = new Instance(await load('sub-process.bpmn'), { settings: { reviewDays: 'P10D' } });
    instance.start();
    instance.complete('firstReview', 'approve');
    instance.complete('secondReview', 'approve');
    const approval = instance.task('approval');
    expect(
      instance.attempt({ type: 'returnTo', taskRef: approval.taskRef, target: 'firstReview', direct: true }),
    ).toMatchObject({ rejection: { code: 'DIRECT_RETURN_UNSUPPORTED' } });
  });
});

describe('withdraw (撤回)', () => {
  it('reopens the step while the next one is untouched, and is refused once the next step is done', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    const declare = instance.task('declare');
    instance.complete('declare', 'submit', {}, 'zhang');
    expect(instance.attempt({ type: 'withdraw', taskRef: declare.taskRef, actor: 'li' })).toMatchObject({
      rejection: { code: 'WITHDRAW_NOT_ALLOWED', message: '只有办理人本人可以撤回' },
    });
    const effects = instance.send({ type: 'withdraw', taskRef: declare.taskRef, actor: 'zhang' });
    expect(cancelled(effects)).toEqual(['withdrawn']);
    expect(instance.openTaskIds()).toEqual(['declare']);

    const again = instance.task('declare');
    instance.complete('declare', 'submit', {}, 'zhang');
    instance.complete('firstReview', 'approve', {}, 'li');
    expect(instance.attempt({ type: 'withdraw', taskRef: again.taskRef, actor: 'zhang' })).toMatchObject({
      rejection: { code: 'WITHDRAW_NOT_ALLOWED', message: '下一环节已经办理，不能撤回' },
    });
  });

  it('is refused after a 退回 acted on the next step', async () => {
    const instance = new Instance(await load('return-loop.bpmn'));
    instance.start();
    instance.complete('declare');
    const first = instance.task('firstReview');
    instance.complete('firstReview', 'approve');
    const second = instance.task('secondReview');
    instance.send({ type: 'returnTo', taskRef: second.taskRef, target: 'declare' });
    expect(instance.attempt({ type: 'withdraw', taskRef: first.taskRef })).toMatchObject({
      rejection: { code: 'WITHDRAW_NOT_ALLOWED' },
    });
  });

  it('takes one vote out of a running parallel countersign; the others stay open', async () => {
    const instance = new Instance(await load('countersign-parallel.bpmn'));
    instance.start({ experts: ['a', 'b', 'c'] });
    const a = instance.openTasks().find((t) => t.assignee === 'a')!;
    instance.send({ type: 'completeTask', taskRef: a.taskRef, outcome: 'approve', actor: 'a' });
    const effects = instance.send({ type: 'withdraw', taskRef: a.taskRef, actor: 'a' });
    expect(cancelled(effects)).toEqual([]);
    expect(
      instance
        .openTasks()
        .map((t) => t.assignee)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    const body = instance.state!.scopes.find((scope) => scope.kind === 'multiInstance')!;
    expect(body.multiInstance?.results).toEqual([]);
  });

  it('reopens a parallel countersign that the withdrawn vote completed, keeping the other vote', async () => {
    const instance = new Instance(await load('countersign-parallel.bpmn'));
    instance.start({ experts: ['a', 'b', 'c'] });
    const byName = (name: string) => instance.openTasks().find((t) => t.assignee === name)!;
    instance.send({ type: 'completeTask', taskRef: byName('a').taskRef, outcome: 'approve', actor: 'a' });
    const b = byName('b');
    instance.send({ type: 'completeTask', taskRef: b.taskRef, outcome: 'approve', actor: 'b' });
    expect(instance.openTaskIds()).toEqual(['approval']);
    instance.send({ type: 'withdraw', taskRef: b.taskRef, actor: 'b' });
    expect(
      instance
        .openTasks()
        .map((t) => t.assignee)
        .sort(),
    ).toEqual(['b', 'c']);
    // Completion condition re-evaluated with a's vote kept: one more approval ends it.
    instance.send({ type: 'completeTask', taskRef: byName('c').taskRef, outcome: 'approve', actor: 'c' });
    expect(instance.openTaskIds()).toEqual(['approval']);
    expect(instance.state!.tokens[0].last?.multiInstance?.outcomes).toEqual(['approve', 'approve']);
  });

  it('in a sequential countersign, the next member waits again', async () => {
    const instance = new Instance(await load('countersign-sequential.bpmn'), {
      settings: { expertCount: 3 },
    });
    instance.start();
    const first = instance.task('expertReview');
    instance.complete('expertReview', 'approve', {}, 'a');
    expect(instance.task('expertReview').multiInstance?.index).toBe(1);
    const effects = instance.send({ type: 'withdraw', taskRef: first.taskRef, actor: 'a' });
    expect(cancelled(effects)).toEqual(['withdrawn']);
    expect(instance.task('expertReview').multiInstance?.index).toBe(0);
  });

  it('inside a sub-process and out of it', async () => {
    const instance = new Instance(await load('sub-process.bpmn'), { settings: { reviewDays: 'P10D' } });
    instance.start();
    const first = instance.task('firstReview');
    instance.complete('firstReview', 'approve');
    instance.send({ type: 'withdraw', taskRef: first.taskRef });
    expect(instance.openTaskIds()).toEqual(['firstReview']);
    instance.complete('firstReview', 'approve');
    const second = instance.task('secondReview');
    instance.complete('secondReview', 'approve');
    expect(instance.openTaskIds()).toEqual(['approval']);
    instance.send({ type: 'withdraw', taskRef: second.taskRef });
    expect(instance.openTaskIds()).toEqual(['secondReview']);
    expect(instance.state!.scopes.map((scope) => scope.kind)).toEqual(['process', 'subProcess']);
  });
});
