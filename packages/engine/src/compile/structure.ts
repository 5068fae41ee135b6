import { isActivity, type ElementDef } from '../definition';
import { childOf, expressionBody, textOf, type ModdleElement } from '../moddle/model';
import type { CompileContext } from './context';
import { convertElement, flowElementsOf, isIgnored } from './elements';

/**
 * Converts the flow elements of a process or sub-process, recursing into sub-processes, and returns the
 * ids of the elements directly inside.
 */
export function convertContainer(
  container: ModdleElement,
  parent: string | null,
  context: CompileContext,
): string[] {
  const children: string[] = [];
  const flows: ModdleElement[] = [];
  for (const element of flowElementsOf(container)) {
    if (element.$type === 'bpmn:SequenceFlow') {
      flows.push(element);
      continue;
    }
    if (isIgnored(element)) continue;
    const converted = convertElement(element, parent, context);
    if (!converted) {
      const attachedTo = childOf(element, 'attachedToRef')?.id;
      if (attachedTo && element.id) context.detours.push({ source: attachedTo, target: element.id });
      continue;
    }
    context.elements[converted.id] = converted;
    children.push(converted.id);
    if (converted.kind === 'subProcess')
      converted.children = convertContainer(element, converted.id, context);
  }
  const attached = children.filter((id) => attachBoundary(id, context));
  for (const flow of flows) convertFlow(flow, parent, context);
  return attached;
}

/** Attaches a boundary event to its activity; false (and the event dropped) when that cannot be done. */
function attachBoundary(id: string, context: CompileContext): boolean {
  const boundary = context.elements[id];
  if (boundary.kind !== 'boundaryEvent') return true;
  const activity: ElementDef | undefined = context.elements[boundary.attachedTo];
  if (!activity || !isActivity(activity) || activity.parent !== boundary.parent) {
    context.report(id, 'BOUNDARY_WITHOUT_ACTIVITY', '边界事件附着的活动不存在或不在同一层级');
    delete context.elements[id];
    return false;
  }
  activity.boundaryEvents.push(id);
  return true;
}

function convertFlow(flow: ModdleElement, parent: string | null, context: CompileContext): void {
  const id = flow.id ?? '';
  const source = childOf(flow, 'sourceRef')?.id;
  const target = childOf(flow, 'targetRef')?.id;
  for (const [property, ref, end] of [
    ['sourceRef', source, '起点'],
    ['targetRef', target, '终点'],
  ] as const) {
    if (ref) continue;
    const missing = context.unresolvedReference(id, `bpmn:${property}`);
    const message = missing ? `顺序流的${end}“${missing}”不存在` : `顺序流没有${end}（${property}）`;
    context.report(id, 'FLOW_ELEMENT_MISSING', message);
  }
  if (!source || !target) return;
  if (!context.elements[source] || !context.elements[target]) {
    // An end that was refused is reported on its own element; reachability goes through it.
    context.detours.push({ source, target });
    return;
  }
  context.flows[id] = {
    id,
    name: textOf(flow, 'name')?.trim() || null,
    source,
    target,
    condition: context.feel(
      id,
      expressionBody(childOf(flow, 'conditionExpression')),
      '条件',
      'INVALID_CONDITION',
    ),
    parent,
  };
}

/** Fills incoming/outgoing lists and drops default flows that do not leave their gateway. */
export function linkElements(context: CompileContext): void {
  const { elements, flows } = context;
  for (const flow of Object.values(flows)) {
    const source = elements[flow.source];
    const target = elements[flow.target];
    if (source.parent !== flow.parent || target.parent !== flow.parent) {
      context.report(flow.id, 'FLOW_CROSSES_SCOPE', '顺序流不能跨越子流程边界，请改用子流程的开始和结束事件');
      delete flows[flow.id];
      continue;
    }
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  for (const element of Object.values(elements)) {
    if (element.kind === 'exclusiveGateway' || element.kind === 'inclusiveGateway') {
      if (element.defaultFlow && !element.outgoing.includes(element.defaultFlow)) element.defaultFlow = null;
    }
  }
}
