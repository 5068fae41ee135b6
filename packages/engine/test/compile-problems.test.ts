import { readdirSync } from 'node:fs';
import { compileProcess, type Problem, type ProblemCode } from '@pm/engine';
import { fixture } from './harness';

/** One broken diagram per problem code: exactly these problems, with the element at fault and a Chinese message. */
const EXPECTED: Record<string, Array<[ProblemCode, string | null, string]>> = {
  'xml-unreadable.bpmn': [['XML_UNREADABLE', null, '无法读取 BPMN 文件：unexpected end of file']],
  'no-process.bpmn': [['NO_PROCESS', null, '文档中没有流程（bpmn:process）']],
  'multiple-processes.bpmn': [
    ['MULTIPLE_PROCESSES', null, '文档中有多个可执行流程，每个文件只能有一个；其他流程请用调用活动引用'],
  ],
  'unsupported-element.bpmn': [
    ['UNSUPPORTED_ELEMENT', 'complex', '不支持的元素：复杂网关（bpmn:ComplexGateway）'],
    ['UNSUPPORTED_ELEMENT', 'script', '不支持的元素：脚本任务（bpmn:ScriptTask）'],
    ['UNSUPPORTED_ELEMENT', 'signal', '不支持的元素：信号事件（bpmn:SignalEventDefinition）中间捕获事件'],
    ['UNSUPPORTED_ELEMENT', 'eventGateway', '不支持的元素：事件网关（bpmn:EventBasedGateway）'],
    ['UNSUPPORTED_ELEMENT', 'transaction', '不支持的元素：事务子流程（bpmn:Transaction）'],
    [
      'UNSUPPORTED_ELEMENT',
      'compensation',
      '不支持的元素：补偿事件（bpmn:CompensateEventDefinition）边界事件',
    ],
    ['UNSUPPORTED_ELEMENT', 'messageStart', '不支持的元素：消息事件（bpmn:MessageEventDefinition）开始事件'],
  ],
  'no-start-event.bpmn': [['NO_START_EVENT', 'noStart', '流程没有开始事件']],
  'invalid-start-event.bpmn': [['INVALID_START_EVENT', 'secondStart', '流程只能有一个无类型开始事件']],
  'flow-element-missing.bpmn': [['FLOW_ELEMENT_MISSING', 'toNowhere', '顺序流的终点“archive”不存在']],
  'flow-crosses-scope.bpmn': [
    ['FLOW_CROSSES_SCOPE', 'intoReview', '顺序流不能跨越子流程边界，请改用子流程的开始和结束事件'],
  ],
  'unreachable-element.bpmn': [['UNREACHABLE_ELEMENT', 'archive', '“归档”无法从开始事件到达']],
  'invalid-condition.bpmn': [
    [
      'INVALID_CONDITION',
      'approvedFlow',
      "条件：FEEL 表达式“${outcome == 'approve'}”在第 1 个字符处有语法错误",
    ],
  ],
  'invalid-expression.bpmn': [
    [
      'INVALID_EXPRESSION',
      'notify',
      '服务输入（pm:input）：FEEL 表达式“{template: }”在第 12 个字符处有语法错误',
    ],
  ],
  'gateway-may-get-stuck.bpmn': [
    [
      'GATEWAY_MAY_GET_STUCK',
      'bySize',
      '网关“按金额”没有默认流，且各条件不能保证至少一条成立，流程可能停在这里；请设置默认流',
    ],
  ],
  'outcome-not-offered.bpmn': [
    [
      'OUTCOME_NOT_OFFERED',
      'rejectedFlow',
      '条件引用了办理结果“reject”，但前面的任务没有这个结果：“审核”提供 approve（通过）、return（退回修改）',
    ],
  ],
  'user-task-without-roles.bpmn': [
    ['USER_TASK_WITHOUT_ROLES', 'review', '用户任务没有设置候选角色（pm:candidateRoles），无人能办理'],
  ],
  'user-task-without-form.bpmn': [['USER_TASK_WITHOUT_FORM', 'review', '用户任务没有设置表单（pm:form）']],
  'invalid-outcomes.bpmn': [
    ['INVALID_OUTCOMES', 'review', '办理结果（pm:outcomes）有误：结果“defer”没有名称，请写成“defer:名称”'],
    ['INVALID_OUTCOMES', 'review', '办理结果（pm:outcomes）有误：结果标识“approve”重复'],
  ],
  'invalid-due.bpmn': [
    [
      'INVALID_DUE',
      'review',
      '办理时限（pm:due）“20天”既不是 ISO 8601 时长（如 P20D），也不是 settings.<设置项>',
    ],
  ],
  'invalid-operations.bpmn': [
    [
      'INVALID_OPERATIONS',
      'review',
      '审批操作（pm:operations）“加签”无效，可选：transfer（转办）、delegate（委派）、return（退回到已办环节）、withdraw（撤回）、remind（催办）',
    ],
  ],
  'invalid-timer.bpmn': [
    ['INVALID_TIMER', 'reminder', '定时事件无法解析：“15 days”不是 ISO 8601 时长（如 P20D、PT12H）'],
  ],
  'service-task-without-handler.bpmn': [
    ['SERVICE_TASK_WITHOUT_HANDLER', 'publish', '服务任务没有设置处理程序（pm:handler）'],
  ],
  'call-activity-without-called-element.bpmn': [
    ['CALL_ACTIVITY_WITHOUT_CALLED_ELEMENT', 'evaluation', '调用活动没有设置被调用的流程（calledElement）'],
  ],
  'multi-instance-without-size.bpmn': [
    [
      'MULTI_INSTANCE_WITHOUT_SIZE',
      'experts',
      '多实例（会签）任务既没有 pm:collection 也没有 loopCardinality，无法确定实例数',
    ],
  ],
  'message-without-name.bpmn': [
    ['MESSAGE_WITHOUT_NAME', 'waitCongress', '消息事件没有引用有名称的消息（messageRef）'],
  ],
  'boundary-without-activity.bpmn': [
    ['BOUNDARY_WITHOUT_ACTIVITY', 'onEnd', '边界事件没有附着在用户任务、服务任务、子流程或调用活动上'],
  ],
};

const asProblem = ([code, elementId, message]: [ProblemCode, string | null, string]): Problem => ({
  code,
  elementId,
  message,
});

describe('compile-time problems', () => {
  it.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const { problems } = await compileProcess(fixture(`problems/${name}`));
    expect(problems).toEqual(expected.map(asProblem));
  });

  it('has a broken fixture for every problem code, and a test for every broken fixture', () => {
    const files = readdirSync(`${__dirname}/fixtures/problems`).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
    const codes = new Set(Object.values(EXPECTED).flatMap((problems) => problems.map(([code]) => code)));
    const all: ProblemCode[] = [
      'XML_UNREADABLE',
      'NO_PROCESS',
      'MULTIPLE_PROCESSES',
      'UNSUPPORTED_ELEMENT',
      'NO_START_EVENT',
      'INVALID_START_EVENT',
      'FLOW_ELEMENT_MISSING',
      'FLOW_CROSSES_SCOPE',
      'UNREACHABLE_ELEMENT',
      'INVALID_CONDITION',
      'INVALID_EXPRESSION',
      'GATEWAY_MAY_GET_STUCK',
      'OUTCOME_NOT_OFFERED',
      'USER_TASK_WITHOUT_ROLES',
      'USER_TASK_WITHOUT_FORM',
      'INVALID_OUTCOMES',
      'INVALID_DUE',
      'INVALID_OPERATIONS',
      'INVALID_TIMER',
      'SERVICE_TASK_WITHOUT_HANDLER',
      'CALL_ACTIVITY_WITHOUT_CALLED_ELEMENT',
      'MULTI_INSTANCE_WITHOUT_SIZE',
      'MESSAGE_WITHOUT_NAME',
      'BOUNDARY_WITHOUT_ACTIVITY',
    ];
    expect([...codes].sort()).toEqual([...all].sort());
  });
});
