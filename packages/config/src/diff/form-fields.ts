import type { FormDefinition } from '../form';

/** One field of a form as the diff compares it: by data path, shown by its titles. */
export interface FormField {
  /** Formily data path: `totalFunds`, `indicators.*.target` (void containers add nothing). */
  path: string;
  /** 「绩效指标」的「指标值」 for a column of a table, 「年度总体目标」 for a top-level field. */
  title: string;
  required: boolean;
  /** The options of a choice, as shown (labels of {label, value} options). */
  options?: string[];
  /** minimum, maximum, minLength, maxLength, minItems, maxItems, pattern, ... as written. */
  limits: Record<string, string>;
}

type Node = Record<string, unknown>;

const LIMIT_KEYWORDS = [
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
] as const;

export const LIMIT_LABELS: Record<(typeof LIMIT_KEYWORDS)[number], string> = {
  minimum: '下限',
  exclusiveMinimum: '下限（不含）',
  maximum: '上限',
  exclusiveMaximum: '上限（不含）',
  minLength: '最少字数',
  maxLength: '最多字数',
  minItems: '最少行数',
  maxItems: '最多行数',
  pattern: '格式要求',
};

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionText(option: unknown): string {
  if (isNode(option)) return String(option.label ?? option.value ?? '');
  return String(option);
}

function describeField(path: string, titles: string[], node: Node, requiredByParent: boolean): FormField {
  const limits: Record<string, string> = {};
  for (const keyword of LIMIT_KEYWORDS) {
    if (node[keyword] !== undefined) limits[keyword] = String(node[keyword]);
  }
  return {
    path,
    title: titles.map((title) => `「${title}」`).join('的'),
    required: node.required === true || requiredByParent,
    ...(Array.isArray(node.enum) ? { options: node.enum.map(optionText) } : {}),
    limits,
  };
}

function walk(node: Node, path: string[], titles: string[], fields: FormField[]): void {
  const properties = isNode(node.properties) ? node.properties : {};
  const requiredNames = Array.isArray(node.required) ? node.required.map(String) : [];
  for (const [name, child] of Object.entries(properties)) {
    if (!isNode(child)) continue;
    // A void field lays out its children without a value of its own: it adds no segment to their paths.
    const isVoid = child.type === 'void';
    const childPath = isVoid ? path : [...path, name];
    const title = typeof child.title === 'string' && child.title !== '' ? child.title : name;
    const childTitles = isVoid ? titles : [...titles, title];
    if (!isVoid)
      fields.push(describeField(childPath.join('.'), childTitles, child, requiredNames.includes(name)));
    walk(child, childPath, childTitles, fields);
    if (child.type === 'array' && isNode(child.items))
      walk(child.items, [...childPath, '*'], childTitles, fields);
  }
}

/** Every field of a form with a value, tables' columns included, in the order the form shows them. */
export function formFields(form: FormDefinition): FormField[] {
  const fields: FormField[] = [];
  walk(form.schema, [], [], fields);
  return fields;
}
