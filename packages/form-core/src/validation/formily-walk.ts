import type { ArrayField, Form, GeneralField } from '@formily/core';
import { Schema, type SchemaKey } from '@formily/json-schema';
import type { FormPathPattern } from '@formily/shared';
import { HostSignal } from '../expression/errors';

/** What the walk needs besides the form and the schema. */
export interface WalkOptions {
  /** The expression scope every field sees (`$settings`, `$project`, …), as SchemaField's `scope` prop. */
  scope: Record<string, unknown>;
  /**
   * Offered each array field right after it is built, where the walk would build its rows; returning true
   * means the rows were taken care of (the fast path), false lets the walk build them as Formily fields.
   */
  mountRows?: (field: ArrayField, schema: Schema) => boolean;
  /** Told about a field whose construction threw, so the walk can go on with its siblings. */
  onFieldError: (path: string, error: unknown) => void;
  /** Told about every data field built, with the schema it came from (type checks need `type`). */
  onField?: (field: GeneralField, schema: Schema) => void;
}

/**
 * Builds the fields of `schema` in `form` exactly as `<SchemaField>` and `<RecursionField>` do in the
 * browser — same `toFieldProps`, same order, same base paths — with one object field per array row, as our
 * IndicatorTable renders them. No React: this is the plain headless walk, the reference semantics.
 */
export function mountSchema(form: Form, schema: Schema, options: WalkOptions): void {
  mountProperties(form, schema, undefined, options);
}

function mountProperties(
  form: Form,
  schema: Schema,
  basePath: FormPathPattern | undefined,
  options: WalkOptions,
): void {
  schema.mapProperties((child, name) => mountField(form, child, name, basePath, options));
}

function mountField(
  form: Form,
  schema: Schema,
  name: SchemaKey,
  basePath: FormPathPattern | undefined,
  options: WalkOptions,
): void {
  const props = { ...schema.toFieldProps({ scope: options.scope }), name, basePath };
  let field: GeneralField;
  try {
    switch (schema.type) {
      case 'object':
        field = form.createObjectField(props);
        break;
      case 'array':
        field = form.createArrayField(props);
        break;
      case 'void':
        field = form.createVoidField(props);
        break;
      default:
        field = form.createField(props);
    }
  } catch (error) {
    if (error instanceof HostSignal) throw error;
    options.onFieldError(joinPath(basePath, name), error);
    return;
  }
  options.onField?.(field, schema);
  if (schema.type === 'object' || schema.type === 'void') {
    mountProperties(form, schema, field.address, options);
  } else if (schema.type === 'array' && !options.mountRows?.(field as ArrayField, schema)) {
    mountRows(form, field as ArrayField, schema, options);
  }
}

function mountRows(form: Form, field: ArrayField, schema: Schema, options: WalkOptions): void {
  const rows: unknown = field.value;
  if (!Array.isArray(rows) || !schema.items) return;
  rows.forEach((_row, index) => {
    const items = schema.items as Schema | Schema[];
    const itemSchema = Array.isArray(items) ? (items[index] ?? items[0]) : items;
    if (itemSchema) mountField(form, itemSchema, index, field.address, options);
  });
}

function joinPath(basePath: FormPathPattern | undefined, name: SchemaKey): string {
  const base = basePath === undefined ? '' : String(basePath);
  return base ? `${base}.${String(name)}` : String(name);
}
