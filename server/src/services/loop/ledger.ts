import { Workbook } from 'exceljs';
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError, type ErrorDetail } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { Clock } from '../clock';
import type { ProjectRecord, ProjectService } from '../projects';

/**
 * The budget ledger (预算台账) of a project's year, on the project record as `ledger`: 年初预算, 调整数
 * and 上年结转 from the 预算股, 执行数 by month from the 国库 (typed on the page or imported from the
 * treasury's payment export). Departments report against it; they never type it.
 */
export interface Ledger {
  annualBudget?: number;
  adjustment?: number;
  carryover?: number;
  /** Month (1–12) → 支付金额 (万元) of that month. */
  payments: Record<string, number>;
  /** Content hashes of imported files: the same export imported twice is refused. */
  imports: string[];
  entries: LedgerEntry[];
}

export interface LedgerEntry {
  at: Date;
  by: string;
  source: 'page' | 'import';
  field: 'annualBudget' | 'adjustment' | 'carryover' | 'payment';
  month?: number;
  amount: number;
  importId?: string;
}

export interface LedgerInput {
  annualBudget?: number;
  adjustment?: number;
  carryover?: number;
  /** The month's total payments, replacing what the page recorded for that month before. */
  payments?: { month: number; amount: number }[];
}

/** 执行数 of months 1..month. */
export function executedThrough(ledger: Partial<Ledger> | undefined, month: number): number {
  let sum = 0;
  for (const [m, amount] of Object.entries(ledger?.payments ?? {})) if (Number(m) <= month) sum += amount;
  return Math.round(sum * 100) / 100;
}

export function ledgerView(ledger: Partial<Ledger> | undefined) {
  if (!ledger) return null;
  const annualBudget = ledger.annualBudget ?? null;
  const adjustment = ledger.adjustment ?? 0;
  return {
    annualBudget,
    adjustment,
    adjustedBudget: annualBudget === null ? null : Math.round((annualBudget + adjustment) * 100) / 100,
    carryover: ledger.carryover ?? 0,
    payments: Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [String(i + 1), ledger.payments?.[String(i + 1)] ?? 0]),
    ),
    executed: executedThrough(ledger, 12),
    entries: (ledger.entries ?? []).length,
  };
}

/** Columns of a 国库 payment export, by header text. */
const COLUMNS = {
  code: ['项目编码', '项目代码'],
  name: ['项目名称'],
  month: ['月份', '支付月份'],
  amount: ['支付金额', '支付金额（万元）', '金额'],
};

/** Org unit kinds that provide the ledger's data (预算股, 国库, 投资评审中心 ...). */
const PROVIDER_KINDS = new Set(['finance-section', 'center']);

export class LedgerService {
  constructor(
    private readonly models: Models,
    private readonly access: AccessPolicy,
    private readonly projects: ProjectService,
    private readonly clock: Clock,
  ) {}

  private assertProvider(user: AuthenticatedUser, county: string): void {
    this.access.assertCanWrite(user);
    if (this.access.isCountyAdmin(user, county)) return;
    const unit = this.access.orgUnitOf(user);
    if (user.county !== county || !unit || !PROVIDER_KINDS.has(unit.kind))
      throw new AppError('FORBIDDEN', 403, '预算台账由财政部门（预算股、国库等）登记，预算部门不能修改');
  }

  async get(user: AuthenticatedUser, projectId: string) {
    const project = await this.projects.get(user, projectId);
    return ledgerView(project.ledger as Ledger | undefined);
  }

  async record(user: AuthenticatedUser, projectId: string, input: LedgerInput) {
    const project = await this.projects.get(user, projectId);
    this.assertProvider(user, project.county);
    const at = this.clock.now();
    const set: Record<string, unknown> = {};
    const entries: LedgerEntry[] = [];
    for (const field of ['annualBudget', 'adjustment', 'carryover'] as const) {
      const amount = input[field];
      if (amount === undefined) continue;
      set[`ledger.${field}`] = amount;
      entries.push({ at, by: user.username, source: 'page', field, amount });
    }
    for (const { month, amount } of input.payments ?? []) {
      set[`ledger.payments.${month}`] = amount;
      entries.push({ at, by: user.username, source: 'page', field: 'payment', month, amount });
    }
    await this.models.Project.updateOne(
      { _id: project._id },
      { $set: set, $push: { 'ledger.entries': { $each: entries } } },
    );
    return this.get(user, projectId);
  }

  /**
   * Imports a 国库 payment export (.xlsx: 项目编码 or 项目名称, 月份, 支付金额) for the county's projects of
   * a year. Every row is checked first; one bad row refuses the whole file with every row's reason, so a
   * file is never half imported. The same file twice is refused.
   */
  async importPayments(user: AuthenticatedUser, county: string, year: number, file: Buffer) {
    this.assertProvider(user, county);
    const importId = createHash('sha256').update(file).digest('hex');
    const rows = await readRows(file);
    const projects = await this.models.Project.find({ county, year }, { name: 1, ledger: 1 }).lean<
      ProjectRecord[]
    >();
    const byId = new Map(projects.map((p) => [p._id.toHexString(), p]));
    const byName = new Map<string, ProjectRecord[]>();
    for (const p of projects) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    const errors: ErrorDetail[] = [];
    const sums = new Map<string, Map<number, number>>();
    for (const row of rows) {
      const where = `第 ${row.line} 行`;
      let project: ProjectRecord | undefined;
      if (row.code) {
        project = Types.ObjectId.isValid(row.code) ? byId.get(row.code.toLowerCase()) : undefined;
        if (!project) {
          errors.push({
            path: `rows.${row.line}.项目编码`,
            message: `${where}：项目编码「${row.code}」不是本县区 ${year} 年度的项目`,
          });
          continue;
        }
      } else if (row.name) {
        const found = byName.get(row.name) ?? [];
        if (found.length !== 1) {
          errors.push({
            path: `rows.${row.line}.项目名称`,
            message:
              found.length === 0
                ? `${where}：本县区 ${year} 年度没有名为「${row.name}」的项目`
                : `${where}：「${row.name}」有 ${found.length} 个同名项目，请填写项目编码`,
          });
          continue;
        }
        project = found[0];
      } else {
        errors.push({ path: `rows.${row.line}.项目编码`, message: `${where}：缺少项目编码或项目名称` });
        continue;
      }
      if (!Number.isInteger(row.month) || row.month < 1 || row.month > 12) {
        errors.push({ path: `rows.${row.line}.月份`, message: `${where}：月份应为 1 至 12 的整数` });
        continue;
      }
      if (!Number.isFinite(row.amount)) {
        errors.push({ path: `rows.${row.line}.支付金额`, message: `${where}：支付金额应为数字（万元）` });
        continue;
      }
      if ((project.ledger as Ledger | undefined)?.imports?.includes(importId)) {
        throw new AppError('CONFLICT', 409, '该文件已导入过，不能重复导入');
      }
      const key = project._id.toHexString();
      const months = sums.get(key) ?? new Map<number, number>();
      months.set(row.month, (months.get(row.month) ?? 0) + row.amount);
      sums.set(key, months);
    }
    if (rows.length === 0) errors.push({ path: 'rows', message: '文件中没有数据行' });
    if (errors.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `导入文件有 ${errors.length} 处错误，未导入任何数据`,
        errors,
      );
    const at = this.clock.now();
    // Per project one guarded write: a retry of a half-finished import adds nothing twice.
    for (const [projectId, months] of sums) {
      const inc: Record<string, number> = {};
      const entries: LedgerEntry[] = [];
      for (const [month, amount] of months) {
        inc[`ledger.payments.${month}`] = Math.round(amount * 100) / 100;
        entries.push({ at, by: user.username, source: 'import', field: 'payment', month, amount, importId });
      }
      await this.models.Project.updateOne(
        { _id: new Types.ObjectId(projectId), 'ledger.imports': { $ne: importId } },
        { $inc: inc, $push: { 'ledger.imports': importId, 'ledger.entries': { $each: entries } } },
      );
    }
    return { importId, rows: rows.length, projects: sums.size };
  }
}

interface PaymentRow {
  line: number;
  code: string;
  name: string;
  month: number;
  amount: number;
}

async function readRows(file: Buffer): Promise<PaymentRow[]> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(file as never);
  } catch {
    throw new AppError('VALIDATION_FAILED', 400, '文件不是有效的 .xlsx 表格', [
      { path: 'file', message: '请上传国库支付数据导出的 .xlsx 文件' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet)
    throw new AppError('VALIDATION_FAILED', 400, '表格中没有工作表', [{ path: 'file', message: '表格为空' }]);
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(String(cell.text).trim(), col));
  const column = (names: string[]) => names.map((n) => header.get(n)).find((c) => c !== undefined);
  const cols = {
    code: column(COLUMNS.code),
    name: column(COLUMNS.name),
    month: column(COLUMNS.month),
    amount: column(COLUMNS.amount),
  };
  const missing = [
    ...(cols.code === undefined && cols.name === undefined ? ['项目编码或项目名称'] : []),
    ...(cols.month === undefined ? ['月份'] : []),
    ...(cols.amount === undefined ? ['支付金额'] : []),
  ];
  if (missing.length > 0)
    throw new AppError('VALIDATION_FAILED', 400, `表头缺少：${missing.join('、')}`, [
      {
        path: 'file',
        message: `第 1 行应为表头：项目编码（或项目名称）、月份、支付金额；缺少 ${missing.join('、')}`,
      },
    ]);
  const rows: PaymentRow[] = [];
  const text = (row: import('exceljs').Row, col: number | undefined) =>
    col === undefined ? '' : String(row.getCell(col).text ?? '').trim();
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const values = [
      text(row, cols.code),
      text(row, cols.name),
      text(row, cols.month),
      text(row, cols.amount),
    ];
    if (values.every((v) => v === '')) return;
    rows.push({
      line,
      code: values[0],
      name: values[1],
      month: Number(values[2].replace(/月$/, '')),
      amount: values[3] === '' ? NaN : Number(values[3].replace(/,/g, '')),
    });
  });
  return rows;
}
