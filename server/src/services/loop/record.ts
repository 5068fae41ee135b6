import {
  CHANGE_CELLS,
  INDICATOR_CELLS,
  formBindings,
  type BoundField,
  type FormDefinition,
} from '@pm/config';
import type { ErrorDetail } from '../../errors';
import { executedThrough, type Ledger } from './ledger';

/**
 * The project record's part of the 全过程 loop (the shape is documented in docs/ARCHITECTURE.md, "The
 * project record"): the approved target versions (批复版本) and what each later stage reported against
 * them. Pure functions over plain data; the services read and write the documents.
 */

export interface ApprovedIndicator {
  /** Stable across versions (I1, I2, ...): an adjusted indicator keeps its key, a new one gets the next. */
  key: string;
  level1?: string;
  level2?: string;
  name: string;
  operator?: string;
  /** As approved: a number for ≥ ≤ =, the wording for 定性. */
  target?: string | number;
  unit?: string;
}

export interface TargetChange {
  change: string;
  key: string;
  name: string;
  from?: string | number;
  to?: string | number;
  reason?: string;
}

export interface TargetVersion {
  version: number;
  kind: 'declared' | 'adjusted';
  stageId: string;
  instanceId: string;
  approvedAt: Date;
  overallGoal?: string;
  totalFunds?: number;
  indicators: ApprovedIndicator[];
  changes?: TargetChange[];
}

export interface ProjectTargets {
  /** The version in force (批复版本); 0 never occurs: no approval, no `targets`. */
  current: number;
  versions: TargetVersion[];
}

export interface StageProgress {
  instanceId: string;
  round: string;
  reportedAt: Date;
  /** The approved version the report was measured against. */
  targetVersion: number | null;
  values: Record<string, unknown>;
  indicators: ({ key: string | null; name: string } & Record<string, unknown>)[];
}

/** What the loop reads of a project. */
export interface LoopProject {
  name: string;
  targets?: ProjectTargets | null;
  ledger?: Partial<Ledger> | null;
}

export function currentVersion(targets: ProjectTargets | null | undefined): TargetVersion | undefined {
  return targets?.versions.find((v) => v.version === targets.current);
}

type Values = Record<string, unknown>;

function isRow(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asCell(value: unknown, type: string | undefined): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (type === 'number' || type === 'integer') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return typeof value === 'string' ? value : String(value);
}

/** `month`: the period a report covers (its periodMonth); the ledger's 执行数 is summed through it. */
function topValue(
  path: string,
  project: LoopProject,
  version: TargetVersion | undefined,
  month = 12,
): unknown {
  if (path === 'project.name') return project.name;
  if (path.startsWith('ledger.')) {
    const ledger = project.ledger;
    if (!ledger) return undefined;
    if (path === 'ledger.executed') return executedThrough(ledger, month);
    return ledger[path.slice('ledger.'.length) as 'annualBudget' | 'adjustment' | 'carryover'];
  }
  if (!version) return undefined;
  if (path === 'targets.overallGoal') return version.overallGoal;
  if (path === 'targets.totalFunds') return version.totalFunds;
  return undefined;
}

interface FormPlan {
  fields: BoundField[];
  tables: Map<string, { table: BoundField; cells: BoundField[] }>;
}

function plan(form: Pick<FormDefinition, 'schema'>): FormPlan {
  const bound = formBindings(form);
  const tables = new Map<string, { table: BoundField; cells: BoundField[] }>();
  for (const b of bound) if (b.cell === undefined && b.isArray) tables.set(b.field, { table: b, cells: [] });
  for (const b of bound) if (b.cell !== undefined) tables.get(b.field)?.cells.push(b);
  return { fields: bound.filter((b) => b.cell === undefined && !b.isArray), tables };
}

function rowFrom(indicator: ApprovedIndicator, cells: BoundField[]): Values {
  const row: Values = {};
  for (const cell of cells) {
    const source = cell.binding.from as keyof ApprovedIndicator | undefined;
    if (!source) continue;
    const value = asCell(indicator[source], cell.type);
    if (value !== undefined) row[cell.cell!] = value;
  }
  return row;
}

/** The values a stage's form opens with: what its `from` bindings read on the project record. */
export function prefill(form: Pick<FormDefinition, 'schema'>, project: LoopProject): Values {
  const { fields, tables } = plan(form);
  const version = currentVersion(project.targets);
  const data: Values = {};
  for (const field of fields) {
    if (!field.binding.from) continue;
    const value = asCell(topValue(field.binding.from, project, version), field.type);
    if (value !== undefined) data[field.field] = value;
  }
  for (const { table, cells } of tables.values()) {
    if (table.binding.from !== 'targets.indicators' || !version) continue;
    data[table.field] = version.indicators.map((indicator) => rowFrom(indicator, cells));
  }
  return data;
}

/** The cell of a table bound to an indicator's name (rows are matched by 三级指标). */
function nameCell(cells: BoundField[], direction: 'from' | 'to'): string | undefined {
  return cells.find((c) => c.binding[direction] === 'name')?.cell;
}

/**
 * A submission with what the record decides put back: `from` fields get the approved values (the page
 * shows them read-only; a client cannot change them), a bound table gets one row per approved indicator
 * (matched by name, in the approved order), and an adjustment may only change indicators that exist.
 */
export function enforce(
  form: Pick<FormDefinition, 'schema'>,
  project: LoopProject,
  submitted: Values,
): { data: Values; errors: ErrorDetail[] } {
  const { fields, tables } = plan(form);
  const version = currentVersion(project.targets);
  const data: Values = { ...submitted };
  const errors: ErrorDetail[] = [];
  const month = typeof submitted.periodMonth === 'number' ? submitted.periodMonth : undefined;
  for (const field of fields) {
    if (!field.binding.from) continue;
    const value = asCell(topValue(field.binding.from, project, version, month), field.type);
    if (value !== undefined) data[field.field] = value;
  }
  if (!version) return { data, errors };
  for (const { table, cells } of tables.values()) {
    const rows = Array.isArray(submitted[table.field]) ? (submitted[table.field] as unknown[]) : [];
    if (table.binding.from === 'targets.indicators') {
      const byName = nameCell(cells, 'from');
      const given = rows.filter(isRow);
      given.forEach((row, index) => {
        if (byName && row[byName] && !version.indicators.some((i) => i.name === row[byName]))
          errors.push({
            path: `${table.field}.${index}.${byName}`,
            message: `「${String(row[byName])}」不是已批复的绩效指标（第 ${version.version} 版批复）`,
          });
      });
      data[table.field] = version.indicators.map((indicator, index) => {
        const mine =
          (byName ? given.find((row) => row[byName] === indicator.name) : undefined) ??
          (byName ? undefined : given[index]);
        return { ...(mine ?? {}), ...rowFrom(indicator, cells) };
      });
    } else if (table.binding.to === 'targets.changes') {
      const byName = nameCell(cells, 'to');
      const change = cells.find((c) => c.binding.to === 'change')?.cell;
      rows.filter(isRow).forEach((row, index) => {
        if (!byName || !change || row[change] === '新增指标' || !row[byName]) return;
        if (!version.indicators.some((i) => i.name === row[byName]))
          errors.push({
            path: `${table.field}.${index}.${byName}`,
            message: `「${String(row[byName])}」不在已批复的绩效指标中，只能调整或删除已批复的指标`,
          });
      });
    }
  }
  return { data, errors };
}

/** What a submission of a form with `to: progress.*` bindings records on the project, as `progress.<stage>`. */
export function progressFrom(
  form: Pick<FormDefinition, 'schema'>,
  project: LoopProject,
  values: Values,
  meta: { instanceId: string; round: string; at: Date },
): StageProgress | undefined {
  const { fields, tables } = plan(form);
  const version = currentVersion(project.targets);
  const out: StageProgress = {
    instanceId: meta.instanceId,
    round: meta.round,
    reportedAt: meta.at,
    targetVersion: version?.version ?? null,
    values: {},
    indicators: [],
  };
  let any = false;
  for (const field of fields) {
    if (!field.binding.to?.startsWith('progress.')) continue;
    any = true;
    out.values[field.binding.to.slice('progress.'.length)] = values[field.field] ?? null;
  }
  for (const { table, cells } of tables.values()) {
    if (table.binding.to !== 'progress.indicators') continue;
    any = true;
    const byName = nameCell(cells, 'from');
    const rows = Array.isArray(values[table.field]) ? (values[table.field] as unknown[]).filter(isRow) : [];
    out.indicators = rows.map((row) => {
      const name = byName ? String(row[byName] ?? '') : '';
      const entry: StageProgress['indicators'][number] = {
        key: version?.indicators.find((i) => i.name === name)?.key ?? null,
        name,
      };
      for (const cell of cells) if (cell.binding.to) entry[cell.binding.to] = row[cell.cell!] ?? null;
      return entry;
    });
  }
  return any ? out : undefined;
}

function cellsTo(row: Values, cells: BoundField[], vocabulary: Record<string, string>): Values {
  const out: Values = {};
  for (const cell of cells) {
    const to = cell.binding.to;
    if (to && to in vocabulary && row[cell.cell!] !== undefined && row[cell.cell!] !== null)
      out[to] = row[cell.cell!];
  }
  return out;
}

function indicatorOf(values: Values, key: string): ApprovedIndicator {
  return {
    key,
    name: String(values.name ?? ''),
    ...(values.level1 !== undefined ? { level1: String(values.level1) } : {}),
    ...(values.level2 !== undefined ? { level2: String(values.level2) } : {}),
    ...(values.operator !== undefined ? { operator: String(values.operator) } : {}),
    ...(values.target !== undefined ? { target: values.target as string | number } : {}),
    ...(values.unit !== undefined ? { unit: String(values.unit) } : {}),
  };
}

/**
 * The version an approval creates from the stage's submitted forms: a declaration (`to:
 * targets.indicators`) replaces the indicators, an adjustment (`to: targets.changes`) changes the version
 * in force. Undefined when the forms bind nothing to the targets (e.g. a 部门整体 declaration for now).
 */
export function approvedVersion(
  forms: { form: Pick<FormDefinition, 'schema'>; values: Values }[],
  targets: ProjectTargets | null | undefined,
  meta: { stageId: string; instanceId: string; at: Date },
): TargetVersion | undefined {
  const previous = currentVersion(targets);
  const next: TargetVersion = {
    version: Math.max(0, ...(targets?.versions ?? []).map((v) => v.version)) + 1,
    kind: 'declared',
    stageId: meta.stageId,
    instanceId: meta.instanceId,
    approvedAt: meta.at,
    ...(previous?.overallGoal !== undefined ? { overallGoal: previous.overallGoal } : {}),
    ...(previous?.totalFunds !== undefined ? { totalFunds: previous.totalFunds } : {}),
    indicators: previous?.indicators.map((i) => ({ ...i })) ?? [],
  };
  let bound = false;
  for (const { form, values } of forms) {
    const { fields, tables } = plan(form);
    for (const field of fields) {
      const value = values[field.field];
      if (value === undefined || value === null || value === '') continue;
      if (field.binding.to === 'targets.overallGoal') next.overallGoal = String(value);
      else if (field.binding.to === 'targets.totalFunds' && typeof value === 'number')
        next.totalFunds = value;
      else continue;
      bound = true;
    }
    for (const { table, cells } of tables.values()) {
      const rows = Array.isArray(values[table.field]) ? (values[table.field] as unknown[]).filter(isRow) : [];
      if (table.binding.to === 'targets.indicators') {
        bound = true;
        next.kind = 'declared';
        next.indicators = rows.map((row, index) =>
          indicatorOf(cellsTo(row, cells, INDICATOR_CELLS), `I${index + 1}`),
        );
      } else if (table.binding.to === 'targets.changes') {
        bound = true;
        next.kind = 'adjusted';
        next.changes = [];
        let last = Math.max(0, ...next.indicators.map((i) => Number(i.key.slice(1)) || 0));
        for (const row of rows) {
          const change = cellsTo(row, cells, CHANGE_CELLS);
          const name = String(change.name ?? '');
          const existing = next.indicators.find((i) => i.name === name);
          const reason = change.reason === undefined ? {} : { reason: String(change.reason) };
          if (change.change === '新增指标') {
            const indicator = indicatorOf(change, `I${++last}`);
            next.indicators.push(indicator);
            next.changes.push({
              change: '新增指标',
              key: indicator.key,
              name,
              to: indicator.target,
              ...reason,
            });
          } else if (existing && change.change === '删除指标') {
            next.indicators = next.indicators.filter((i) => i !== existing);
            next.changes.push({
              change: '删除指标',
              key: existing.key,
              name,
              from: existing.target,
              ...reason,
            });
          } else if (existing) {
            const from = existing.target;
            const target = change.target;
            if (target !== undefined) existing.target = String(target);
            for (const key of ['level1', 'level2', 'operator', 'unit'] as const)
              if (change[key] !== undefined) existing[key] = String(change[key]);
            next.changes.push({
              change: String(change.change),
              key: existing.key,
              name,
              from,
              to: existing.target,
              ...reason,
            });
          }
        }
      }
    }
  }
  return bound ? next : undefined;
}
