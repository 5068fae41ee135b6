import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import type { Models } from '../../models';
import type { AccessPolicy } from '../access';
import type { AuthenticatedUser } from '../auth';
import type { Clock } from '../clock';
import type { CountyDirectory } from '../county-directory';
import { cellText, loadWorkbook, MAX_IMPORT_ROWS, type CellProblem } from './workbook';

/** The 项目库 template's columns, in order; the header row is matched by these titles. */
export const PROJECT_COLUMNS = [
  { key: 'name', title: '项目名称', width: 36, note: '必填，不超过 200 字' },
  { key: 'department', title: '主管部门', width: 20, note: '必填，填写本县区预算部门名称（见“部门名称”表）' },
  { key: 'implementingUnit', title: '实施单位', width: 20, note: '必填，不超过 100 字' },
  { key: 'category', title: '项目类别', width: 12, note: '必填：新增、延续或调整' },
  { key: 'amount', title: '资金总额', width: 14, note: '必填，单位万元，只填数字' },
  { key: 'year', title: '预算年度', width: 10, note: '必填，四位年份，如 2026' },
  { key: 'major', title: '重大项目', width: 10, note: '是 或 否，不填为否' },
] as const;

type ColumnKey = (typeof PROJECT_COLUMNS)[number]['key'];

const CATEGORY: Record<string, 'new' | 'continuing' | 'adjusted'> = {
  新增: 'new',
  新增项目: 'new',
  延续: 'continuing',
  延续项目: 'continuing',
  调整: 'adjusted',
  调整项目: 'adjusted',
};
const YES = new Set(['是', 'Y', 'y', '√', '重大']);
const NO = new Set(['', '否', 'N', 'n', '×']);

export interface ProjectRow {
  row: number;
  name: string;
  department: string;
  implementingUnit: string;
  category: 'new' | 'continuing' | 'adjusted';
  amount: number;
  year: number;
  major: boolean;
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

/** Import time is bounded: a sheet that takes longer than this to check is refused. */
const CHECK_DEADLINE_MS = 30_000;

/**
 * 项目库 import. Every row is checked before anything is written; any error refuses the whole file
 * with the list by row and column. A project is keyed by (county, year, 项目名称, 主管部门), so
 * importing the same file again updates nothing and creates no duplicate.
 */
export class ProjectImportService {
  constructor(
    private readonly models: Models,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  /** Only whoever sees the whole county and may write (finance sections, admins) imports its list. */
  assertCanImport(user: AuthenticatedUser, county: string): void {
    this.access.assertCanWrite(user);
    const scope = this.access.projectScope(user);
    if (!this.counties.get(county) || (scope.kind !== 'all' && scope.county !== county))
      throw new AppError('NOT_FOUND', 404, '县区不存在');
    if (scope.kind !== 'all' && scope.kind !== 'county')
      throw new AppError('FORBIDDEN', 403, '项目库由财政部门统一导入，预算部门请在“项目”中申报');
  }

  private departments(county: string) {
    return (this.counties.get(county)?.orgUnits ?? []).filter((u) => u.kind === 'department');
  }

  async template(user: AuthenticatedUser, county: string): Promise<Buffer> {
    this.assertCanImport(user, county);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '预算绩效管理平台';
    const ws = workbook.addWorksheet('项目库', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = PROJECT_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.width }));
    ws.getRow(1).font = { bold: true };
    PROJECT_COLUMNS.forEach((c, i) => {
      ws.getCell(1, i + 1).note = c.note;
    });
    const departments = this.departments(county);
    const names = workbook.addWorksheet('部门名称');
    names.columns = [
      { header: '主管部门', width: 24 },
      { header: '代码', width: 12 },
    ];
    departments.forEach((d) => names.addRow([d.name, d.code]));
    const listRange = `部门名称!$A$2:$A$${Math.max(2, departments.length + 1)}`;
    for (let r = 2; r <= 501; r++) {
      ws.getCell(r, 2).dataValidation = { type: 'list', allowBlank: true, formulae: [listRange] };
      ws.getCell(r, 4).dataValidation = { type: 'list', allowBlank: true, formulae: ['"新增,延续,调整"'] };
      ws.getCell(r, 5).numFmt = '#,##0.00';
      ws.getCell(r, 7).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
    }
    const help = workbook.addWorksheet('填表说明');
    help.columns = [
      { header: '列', width: 14 },
      { header: '填写要求', width: 60 },
    ];
    PROJECT_COLUMNS.forEach((c) => help.addRow([c.title, c.note]));
    help.addRow([
      '',
      `每次最多导入 ${MAX_IMPORT_ROWS} 行；同一年度同一部门的同名项目再次导入时更新，不会重复创建。`,
    ]);
    help.addRow(['', '请勿使用公式、合并单元格；资金总额不要带“万元”。']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** Checks every row; returns the rows or throws the full list of problems. */
  async check(county: string, body: Buffer): Promise<ProjectRow[]> {
    const started = Date.now();
    const workbook = await loadWorkbook(body);
    const ws = workbook.getWorksheet('项目库') ?? workbook.worksheets[0];
    const problems: CellProblem[] = [];
    // Columns found by their header titles, so a reordered sheet still reads right.
    const at = new Map<ColumnKey, number>();
    ws.getRow(1).eachCell((cell, col) => {
      const title = String(cellText(cell).ok ? (cellText(cell) as { text: string }).text : '').replace(
        /[（(].*[）)]|\s/g,
        '',
      );
      const column = PROJECT_COLUMNS.find((c) => c.title === title);
      if (column && !at.has(column.key)) at.set(column.key, col);
    });
    const missing = PROJECT_COLUMNS.filter((c) => !at.has(c.key) && c.key !== 'major');
    if (missing.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `第 1 行缺少列：${missing.map((c) => c.title).join('、')}。请使用下载的模板`,
        missing.map((c) => ({ path: `第1行·${c.title}`, message: '缺少该列', row: 1, column: c.title })),
      );
    const byName = new Map<string, string>();
    for (const d of this.departments(county)) {
      byName.set(d.name, d.code);
      byName.set(d.code, d.code);
    }
    const seen = new Map<string, number>();
    const rows: ProjectRow[] = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      if (Date.now() - started > CHECK_DEADLINE_MS)
        throw new AppError('VALIDATION_FAILED', 400, '文件检查超时，请减少行数分批导入');
      const row = ws.getRow(r);
      const read = (key: ColumnKey) => {
        const col = at.get(key);
        return col ? cellText(row.getCell(col)) : ({ ok: true, text: '' } as const);
      };
      const cells = Object.fromEntries(PROJECT_COLUMNS.map((c) => [c.key, read(c.key)])) as Record<
        ColumnKey,
        ReturnType<typeof read>
      >;
      const blank = Object.values(cells).every((c) => c.ok && c.text === '' && !('date' in c && c.date));
      if (blank) continue;
      const problem = (key: ColumnKey, message: string) => {
        const title = PROJECT_COLUMNS.find((c) => c.key === key)!.title;
        problems.push({ row: r, column: title, message: `第 ${r} 行「${title}」${message}` });
      };
      const text = (key: ColumnKey): string | undefined => {
        const c = cells[key];
        if (!c.ok) return (problem(key, c.message), undefined);
        if ('date' in c && c.date) return (problem(key, '是日期，请改为文字'), undefined);
        return c.text;
      };
      const name = text('name');
      if (name === '') problem('name', '未填写');
      else if (name && name.length > 200) problem('name', '超过 200 字');
      const deptText = text('department');
      const department = deptText ? byName.get(deptText) : undefined;
      if (deptText === '') problem('department', '未填写');
      else if (deptText && !department)
        problem('department', `「${deptText}」不是本县区的预算部门，请从“部门名称”表中选择`);
      const implementingUnit = text('implementingUnit');
      if (implementingUnit === '') problem('implementingUnit', '未填写');
      else if (implementingUnit && implementingUnit.length > 100) problem('implementingUnit', '超过 100 字');
      const categoryText = text('category');
      const category = categoryText ? CATEGORY[categoryText] : undefined;
      if (categoryText === '') problem('category', '未填写');
      else if (categoryText && !category) problem('category', `「${categoryText}」应为 新增、延续 或 调整`);
      const amount = this.amount(cells.amount, (m) => problem('amount', m));
      const year = this.year(cells.year, (m) => problem('year', m));
      const majorText = text('major');
      let major = false;
      if (majorText !== undefined) {
        if (YES.has(majorText)) major = true;
        else if (!NO.has(majorText)) problem('major', `「${majorText}」应为 是 或 否`);
      }
      if (name && department && year !== undefined) {
        const key = `${year}\u0000${department}\u0000${name}`;
        const first = seen.get(key);
        if (first) problem('name', `与第 ${first} 行重复（同一年度、同一主管部门的同名项目）`);
        else seen.set(key, r);
      }
      if (name && department && implementingUnit && category && amount !== undefined && year !== undefined)
        rows.push({ row: r, name, department, implementingUnit, category, amount, year, major });
    }
    if (problems.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `共有 ${problems.length} 处错误，未导入任何项目，请修改后重新导入`,
        problems.map((p) => ({ path: `第${p.row}行·${p.column}`, ...p })),
      );
    if (rows.length === 0)
      throw new AppError('VALIDATION_FAILED', 400, '文件中没有项目，请在模板第 2 行起填写');
    return rows;
  }

  private amount(c: ReturnType<typeof cellText>, problem: (m: string) => void): number | undefined {
    if (!c.ok) return (problem(c.message), undefined);
    if ('date' in c && c.date) return (problem('是日期，请填写金额（万元）'), undefined);
    let n = c.number;
    if (n === undefined) {
      if (c.text === '') return (problem('未填写'), undefined);
      if (/万元|万|元/.test(c.text))
        return (problem(`「${c.text}」带有单位，请只填数字（单位已是万元）`), undefined);
      const cleaned = c.text.replace(/[,，\s]/g, '');
      if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return (problem(`「${c.text}」不是金额，请只填数字`), undefined);
      n = Number(cleaned);
    }
    if (n < 0) return (problem('不能为负数'), undefined);
    if (n > 100_000_000) return (problem('超出范围'), undefined);
    return Math.round(n * 1_000_000) / 1_000_000;
  }

  private year(c: ReturnType<typeof cellText>, problem: (m: string) => void): number | undefined {
    if (!c.ok) return (problem(c.message), undefined);
    if ('date' in c && c.date) return (problem('是日期，请填写四位年份，如 2026'), undefined);
    const text = c.number !== undefined ? String(c.number) : c.text;
    if (text === '') return (problem('未填写'), undefined);
    const m = /^(\d{4})年?(度)?$/.exec(text);
    if (!m) return (problem(`「${text}」不是年份，请填写四位年份，如 2026`), undefined);
    const year = Number(m[1]);
    if (year < 2000 || year > 2100) return (problem(`「${text}」超出范围`), undefined);
    return year;
  }

  async importProjects(
    user: AuthenticatedUser,
    county: string,
    body: Buffer,
    dryRun = false,
  ): Promise<ImportReport> {
    this.assertCanImport(user, county);
    const rows = await this.check(county, body);
    const existing = new Map<
      string,
      { amount: number; category: string; major?: boolean; implementingUnit?: string }
    >();
    const years = [...new Set(rows.map((r) => r.year))];
    for (const p of await this.models.Project.find(
      { county, year: { $in: years } },
      { year: 1, name: 1, department: 1, amount: 1, category: 1, major: 1, implementingUnit: 1 },
    ).lean()) {
      existing.set(`${p.year}\u0000${p.department}\u0000${p.name}`, p as never);
    }
    const report: ImportReport = { rows: rows.length, created: 0, updated: 0, unchanged: 0, dryRun };
    const ops: Parameters<Models['Project']['bulkWrite']>[0] = [];
    const now = this.clock.now();
    for (const row of rows) {
      const key = `${row.year}\u0000${row.department}\u0000${row.name}`;
      const old = existing.get(key);
      const set = {
        amount: row.amount,
        category: row.category,
        major: row.major,
        implementingUnit: row.implementingUnit,
      };
      if (!old) report.created++;
      else if (
        old.amount === set.amount &&
        old.category === set.category &&
        Boolean(old.major) === set.major &&
        (old.implementingUnit ?? '') === set.implementingUnit
      ) {
        report.unchanged++;
        continue;
      } else report.updated++;
      ops.push({
        updateOne: {
          filter: { county, year: row.year, name: row.name, department: row.department },
          update: {
            $set: { ...set, updatedAt: now },
            $setOnInsert: {
              county,
              year: row.year,
              name: row.name,
              department: row.department,
              kind: 'project',
              demo: false,
              createdBy: user.username,
              stages: {},
              createdAt: now,
            },
          },
          upsert: true,
        },
      });
    }
    if (!dryRun) {
      for (let i = 0; i < ops.length; i += 500) {
        await this.models.Project.bulkWrite(ops.slice(i, i + 500), { ordered: false, timestamps: false });
      }
    }
    return report;
  }
}
