/** Chinese names of BPMN element kinds, for problem messages that finance staff read. */
const NAMES: Readonly<Record<string, string>> = {
  'bpmn:Task': '未指定类型的任务',
  'bpmn:ScriptTask': '脚本任务',
  'bpmn:SendTask': '发送任务',
  'bpmn:ReceiveTask': '接收任务',
  'bpmn:ManualTask': '手工任务',
  'bpmn:BusinessRuleTask': '业务规则任务',
  'bpmn:ComplexGateway': '复杂网关',
  'bpmn:EventBasedGateway': '事件网关',
  'bpmn:Transaction': '事务子流程',
  'bpmn:AdHocSubProcess': '自由子流程',
  'bpmn:IntermediateThrowEvent': '中间抛出事件',
  'bpmn:SignalEventDefinition': '信号事件',
  'bpmn:CompensateEventDefinition': '补偿事件',
  'bpmn:EscalationEventDefinition': '升级事件',
  'bpmn:ConditionalEventDefinition': '条件事件',
  'bpmn:LinkEventDefinition': '链接事件',
  'bpmn:CancelEventDefinition': '取消事件',
  'bpmn:MessageEventDefinition': '消息事件',
  'bpmn:TimerEventDefinition': '定时事件',
  'bpmn:ErrorEventDefinition': '错误事件',
  'bpmn:TerminateEventDefinition': '终止事件',
  'bpmn:StandardLoopCharacteristics': '循环活动',
  'bpmn:StartEvent': '开始事件',
  'bpmn:EndEvent': '结束事件',
  'bpmn:IntermediateCatchEvent': '中间捕获事件',
  'bpmn:BoundaryEvent': '边界事件',
  'bpmn:UserTask': '用户任务',
  'bpmn:ServiceTask': '服务任务',
  'bpmn:SubProcess': '子流程',
  'bpmn:CallActivity': '调用活动',
};

export function kindName(type: string): string {
  const name = NAMES[type];
  return name ? `${name}（${type}）` : type;
}
