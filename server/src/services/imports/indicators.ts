import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import type { Studio } from '../admin';
import type { AuthenticatedUser } from '../auth';
import { cellText, loadWorkbook, type CellProblem } from './workbook';

/**
 * 指标库 (`settings.indicatorLibrary` of the county manifest): 共性指标 and 分行业分领域指标, kept by the
 * county admin. The template is the library as it stands (so maintaining it is: download, edit,
 * import); an import replaces the library in a draft of the county's manifest through the studio,
 * with the studio's checks and access (county admins on their county, the superadmin on all), and the
 * admin publishes it there. The same file twice yields the same draft.
 */

const LEVELS: Record<string, string[]> = {
  产出指标: ['数量指标', '质量指标', '时效指标', '成本指标'],
  效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
  满意度指标: ['服务对象满意度指标'],
};
const OPERATORS = ['≥', '≤', '=', '定性'];
const KINDS = { 共性指标: true, 分行业分领域指标: false } as const;

export const INDICATOR_COLUMNS = [
  { key: 'kind', title: '指标类别', width: 16, note: '共性指标 或 分行业分领域指标' },
  { key: 'industry', title: '行业领域', width: 16, note: '分行业分领域指标填写，如 教育、卫生健康' },
  { key: 'level1', title: '一级指标', width: 12, note: '产出指标、效益指标 或 满意度指标' },
  { key: 'level2', title: '二级指标', width: 18, note: '须属于所填一级指标' },
  { key: 'name', title: '三级指标', width: 28, note: '必填，不超过 100 字' },
  { key: 'operator', title: '指标性质', width: 10, note: '≥、≤、= 或 定性' },
  { key: 'unit', title: '度量单位', width: 10, note: '定性指标不填' },
  { key: 'basis', title: '依据', width: 40, note: '指标出处，如 文件名称和文号' },
] as const;
type Key = (typeof INDICATOR_COLUMNS)[number]['key'];

export interface LibraryItem {
  level1: string;
  level2: string;
  name: string;
  operator: string;
  unit?: string;
  basis?: string;
  common?: boolean;
  industry?: string;
}

type Manifest = Record<string, unknown> & {
  settings?: Record<string, { value?: unknown } & Record<string, unknown>>;
};

export class IndicatorImportService {
  constructor(private readonly studio: Studio) {}

  private async manifest(user: AuthenticatedUser, county: string): Promise<Manifest> {
    // The studio decides who may (county admins, the superadmin) and which manifest is current (draft or deployed).
    const view = await this.studio.drafts.county(user, county);
    return structuredClone(view.manifest) as Manifest;
  }

  async template(user: AuthenticatedUser, county: string): Promise<Buffer> {
    const manifest = await this.manifest(user, county);
    const items = (manifest.settings?.indicatorLibrary?.value ?? []) as LibraryItem[];
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '预算绩效管理平台';
    const ws = workbook.addWorksheet('指标库', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = INDICATOR_COLUMNS.map((c) => ({ header: c.title, key: c.key, width: c.width }));
    ws.getRow(1).font = { bold: true };
    INDICATOR_COLUMNS.forEach((c, i) => (ws.getCell(1, i + 1).note = c.note));
    for (const item of items)
      ws.addRow({
        kind: item.common ? '共性指标' : '分行业分领域指标',
        industry: item.industry ?? '',
        level1: item.level1,
        level2: item.level2,
        name: item.name,
        operator: item.operator,
        unit: item.unit ?? '',
        basis: item.basis ?? '',
      });
    for (let r = 2; r <= Math.max(items.length + 200, 500); r++) {
      ws.getCell(r, 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: ['"共性指标,分行业分领域指标"'],
      };
      ws.getCell(r, 3).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: ['"产出指标,效益指标,满意度指标"'],
      };
      ws.getCell(r, 6).dataValidation = { type: 'list', allowBlank: true, formulae: ['"≥,≤,=,定性"'] };
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async check(body: Buffer): Promise<LibraryItem[]> {
    const workbook = await loadWorkbook(body, 5000);
    const ws = workbook.getWorksheet('指标库') ?? workbook.worksheets[0];
    const at = new Map<Key, number>();
    ws.getRow(1).eachCell((cell, col) => {
      const read = cellText(cell);
      const title = read.ok ? read.text.replace(/\s/g, '') : '';
      const column = INDICATOR_COLUMNS.find((c) => c.title === title);
      if (column && !at.has(column.key)) at.set(column.key, col);
    });
    const missing = INDICATOR_COLUMNS.filter(
      (c) => !at.has(c.key) && !['industry', 'basis', 'unit'].includes(c.key),
    );
    if (missing.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `第 1 行缺少列：${missing.map((c) => c.title).join('、')}。请使用下载的模板`,
      );
    const problems: CellProblem[] = [];
    const items: LibraryItem[] = [];
    const seen = new Map<string, number>();
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const values = {} as Record<Key, string | undefined>;
      let blank = true;
      for (const c of INDICATOR_COLUMNS) {
        const col = at.get(c.key);
        const read = col ? cellText(row.getCell(col)) : ({ ok: true, text: '' } as const);
        if (!read.ok) {
          blank = false;
          problems.push({ row: r, column: c.title, message: `第 ${r} 行「${c.title}」${read.message}` });
          values[c.key] = undefined;
        } else if ('date' in read && read.date) {
          blank = false;
          problems.push({ row: r, column: c.title, message: `第 ${r} 行「${c.title}」是日期，请改为文字` });
        } else {
          values[c.key] = read.text;
          if (read.text) blank = false;
        }
      }
      if (blank) continue;
      const problem = (key: Key, message: string) => {
        const title = INDICATOR_COLUMNS.find((c) => c.key === key)!.title;
        problems.push({ row: r, column: title, message: `第 ${r} 行「${title}」${message}` });
      };
      const { kind, industry, level1, level2, name, operator, unit, basis } = values;
      if (kind !== undefined && !(kind in KINDS))
        problem('kind', kind ? `「${kind}」应为 共性指标 或 分行业分领域指标` : '未填写');
      if (level1 !== undefined && !LEVELS[level1])
        problem('level1', level1 ? `「${level1}」应为 产出指标、效益指标 或 满意度指标` : '未填写');
      else if (level1 && level2 !== undefined && !LEVELS[level1].includes(level2))
        problem('level2', level2 ? `「${level2}」不属于「${level1}」` : '未填写');
      if (name === '') problem('name', '未填写');
      else if (name && name.length > 100) problem('name', '超过 100 字');
      if (operator !== undefined && !OPERATORS.includes(operator))
        problem('operator', operator ? `「${operator}」应为 ≥、≤、= 或 定性` : '未填写');
      if (operator && OPERATORS.includes(operator) && operator !== '定性' && unit === '')
        problem('unit', '未填写（定量指标须填度量单位）');
      if (operator === '定性' && unit) problem('unit', '定性指标不填度量单位');
      if (unit && unit.length > 20) problem('unit', '超过 20 字');
      if (kind === '分行业分领域指标' && industry === '')
        problem('industry', '未填写（分行业分领域指标须填行业领域）');
      const key = [kind, industry, level1, level2, name].join('\u0000');
      const first = seen.get(key);
      if (first) problem('name', `与第 ${first} 行重复`);
      else seen.set(key, r);
      if (kind && kind in KINDS && level1 && level2 && name && operator) {
        const item: LibraryItem = { level1, level2, name, operator };
        if (unit) item.unit = unit;
        if (basis) item.basis = basis;
        if (KINDS[kind as keyof typeof KINDS]) item.common = true;
        else if (industry) item.industry = industry;
        items.push(item);
      }
    }
    if (problems.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `共有 ${problems.length} 处错误，指标库未改动，请修改后重新导入`,
        problems.map((p) => ({ path: `第${p.row}行·${p.column}`, ...p })),
      );
    if (items.length === 0)
      throw new AppError('VALIDATION_FAILED', 400, '文件中没有指标，请在模板第 2 行起填写');
    return items;
  }

  /** Checks the file, then stores the library in a draft of the county's manifest (published in the studio). */
  async importLibrary(user: AuthenticatedUser, county: string, body: Buffer) {
    const manifest = await this.manifest(user, county);
    const items = await this.check(body);
    const settings = (manifest.settings ??= {});
    const current = settings.indicatorLibrary;
    settings.indicatorLibrary = {
      ...(current ?? {
        source: { national: true, ref: '本县区指标库（由县区管理员导入）' },
      }),
      value: items,
    };
    await this.studio.drafts.saveManifest(user, county, manifest);
    return {
      rows: items.length,
      common: items.filter((i) => i.common).length,
      industry: items.filter((i) => !i.common).length,
      draft: true,
    };
  }
}
