import { compileProcess, pmModdleDescriptor, PM_NAMESPACE_URI, summarizeProcess } from '@pm/engine';
import { fixture, load } from './harness';

describe('compileProcess', () => {
  it('produces a plain-data definition: elements by id, flows with FEEL conditions, gateway defaults', async () => {
    const definition = await load('return-loop.bpmn');
    expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
    expect(definition.id).toBe('targetDeclaration');
    expect(definition.startEvents).toEqual(['start']);
    expect(definition.elements.firstReview).toEqual({
      id: 'firstReview',
      kind: 'userTask',
      name: '初审',
      parent: null,
      incoming: ['f2', 'secondReturned'],
      outgoing: ['f3'],
      boundaryEvents: [],
      candidateRoles: ['first-reviewer'],
      form: 'target-review',
      outcomes: [
        { id: 'approve', label: '通过' },
        { id: 'return', label: '退回修改' },
      ],
      due: null,
      reviewPoints: [],
      assignee: null,
      multiInstance: null,
      operations: null,
    });
    expect(definition.flows.firstReturned).toEqual({
      id: 'firstReturned',
      name: '退回修改',
      source: 'firstDecision',
      target: 'declare',
      condition: 'outcome = "return"',
      parent: null,
    });
    const conditions = await load('conditions.bpmn');
    expect(conditions.elements.gate).toMatchObject({ kind: 'exclusiveGateway', defaultFlow: 'noAssessment' });
  });

  it('keeps boundary events, timers, messages, errors, countersigns, sub-processes and call activities', async () => {
    const timers = await load('boundary-timers.bpmn');
    expect(timers.elements.approval).toMatchObject({
      boundaryEvents: ['reminder', 'deadline'],
      due: { kind: 'setting', key: 'approvalDays' },
    });
    expect(timers.elements.reminder).toMatchObject({
      kind: 'boundaryEvent',
      attachedTo: 'approval',
      interrupting: false,
      trigger: { type: 'timer', timer: { type: 'timeCycle', expression: 'R2/P15D' } },
    });
    const messages = await load('messages.bpmn');
    expect(messages.elements.congress).toMatchObject({ trigger: { type: 'message', message: '人代会批准' } });
    const errors = await load('error-end.bpmn');
    expect(errors.elements.evaluationRejected).toMatchObject({
      kind: 'endEvent',
      result: 'error',
      errorCode: 'REJECTED',
    });
    expect(errors.elements.caughtRejection).toMatchObject({
      trigger: { type: 'error', errorCode: 'REJECTED' },
    });
    expect(errors.elements.evaluation).toMatchObject({
      kind: 'subProcess',
      startEvent: 'evaluationStart',
      children: ['evaluationStart', 'evaluate', 'evaluationDecision', 'evaluationRejected', 'evaluationDone'],
    });
    expect(errors.elements.evaluate.parent).toBe('evaluation');
    const countersign = await load('countersign-parallel.bpmn');
    expect(countersign.elements.expertReview).toMatchObject({
      assignee: 'item',
      multiInstance: {
        sequential: false,
        collection: 'experts',
        loopCardinality: null,
        elementVariable: 'item',
        completionCondition: 'nrOfApprovals >= 2',
      },
    });
    const call = await load('call-parent.bpmn');
    expect(call.elements.declaration).toMatchObject({ kind: 'callActivity', calledElement: 'callChild' });
  });

  it('accepts an exclusive gateway whose outcome conditions cover every outcome of the task before it', async () => {
    // return-loop.bpmn has no default flows: approve/return and approve/return/reject are exhaustive.
    const { problems } = await compileProcess(fixture('return-loop.bpmn'));
    expect(problems).toEqual([]);
  });
});

describe('summarizeProcess', () => {
  it('lists what a county must provide: roles and forms of user tasks, settings, called processes, messages', async () => {
    expect(summarizeProcess(await load('boundary-timers.bpmn'))).toEqual({
      userTasks: [
        {
          id: 'approval',
          name: '批复',
          candidateRoles: ['approver'],
          form: 'target-approval',
          outcomes: [{ id: 'approve', label: '通过' }],
          due: { kind: 'setting', key: 'approvalDays' },
        },
        {
          id: 'escalate',
          name: '督办',
          candidateRoles: ['leadership'],
          form: 'supervision',
          outcomes: [{ id: 'submit', label: '提交' }],
          due: null,
        },
      ],
      settingsReferences: ['approvalDays', 'approvalDeadline'],
      calledProcesses: [],
      messages: [],
    });
    const serviceTask = summarizeProcess(await load('service-task.bpmn'));
    expect(serviceTask.settingsReferences).toEqual(['passScore', 'scoreWeights']);
    expect(summarizeProcess(await load('call-parent.bpmn')).calledProcesses).toEqual(['callChild']);
    expect(summarizeProcess(await load('messages.bpmn')).messages).toEqual([
      '人代会批准',
      '补充材料',
      '项目撤销',
    ]);
    expect(summarizeProcess(await load('countersign-sequential.bpmn')).settingsReferences).toEqual([
      'expertCount',
    ]);
  });
});

describe('pm moddle descriptor', () => {
  it('is exported for the modeler and the config linter', () => {
    expect(PM_NAMESPACE_URI).toBe('http://perf-budget.example/schema/pm');
    expect(pmModdleDescriptor.prefix).toBe('pm');
    const userTask = pmModdleDescriptor.types.find((type) => type.extends?.includes('bpmn:UserTask'));
    expect(userTask?.properties.map((property) => property.name)).toEqual([
      'candidateRoles',
      'form',
      'outcomes',
      'due',
      'reviewPoints',
      'assignee',
      'operations',
    ]);
  });
});
