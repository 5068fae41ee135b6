import type { ISchema } from '@formily/json-schema';

const isColumn = (s: ISchema) => s.type === 'void' && s['x-component'] === 'ArrayTable.Column';

/**
 * Formily's ArrayTable draws only `ArrayTable.Column` void wrappers as columns, so a schema that lists the
 * row's fields directly (as our stage forms do) shows empty rows. Plain fields become columns here, an
 * 操作 column (remove, move) and an 添加 button are added when the schema has none. Void wrappers add no
 * data path, so values stay at `table.0.name`.
 */
export function withColumns(schema: ISchema): ISchema {
  const items = schema.items as ISchema | undefined;
  const properties = (items?.properties ?? {}) as Record<string, ISchema>;
  const entries = Object.entries(properties);
  if (!items || entries.length === 0 || entries.every(([, s]) => isColumn(s))) return schema;
  const columns: Record<string, ISchema> = {};
  for (const [name, cell] of entries) {
    columns[isColumn(cell) ? name : `column_${name}`] = isColumn(cell)
      ? cell
      : {
          type: 'void',
          'x-component': 'ArrayTable.Column',
          'x-component-props': { title: cell.title, dataIndex: name },
          // The column header is the label: the cell keeps no title (its aria-label was set from it before).
          properties: {
            [name]: { ...cell, title: undefined, 'x-decorator': cell['x-decorator'] ?? 'FormItem' },
          },
        };
  }
  columns.column_operations = {
    type: 'void',
    'x-component': 'ArrayTable.Column',
    'x-component-props': { title: '操作', width: 110, fixed: 'right' },
    properties: {
      remove: { type: 'void', 'x-component': 'ArrayTable.Remove' },
      up: { type: 'void', 'x-component': 'ArrayTable.MoveUp' },
      down: { type: 'void', 'x-component': 'ArrayTable.MoveDown' },
    },
  };
  const own = (schema.properties ?? {}) as Record<string, ISchema>;
  const hasAddition = Object.values(own).some((s) => s['x-component'] === 'ArrayTable.Addition');
  return {
    ...schema,
    items: { ...items, properties: columns },
    properties: hasAddition
      ? own
      : { ...own, add: { type: 'void', title: '添加一行', 'x-component': 'ArrayTable.Addition' } },
  };
}
