// bpmn-js-properties-panel and @bpmn-io/properties-panel ship no TypeScript types; we use a handful of exports.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: { [name: string]: unknown };
  export const BpmnPropertiesProviderModule: { [name: string]: unknown };
  export function useService<T = unknown>(name: string): T;
}

declare module '@bpmn-io/properties-panel' {
  type Entry = (props: Record<string, unknown>) => unknown;
  export const TextFieldEntry: Entry;
  export const TextAreaEntry: Entry;
  export const SelectEntry: Entry;
  export const CheckboxEntry: Entry;
  export const Group: Entry;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isTextAreaEntryEdited(node: unknown): boolean;
  export function isSelectEntryEdited(node: unknown): boolean;
  export function isCheckboxEntryEdited(node: unknown): boolean;
}

declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): unknown;
}

declare module '*.css';
