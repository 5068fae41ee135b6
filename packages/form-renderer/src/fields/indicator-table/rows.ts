/**
 * The indicator table's presentation model, kept free of React so it can be tested and reasoned about: rows
 * grouped by 一级指标 then 二级指标 (in the order the schema's enum gives, unknown levels last), each group
 * collapsible, flattened into one list for a windowed renderer.
 */
export type IndicatorRow = Record<string, unknown>;

export interface GroupHeader {
  kind: 'level1' | 'level2';
  key: string;
  label: string;
  /** Rows in the group (all of them, also when collapsed). */
  count: number;
  /** Sum of the numeric column the table totals per group (分值 or 得分), if any. */
  subtotal?: number;
  collapsed: boolean;
}

export type TableItem =
  { type: 'header'; header: GroupHeader } | { type: 'row'; index: number; position: number };

export interface GroupingOptions {
  level1Field: string;
  level2Field?: string;
  /** The order of 一级指标 values (the schema's enum). */
  level1Order?: readonly string[];
  /** A numeric column summed per 一级指标 group. */
  subtotalField?: string;
  collapsed?: ReadonlySet<string>;
}

const UNSET = '（未选择）';

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : UNSET);

/** Flattens rows into headers and row items; a collapsed 一级指标 group contributes its header only. */
export function groupRows(rows: readonly IndicatorRow[], options: GroupingOptions): TableItem[] {
  const order = options.level1Order ?? [];
  const level1Groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key = text(row?.[options.level1Field]);
    const list = level1Groups.get(key) ?? [];
    list.push(index);
    level1Groups.set(key, list);
  });
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i === -1 ? order.length + (key === UNSET ? 1 : 0) : i;
  };
  const keys = [...level1Groups.keys()].sort((a, b) => rank(a) - rank(b));
  const items: TableItem[] = [];
  let position = 0;
  for (const key of keys) {
    const indexes = level1Groups.get(key)!;
    const collapsed = options.collapsed?.has(key) ?? false;
    items.push({
      type: 'header',
      header: {
        kind: 'level1',
        key,
        label: key,
        count: indexes.length,
        subtotal: options.subtotalField ? subtotal(rows, indexes, options.subtotalField) : undefined,
        collapsed,
      },
    });
    if (collapsed) {
      position += indexes.length;
      continue;
    }
    const level2Groups = new Map<string, number[]>();
    for (const index of indexes) {
      const key2 = options.level2Field ? text(rows[index]?.[options.level2Field]) : '';
      level2Groups.set(key2, [...(level2Groups.get(key2) ?? []), index]);
    }
    for (const [key2, list] of level2Groups) {
      if (options.level2Field)
        items.push({
          type: 'header',
          header: {
            kind: 'level2',
            key: `${key}/${key2}`,
            label: key2,
            count: list.length,
            collapsed: false,
          },
        });
      for (const index of list) items.push({ type: 'row', index, position: position++ });
    }
  }
  return items;
}

function subtotal(rows: readonly IndicatorRow[], indexes: number[], field: string): number {
  let total = 0;
  for (const i of indexes) {
    const value = rows[i]?.[field];
    if (typeof value === 'number' && Number.isFinite(value)) total += value;
  }
  return Math.round(total * 100) / 100;
}

/** Row indexes that carry errors, from dotted paths under the table (`indicators.12.actual`). */
export function rowsWithErrors(arrayPath: string, paths: readonly string[]): Map<number, string[]> {
  const prefix = `${arrayPath}.`;
  const result = new Map<number, string[]>();
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const [index, ...rest] = path.slice(prefix.length).split('.');
    const n = Number(index);
    if (!Number.isInteger(n)) continue;
    result.set(n, [...(result.get(n) ?? []), rest.join('.')]);
  }
  return result;
}
