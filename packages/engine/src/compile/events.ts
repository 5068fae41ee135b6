import type { EventTrigger, TimerSpec } from '../definition';
import { childOf, childrenOf, expressionBody, textOf, type ModdleElement } from '../moddle/model';
import { timerSpecError } from '../time/timer';
import type { CompileContext } from './context';
import { kindName } from './element-names';

/** What an event definition means for us; `unsupported` carries the Chinese reason. */
export type ReadTrigger =
  | { kind: 'none' }
  | { kind: 'terminate' }
  | { kind: 'trigger'; trigger: EventTrigger }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'invalid' };

const TIMER_TYPES = ['timeDate', 'timeDuration', 'timeCycle'] as const;

function readTimer(
  event: ModdleElement,
  definition: ModdleElement,
  context: CompileContext,
): TimerSpec | null {
  const id = event.id ?? '';
  const present = TIMER_TYPES.filter((type) => childOf(definition, type));
  if (present.length !== 1) {
    context.report(id, 'INVALID_TIMER', '定时事件必须且只能设置 timeDate、timeDuration、timeCycle 中的一项');
    return null;
  }
  const type = present[0];
  const expression = expressionBody(childOf(definition, type));
  if (!expression) {
    context.report(id, 'INVALID_TIMER', `定时事件的 ${type} 为空`);
    return null;
  }
  const spec: TimerSpec = { type, expression };
  const error = timerSpecError(spec);
  if (error) {
    context.report(id, 'INVALID_TIMER', `定时事件无法解析：${error}`);
    return null;
  }
  return spec;
}

function readMessage(
  event: ModdleElement,
  definition: ModdleElement,
  context: CompileContext,
): string | null {
  const message = childOf(definition, 'messageRef');
  const name = message ? (textOf(message, 'name') ?? message.id) : undefined;
  if (!name) {
    context.report(event.id ?? null, 'MESSAGE_WITHOUT_NAME', '消息事件没有引用有名称的消息（messageRef）');
    return null;
  }
  return name;
}

/**
 * Reads the event definitions of an event. Problems with the definition's content (a timer that does not
 * parse, a message without a name) are reported here and come back as `invalid`.
 */
export function readEventTrigger(event: ModdleElement, context: CompileContext): ReadTrigger {
  const definitions = childrenOf(event, 'eventDefinitions');
  if (definitions.length === 0) return { kind: 'none' };
  if (definitions.length > 1) return { kind: 'unsupported', reason: '多重事件（一个事件含多个事件定义）' };
  const definition = definitions[0];
  switch (definition.$type) {
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:TimerEventDefinition': {
      const timer = readTimer(event, definition, context);
      return timer ? { kind: 'trigger', trigger: { type: 'timer', timer } } : { kind: 'invalid' };
    }
    case 'bpmn:MessageEventDefinition': {
      const message = readMessage(event, definition, context);
      return message ? { kind: 'trigger', trigger: { type: 'message', message } } : { kind: 'invalid' };
    }
    case 'bpmn:ErrorEventDefinition': {
      const error = childOf(definition, 'errorRef');
      const errorCode = error ? (textOf(error, 'errorCode') ?? null) : null;
      return { kind: 'trigger', trigger: { type: 'error', errorCode } };
    }
    default:
      return { kind: 'unsupported', reason: kindName(definition.$type) };
  }
}
