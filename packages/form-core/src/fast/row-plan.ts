import type { Schema } from '@formily/json-schema';
import { isPlainObj as isPlainObject, toArr } from '@formily/shared';

/** How rows of one table are validated without Formily fields: the cells, in page order. */
export interface RowPlan {
  readonly arrayPath: string;
  readonly cells: readonly RowCell[];
}

export interface RowCell {
  readonly name: string;
  readonly schema: Schema;
  /** The schema (reactions aside) holds no expression and nothing that moves values: same state every row. */
  readonly staticBase: boolean;
}

/** Keys of the row object (`items`) that only affect presentation. */
const ROW_KEYS = new Set([
  'type',
  'properties',
  'title',
  'description',
  'x-component',
  'x-component-props',
  'x-decorator',
  'x-decorator-props',
  'x-index',
  'x-designable-id',
  'x-bind',
  'name',
  'version',
  'parent',
  'root',
  '_isJSONSchemaObject',
]);

/** Schema keys a cell may carry; anything else (`default`, `x-compile-omitted`, nesting) needs the walk. */
const CELL_KEYS = new Set([
  ...ROW_KEYS,
  'enum',
  'required',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'const',
  'multipleOf',
  'readOnly',
  'writeOnly',
  'x-validator',
  'x-reactions',
  'x-visible',
  'x-hidden',
  'x-display',
  'x-pattern',
  'x-editable',
  'x-disabled',
  'x-read-only',
  'x-read-pretty',
  'x-value',
  'x-content',
  'x-data',
]);

/** Field state a reaction may set on a cell: the keys RowField models. */
const STATE_KEYS = new Set([
  'value',
  'visible',
  'hidden',
  'display',
  'pattern',
  'editable',
  'disabled',
  'readOnly',
  'readPretty',
  'required',
  'validator',
  'dataSource',
  'title',
  'description',
  'componentProps',
  'decoratorProps',
  'componentType',
  'decoratorType',
  'content',
  'data',
]);

/**
 * Decides once per form whether the rows of an array can skip Formily's field model, and says why not
 * otherwise. Only declarative, row-local reactions qualify: a reaction with `target`, `effects` or `run`,
 * a function reaction, a nested table, or a dependency outside the row and the form's top level does not.
 */
export function planRows(
  arrayPath: string,
  arraySchema: Schema,
  /** Top-level tables: a dependency reaching into one of their rows needs the fields the walk builds. */
  tables: ReadonlySet<string>,
): RowPlan | string {
  const items = arraySchema.items as Schema | Schema[] | undefined;
  if (!items || Array.isArray(items)) return '行定义不是单一的 items';
  if (items.type !== 'object') return '行不是对象';
  const extra = ownKeys(items).find((key) => !ROW_KEYS.has(key));
  if (extra) return `行对象上的 ${extra}`;
  const cells: RowCell[] = [];
  const names = new Set(Object.keys(items.properties ?? {}));
  let refusal: string | undefined;
  items.mapProperties((cell, name) => {
    refusal ??= checkCell(cell, String(name), names, tables);
    cells.push({ name: String(name), schema: cell, staticBase: isStaticBase(cell) });
  });
  return refusal ?? { arrayPath, cells };
}

function checkCell(
  cell: Schema,
  name: string,
  siblings: ReadonlySet<string>,
  tables: ReadonlySet<string>,
): string | undefined {
  if (cell.type === 'object' || cell.type === 'array' || cell.type === 'void')
    return `单元格 ${name} 的类型 ${cell.type}`;
  const extra = ownKeys(cell).find((key) => !CELL_KEYS.has(key));
  if (extra) return `单元格 ${name} 的 ${extra}`;
  for (const reaction of toArr(cell['x-reactions'])) {
    const refusal = checkReaction(reaction, siblings, tables);
    if (refusal) return `单元格 ${name} 的联动：${refusal}`;
  }
  return undefined;
}

function checkReaction(
  reaction: unknown,
  siblings: ReadonlySet<string>,
  tables: ReadonlySet<string>,
): string | undefined {
  if (!isPlainObj(reaction)) return '函数形式的联动';
  const extra = Object.keys(reaction).find(
    (key) => !['dependencies', 'when', 'fulfill', 'otherwise'].includes(key),
  );
  if (extra) return extra;
  for (const request of [reaction.fulfill, reaction.otherwise]) {
    if (request === undefined) continue;
    if (!isPlainObj(request)) return 'fulfill/otherwise 不是对象';
    const key = Object.keys(request).find((k) => k !== 'state' && k !== 'schema');
    if (key) return key;
    const state = request.state;
    const stateKey = isPlainObj(state) ? Object.keys(state).find((k) => !STATE_KEYS.has(k)) : undefined;
    if (stateKey) return `state.${stateKey}`;
    const schema = request.schema;
    const schemaKey = isPlainObj(schema) ? Object.keys(schema).find((k) => !CELL_KEYS.has(k)) : undefined;
    if (schemaKey) return `schema.${schemaKey}`;
  }
  return checkDependencies(reaction.dependencies, siblings, tables);
}

function checkDependencies(
  dependencies: unknown,
  siblings: ReadonlySet<string>,
  tables: ReadonlySet<string>,
): string | undefined {
  const patterns: { pattern: unknown; property?: unknown }[] = [];
  if (Array.isArray(dependencies)) {
    for (const entry of dependencies) {
      if (typeof entry === 'string') patterns.push({ pattern: entry });
      else if (isPlainObj(entry)) patterns.push({ pattern: entry.source, property: entry.property });
    }
  } else if (isPlainObj(dependencies)) {
    for (const pattern of Object.values(dependencies)) patterns.push({ pattern });
  } else if (dependencies !== undefined) {
    return 'dependencies 格式';
  }
  for (const { pattern, property } of patterns) {
    const [target, path] = String(pattern).split(/\s*#\s*/);
    if ((path ?? property ?? 'value') !== 'value') return `依赖 ${String(pattern)} 的属性`;
    const sibling = /^\.([A-Za-z_$][\w$]*)$/.exec(target ?? '');
    const intoTable =
      !sibling && tables.has(String(target).split('.')[0] as string) && String(target).includes('.');
    if (intoTable || (sibling ? !siblings.has(sibling[1] as string) : /^\.|[*~()[\],!]/.test(target ?? ''))) {
      return `依赖 ${String(pattern)}`;
    }
  }
  return undefined;
}

/** Keys the base reaction does not compile (`traverseSchema` skips them). */
const NESTED_KEYS = new Set([
  'parent',
  'root',
  'properties',
  'items',
  'x-reactions',
  'version',
  '_isJSONSchemaObject',
]);

/** Keys whose base application writes or moves the value (display changes cache it aside). */
const VALUE_KEYS = ['x-value', 'x-visible', 'x-hidden', 'x-display', 'default'];

function isStaticBase(cell: Schema): boolean {
  const record = cell as unknown as Json;
  if (VALUE_KEYS.some((key) => record[key] !== undefined)) return false;
  return !ownKeys(cell).some((key) => !NESTED_KEYS.has(key) && hasExpression(record[key]));
}

function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasExpression);
  if (isPlainObj(value)) return Object.values(value).some(hasExpression);
  return false;
}

type Json = Record<string, unknown>;

function isPlainObj(value: unknown): value is Json {
  return isPlainObject(value);
}

function ownKeys(schema: Schema): string[] {
  const record = schema as unknown as Record<string, unknown>;
  // Schema instances carry their methods as own properties; only data keys count.
  return Object.keys(record).filter((key) => record[key] !== undefined && typeof record[key] !== 'function');
}
