import type { Json, JsonObject, SchemaNode } from '../model/schema-types';

/** Small immutable setters for the properties panel: an empty value removes the key. */
export function setKey(node: SchemaNode, key: string, value: Json | undefined): SchemaNode {
  const next: SchemaNode = { ...node };
  if (value === undefined || value === '' || value === false) delete next[key];
  else next[key] = value;
  return next;
}

export function setComponentProp(node: SchemaNode, key: string, value: Json | undefined): SchemaNode {
  const props: JsonObject = { ...(node['x-component-props'] ?? {}) };
  if (value === undefined || value === '') delete props[key];
  else props[key] = value;
  const next: SchemaNode = { ...node };
  if (Object.keys(props).length === 0) delete next['x-component-props'];
  else next['x-component-props'] = props;
  return next;
}

const OPTION_COMPONENTS = ['Select', 'Radio.Group', 'Checkbox.Group'];
const PLACEHOLDER_COMPONENTS = [
  'Input',
  'Input.TextArea',
  'NumberPicker',
  'Select',
  'MoneyInput',
  'Percent',
  'DatePicker',
  'OrgUnitSelect',
];

export const hasOptions = (node: SchemaNode) => OPTION_COMPONENTS.includes(node['x-component'] ?? '');
export const hasPlaceholder = (node: SchemaNode) =>
  PLACEHOLDER_COMPONENTS.includes(node['x-component'] ?? '');
export const isNumeric = (node: SchemaNode) => node.type === 'number' || node.type === 'integer';
export const isText = (node: SchemaNode) => node.type === 'string' && !hasOptions(node);

/** Options as the editor types them, one per line; `值=标签` keeps a label apart from the stored value. */
export function optionsText(node: SchemaNode): string {
  return (node.enum ?? [])
    .map((o) =>
      typeof o === 'object' && o !== null && !Array.isArray(o)
        ? `${String(o.value)}=${String(o.label)}`
        : String(o),
    )
    .join('\n');
}

export function parseOptions(text: string): Json[] | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  return lines.map((line) => {
    const at = line.indexOf('=');
    return at > 0 ? { value: line.slice(0, at), label: line.slice(at + 1) } : line;
  });
}

export function defaultText(node: SchemaNode): string | undefined {
  const value = node.default;
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A typed default from what was typed: numbers for numeric fields, lists for multi-choice. */
export function parseDefault(node: SchemaNode, text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  if (isNumeric(node)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  if (node.type === 'array')
    return text
      .split(/[,，]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return text;
}
