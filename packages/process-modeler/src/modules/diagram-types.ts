/** The parts of bpmn-js / diagram-js objects our modules touch (their own types are loose `any` in places). */
export interface BusinessObject {
  $type: string;
  id: string;
  name?: string;
  get(name: string): unknown;
  eventDefinitions?: BusinessObject[];
  conditionExpression?: { body?: string };
  sourceRef?: BusinessObject;
  default?: BusinessObject;
  loopCharacteristics?: BusinessObject;
}

export interface DiagramElement {
  id: string;
  type: string;
  businessObject: BusinessObject;
  source?: DiagramElement;
  labelTarget?: DiagramElement;
}

export interface Modeling {
  updateProperties(element: DiagramElement, properties: Record<string, unknown>): void;
  updateModdleProperties(
    element: DiagramElement,
    target: BusinessObject,
    properties: Record<string, unknown>,
  ): void;
}

export interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): BusinessObject;
}

export type Translate = (template: string, replacements?: Record<string, string>) => string;

export const is = (element: DiagramElement | BusinessObject | undefined, type: string): boolean => {
  const bo = element && 'businessObject' in element ? element.businessObject : element;
  return Boolean(bo && (bo as { $instanceOf?: (t: string) => boolean }).$instanceOf?.(type));
};
