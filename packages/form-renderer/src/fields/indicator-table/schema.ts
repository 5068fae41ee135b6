import { Schema, type ISchema } from '@formily/json-schema';

export interface Column {
  name: string;
  title: string;
  /** CSS grid track in pixels: the sticky header and the windowed rows must agree without measuring. */
  track: string;
  /** The cell's JSON type, so values from the library can be coerced to it. */
  type?: string;
}

const TRACKS: Record<string, string> = {
  Select: '128px',
  NumberPicker: '104px',
  MoneyInput: '132px',
  Percent: '104px',
  DatePicker: '132px',
  'Input.TextArea': '220px',
  Input: '150px',
};

/** The row schema the table renders: each cell gets the table's compact decorator and an accessible name. */
export function cellSchemas(items: Schema): { row: Schema; columns: Column[] } {
  const properties: Record<string, ISchema> = {};
  const columns: Column[] = [];
  items.mapProperties((child, name) => {
    const json = child.toJSON() as ISchema;
    const title = String(child.title ?? name);
    const props = json['x-component-props'];
    properties[String(name)] = {
      ...json,
      'x-decorator': 'IndicatorTable.Cell',
      'x-decorator-props': {},
      // An expression string stays as it is; a plain object gains the label a screen reader announces.
      'x-component-props':
        props === undefined || (typeof props === 'object' && props !== null)
          ? { ...(props as object), 'aria-label': title }
          : props,
    };
    columns.push({
      name: String(name),
      title,
      track: TRACKS[String(child['x-component'])] ?? '120px',
      type: typeof child.type === 'string' ? child.type : undefined,
    });
  });
  return { row: new Schema({ type: 'object', properties }), columns };
}

/** The first column with one of these names, so a form may call 三级指标 `name` or `level3`. */
export function pickColumn(columns: Column[], names: string[]): string | undefined {
  return names.find((n) => columns.some((c) => c.name === n));
}

/** A value as the column's type wants it (the library stores 指标值 as text or numbers). */
export function coerceTo(type: string | undefined, value: unknown): unknown {
  if (type === 'string' && typeof value === 'number') return String(value);
  if (type === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}
