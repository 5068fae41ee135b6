import type { ElementDef } from '../definition';
import { booleanOf, childOf, childrenOf, textOf, type ModdleElement } from '../moddle/model';
import type { CompileContext } from './context';
import { kindName } from './element-names';
import { readEventTrigger } from './events';
import { convertUserTask } from './user-task';

/** Data-only elements that do not take part in the flow; tolerated and ignored. */
const IGNORED = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);
const ACTIVITIES = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SubProcess', 'bpmn:CallActivity']);
const GATEWAYS: Readonly<Record<string, 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway'>> = {
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
};

function unsupported(context: CompileContext, element: ModdleElement, reason: string): null {
  context.report(element.id ?? null, 'UNSUPPORTED_ELEMENT', `不支持的元素：${reason}`);
  return null;
}

/** Refuses activity features we do not execute (loops other than user-task countersign, compensation). */
function activityRefusal(element: ModdleElement): string | null {
  if (booleanOf(element, 'isForCompensation'))
    return `${kindName(element.$type)}用于补偿（isForCompensation）`;
  const loop = childOf(element, 'loopCharacteristics');
  if (!loop) return null;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return kindName(loop.$type);
  return element.$type === 'bpmn:UserTask'
    ? null
    : `${kindName(element.$type)}上的多实例（仅支持用户任务会签）`;
}

/**
 * Converts one flow node to its definition, or reports why it cannot run and returns null. Incoming and
 * outgoing flows and boundary lists are filled in afterwards, once every flow is known.
 */
export function convertElement(
  element: ModdleElement,
  parent: string | null,
  context: CompileContext,
): ElementDef | null {
  const id = element.id ?? '';
  const common = { id, name: textOf(element, 'name')?.trim() || null, parent, incoming: [], outgoing: [] };
  if (ACTIVITIES.has(element.$type)) {
    const refusal = activityRefusal(element);
    if (refusal) return unsupported(context, element, refusal);
  }
  const gateway = GATEWAYS[element.$type];
  if (gateway) {
    return { ...common, kind: gateway, defaultFlow: childOf(element, 'default')?.id ?? null };
  }
  switch (element.$type) {
    case 'bpmn:UserTask':
      return convertUserTask(element, { ...common, boundaryEvents: [] }, context);
    case 'bpmn:ServiceTask': {
      const handler = textOf(element, 'handler')?.trim() || null;
      if (!handler)
        context.report(id, 'SERVICE_TASK_WITHOUT_HANDLER', '服务任务没有设置处理程序（pm:handler）');
      const input = context.feel(id, textOf(element, 'input'), '服务输入（pm:input）');
      return { ...common, boundaryEvents: [], kind: 'serviceTask', handler, input };
    }
    case 'bpmn:CallActivity': {
      const calledElement = textOf(element, 'calledElement')?.trim() || null;
      if (!calledElement) {
        context.report(
          id,
          'CALL_ACTIVITY_WITHOUT_CALLED_ELEMENT',
          '调用活动没有设置被调用的流程（calledElement）',
        );
      }
      return { ...common, boundaryEvents: [], kind: 'callActivity', calledElement };
    }
    case 'bpmn:SubProcess':
      if (booleanOf(element, 'triggeredByEvent')) return unsupported(context, element, '事件子流程');
      return { ...common, boundaryEvents: [], kind: 'subProcess', children: [], startEvent: null };
    case 'bpmn:StartEvent':
      return convertStartEvent(element, common, context);
    case 'bpmn:EndEvent': {
      const read = readEventTrigger(element, context);
      if (read.kind === 'none') return { ...common, kind: 'endEvent', result: 'none', errorCode: null };
      if (read.kind === 'terminate')
        return { ...common, kind: 'endEvent', result: 'terminate', errorCode: null };
      if (read.kind === 'trigger' && read.trigger.type === 'error') {
        return { ...common, kind: 'endEvent', result: 'error', errorCode: read.trigger.errorCode };
      }
      return read.kind === 'invalid' ? null : unsupported(context, element, `${describe(read)}结束事件`);
    }
    case 'bpmn:IntermediateCatchEvent': {
      const read = readEventTrigger(element, context);
      if (read.kind === 'trigger' && read.trigger.type !== 'error') {
        return { ...common, kind: 'intermediateCatchEvent', trigger: read.trigger };
      }
      return read.kind === 'invalid' ? null : unsupported(context, element, `${describe(read)}中间捕获事件`);
    }
    case 'bpmn:BoundaryEvent':
      return convertBoundaryEvent(element, common, context);
    default:
      return unsupported(context, element, kindName(element.$type));
  }
}

function describe(read: ReturnType<typeof readEventTrigger>): string {
  if (read.kind === 'unsupported') return read.reason;
  if (read.kind === 'trigger') return kindName(`bpmn:${capitalize(read.trigger.type)}EventDefinition`);
  if (read.kind === 'terminate') return kindName('bpmn:TerminateEventDefinition');
  return '无类型';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type Common = {
  id: string;
  name: string | null;
  parent: string | null;
  incoming: string[];
  outgoing: string[];
};

function convertStartEvent(
  element: ModdleElement,
  common: Common,
  context: CompileContext,
): ElementDef | null {
  const read = readEventTrigger(element, context);
  if (read.kind === 'none') return { ...common, kind: 'startEvent', timer: null };
  if (read.kind === 'trigger' && read.trigger.type === 'timer') {
    return { ...common, kind: 'startEvent', timer: read.trigger.timer };
  }
  return read.kind === 'invalid' ? null : unsupported(context, element, `${describe(read)}开始事件`);
}

function convertBoundaryEvent(
  element: ModdleElement,
  common: Common,
  context: CompileContext,
): ElementDef | null {
  const read = readEventTrigger(element, context);
  if (read.kind === 'invalid') return null;
  if (read.kind !== 'trigger') return unsupported(context, element, `${describe(read)}边界事件`);
  const attached = childOf(element, 'attachedToRef');
  if (!attached?.id || !ACTIVITIES.has(attached.$type)) {
    context.report(
      common.id,
      'BOUNDARY_WITHOUT_ACTIVITY',
      '边界事件没有附着在用户任务、服务任务、子流程或调用活动上',
    );
    return null;
  }
  // BPMN requires error boundaries to interrupt; an explicit cancelActivity="false" is a modelling mistake.
  const interrupting = read.trigger.type === 'error' ? true : element.cancelActivity !== false;
  return { ...common, kind: 'boundaryEvent', attachedTo: attached.id, interrupting, trigger: read.trigger };
}

export function isIgnored(element: ModdleElement): boolean {
  return IGNORED.has(element.$type);
}

export function flowElementsOf(container: ModdleElement): ModdleElement[] {
  return childrenOf(container, 'flowElements');
}
