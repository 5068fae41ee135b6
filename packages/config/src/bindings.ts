/**
 * `x-bind` on a form field: where its value comes from on the project record (`from`: prefilled when a
 * stage opens, read-only, restored by the server on submit) and where it goes (`to`: written to the record
 * when the form is submitted, or when targets are approved). The vocabulary is closed, so the lint can say
 * exactly what a county admin mistyped; the record's shape is described in docs/ARCHITECTURE.md.
 */

export interface FieldBinding {
  from?: string;
  to?: string;
}

/** One bound field of a form: a top-level field, a table, or a cell of a bound table. */
export interface BoundField {
  /** Top-level field name, or the table's name for a cell. */
  field: string;
  /** The cell's name inside the table's rows. */
  cell?: string;
  isArray: boolean;
  /** JSON type of the field in the schema (number fields are filled with numbers). */
  type?: string;
  binding: FieldBinding;
  pointer: string;
}

/** Record paths a top-level field may be filled from. */
export const BIND_FROM_FIELDS: Record<string, string> = {
  'project.name': '项目名称',
  'targets.overallGoal': '已批复的年度总体目标',
  'targets.totalFunds': '已批复的年度资金总额',
  'ledger.annualBudget': '预算台账：年初预算数',
  'ledger.adjustment': '预算台账：调整数',
  'ledger.carryover': '预算台账：上年结转',
  'ledger.executed': '预算台账：1 至监控月份的执行数（国库支付）',
};
/** Record paths a table may be filled from (one row per approved indicator). */
export const BIND_FROM_TABLES: Record<string, string> = {
  'targets.indicators': '已批复的绩效指标',
};
/** What a cell of an approved indicator holds. */
export const INDICATOR_CELLS: Record<string, string> = {
  level1: '一级指标',
  level2: '二级指标',
  name: '三级指标',
  operator: '指标性质',
  target: '年度指标值',
  unit: '度量单位',
};
/** Record paths a top-level field may write: approved targets, or this stage's progress. */
export const BIND_TO_FIELDS: Record<string, string> = {
  'targets.overallGoal': '年度总体目标',
  'targets.totalFunds': '年度资金总额',
};
export const BIND_TO_TABLES: Record<string, string> = {
  'targets.indicators': '绩效指标（批复后成为批复版本）',
  'targets.changes': '调整的绩效指标（批复后形成新的批复版本）',
  'progress.indicators': '本环节各指标的完成情况',
};
/** Cells of an adjustment row: the indicator's fields plus how and why it changed. */
export const CHANGE_CELLS: Record<string, string> = {
  ...INDICATOR_CELLS,
  change: '调整方式（调整指标值、新增指标、删除指标）',
  reason: '调整理由',
};
/** `progress.<key>` (a stage's own result, e.g. totalScore) and progress row cells: a plain word. */
export const PROGRESS_KEY = /^[A-Za-z][A-Za-z0-9]*$/;

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  'x-bind'?: FieldBinding;
}

/** Every `x-bind` of a form, top-level fields and the cells of their tables (containers are walked through). */
export function formBindings(form: { schema: unknown }): BoundField[] {
  const found: BoundField[] = [];
  const walk = (node: SchemaNode, pointer: string) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const at = `${pointer}/properties/${escapePointer(name)}`;
      if (child.type === 'void' || (child.type === 'object' && !child['x-bind'])) {
        walk(child, at);
        continue;
      }
      if (child['x-bind'])
        found.push({
          field: name,
          isArray: child.type === 'array',
          type: child.type,
          binding: child['x-bind'],
          pointer: `${at}/x-bind`,
        });
      if (child.type === 'array' && child.items?.properties) {
        for (const [cell, cellSchema] of Object.entries(child.items.properties)) {
          if (!cellSchema['x-bind']) continue;
          found.push({
            field: name,
            cell,
            isArray: false,
            type: cellSchema.type,
            binding: cellSchema['x-bind'],
            pointer: `${at}/items/properties/${escapePointer(cell)}/x-bind`,
          });
        }
      }
    }
  };
  walk(form.schema as SchemaNode, '/schema');
  return found;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What is wrong with a form's bindings, in words for the admin who edits the form (empty: fine). */
export function bindingProblems(form: { schema: unknown }): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  const bound = formBindings(form);
  const tables = new Map(bound.filter((b) => b.cell === undefined && b.isArray).map((b) => [b.field, b]));
  const listed = (paths: Record<string, string>) => Object.keys(paths).join('、');
  for (const b of bound) {
    const { from, to } = b.binding;
    if (b.cell === undefined) {
      const fromPaths = b.isArray ? BIND_FROM_TABLES : BIND_FROM_FIELDS;
      if (from !== undefined && !(from in fromPaths))
        problems.push({
          pointer: `${b.pointer}/from`,
          message: `「${from}」不是可取数的项目档案字段（${b.isArray ? '表格' : '字段'}可取：${listed(fromPaths)}）`,
        });
      if (to !== undefined) {
        const ok = b.isArray
          ? to in BIND_TO_TABLES
          : to in BIND_TO_FIELDS || (to.startsWith('progress.') && PROGRESS_KEY.test(to.slice(9)));
        if (!ok)
          problems.push({
            pointer: `${b.pointer}/to`,
            message: b.isArray
              ? `「${to}」不是可回写的项目档案表格（可写：${listed(BIND_TO_TABLES)}）`
              : `「${to}」不是可回写的项目档案字段（可写：${listed(BIND_TO_FIELDS)}，或 progress.<英文键名>）`,
          });
      }
      continue;
    }
    const table = tables.get(b.field);
    if (!table) {
      problems.push({
        pointer: b.pointer,
        message: `表格 ${b.field} 本身没有 x-bind，单元格的 x-bind 无从对应`,
      });
      continue;
    }
    if (from !== undefined) {
      if (table.binding.from === undefined)
        problems.push({ pointer: `${b.pointer}/from`, message: `表格 ${b.field} 没有 from，单元格不能取数` });
      else if (!(from in INDICATOR_CELLS))
        problems.push({
          pointer: `${b.pointer}/from`,
          message: `「${from}」不是已批复指标的内容（可取：${listed(INDICATOR_CELLS)}）`,
        });
    }
    if (to !== undefined) {
      const tableTo = table.binding.to;
      const cells =
        tableTo === 'targets.indicators'
          ? INDICATOR_CELLS
          : tableTo === 'targets.changes'
            ? CHANGE_CELLS
            : null;
      if (tableTo === undefined)
        problems.push({ pointer: `${b.pointer}/to`, message: `表格 ${b.field} 没有 to，单元格不能回写` });
      else if (cells ? !(to in cells) : !PROGRESS_KEY.test(to))
        problems.push({
          pointer: `${b.pointer}/to`,
          message: cells ? `「${to}」不是指标的内容（可写：${listed(cells)}）` : `「${to}」应为英文键名`,
        });
    }
  }
  return problems;
}
