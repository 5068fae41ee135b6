/**
 * A stage's form as the printed table practitioners know: a header block of label/value pairs, then
 * one table per list field (the 一级/二级/三级 indicator rows, tasks, teams), then the approval trail.
 * Built from the pinned form schema and the submitted data only, so every county variant and every
 * stage's form prints without layout code of its own; the xlsx and PDF writers draw this model.
 */

type Json = Record<string, unknown>;

export interface HeaderField {
  label: string;
  value: string;
  /** Long text takes a whole row on paper. */
  wide: boolean;
}

export interface TableColumn {
  key: string;
  label: string;
  numeric: boolean;
  /** 一级/二级指标 columns: equal neighbours are merged as on paper. */
  merge: boolean;
}

export interface TableSection {
  title: string;
  columns: TableColumn[];
  rows: string[][];
  /** Same rows as numbers where a column is numeric (xlsx keeps them as numbers). */
  values: unknown[][];
}

export interface TrailStep {
  step: string;
  unit: string;
  person: string;
  at: Date;
  outcome: string;
  comment: string;
}

export interface StageTable {
  title: string;
  subtitle: string;
  header: HeaderField[];
  sections: TableSection[];
  trail: TrailStep[];
}

interface FieldSchema {
  type?: string;
  title?: string;
  enum?: unknown[];
  'x-component'?: string;
  properties?: Record<string, FieldSchema>;
  items?: FieldSchema;
}

const LEVEL1_ORDER = ['产出指标', '效益指标', '满意度指标'];
const MERGED_COLUMNS = new Set(['level1', 'level2', 'changeType']);
const WIDE_COMPONENTS = new Set(['Input.TextArea']);

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(formatValue).join('、');
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(round(value));
  if (typeof value === 'object') return '';
  return String(value);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Walks the schema in declaration order; nested objects (cards, groups) flatten into the header. */
function collect(
  properties: Record<string, FieldSchema>,
  data: Json,
  header: HeaderField[],
  sections: TableSection[],
): void {
  for (const [key, field] of Object.entries(properties)) {
    const value = data?.[key];
    if (field.type === 'array' && field.items?.properties) {
      sections.push(section(field, Array.isArray(value) ? (value as Json[]) : []));
    } else if (field.type === 'object' || (field.properties && field.type !== 'array')) {
      collect(field.properties ?? {}, (value as Json) ?? {}, header, sections);
    } else if (field.title) {
      header.push({
        label: field.title,
        value: formatValue(value),
        wide: WIDE_COMPONENTS.has(field['x-component'] ?? '') || field.type === 'array',
      });
    }
  }
}

function section(field: FieldSchema, rows: Json[]): TableSection {
  const props = field.items?.properties ?? {};
  const columns: TableColumn[] = Object.entries(props).map(([key, col]) => ({
    key,
    label: col.title ?? key,
    numeric: col.type === 'number',
    merge: MERGED_COLUMNS.has(key),
  }));
  const ordered = columns.some((c) => c.key === 'level1') ? sortIndicators(rows, props) : rows;
  return {
    title: field.title ?? '',
    columns,
    rows: ordered.map((row) => columns.map((c) => formatValue(row?.[c.key]))),
    values: ordered.map((row) =>
      columns.map((c) => {
        const v = row?.[c.key];
        return c.numeric && typeof v === 'number' ? v : formatValue(v);
      }),
    ),
  };
}

/** 一级 in the national order, 二级 in the form's enum order, so equal levels sit together to merge. */
function sortIndicators(rows: Json[], props: Record<string, FieldSchema>): Json[] {
  const level2Order = (props.level2?.enum ?? []).map(String);
  const rank = (list: string[], v: unknown) => {
    const i = list.indexOf(String(v));
    return i < 0 ? list.length : i;
  };
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        rank(LEVEL1_ORDER, a.row?.level1) - rank(LEVEL1_ORDER, b.row?.level1) ||
        rank(level2Order, a.row?.level2) - rank(level2Order, b.row?.level2) ||
        a.index - b.index,
    )
    .map(({ row }) => row);
}

export function buildStageTable(
  form: { title: string; schema: Json },
  data: Json,
  subtitle: string,
  trail: TrailStep[],
): StageTable {
  const header: HeaderField[] = [];
  const sections: TableSection[] = [];
  collect(
    ((form.schema as FieldSchema).properties ?? {}) as Record<string, FieldSchema>,
    data,
    header,
    sections,
  );
  return { title: form.title, subtitle, header, sections, trail };
}

/**
 * Runs of equal values in a merged column, as [firstRow, lastRow] pairs (inclusive). A 二级 run never
 * crosses a 一级 boundary: the columns to the left bound the runs of the columns to their right.
 */
export function mergeRuns(section: TableSection, columnIndex: number): [number, number][] {
  const runs: [number, number][] = [];
  const leftMerged = section.columns
    .map((c, i) => (c.merge && i < columnIndex ? i : -1))
    .filter((i) => i >= 0);
  let start = 0;
  for (let r = 1; r <= section.rows.length; r++) {
    const same =
      r < section.rows.length &&
      section.rows[r][columnIndex] === section.rows[start][columnIndex] &&
      leftMerged.every((l) => section.rows[r][l] === section.rows[start][l]);
    if (!same) {
      if (r - 1 > start) runs.push([start, r - 1]);
      start = r;
    }
  }
  return runs;
}

export function formatTime(at: Date): string {
  // Chinese bureaus read local (UTC+8) time.
  const local = new Date(at.getTime() + 8 * 3600_000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}
