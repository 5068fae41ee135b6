import type { CountyManifest } from '@pm/config';
import ExcelJS from 'exceljs';
import { AppError } from '../errors';

/** The columns of the bulk-creation spreadsheet, in the order of the template. */
export const SHEET_COLUMNS = ['姓名', '账号', '所属单位', '角色'] as const;

export interface SheetRow {
  row: number;
  displayName: string;
  username: string;
  orgUnit: string;
  role: string;
}

/** The template a county admin fills in: the columns, one example row, and the county's units to choose from. */
export async function accountTemplate(county: CountyManifest): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('账号');
  sheet.columns = SHEET_COLUMNS.map((header) => ({ header, width: header === '所属单位' ? 30 : 18 }));
  sheet.getRow(1).font = { bold: true };
  const department = county.orgUnits.find((u) => u.kind === 'department') ?? county.orgUnits[0];
  sheet.addRow(['张三', `${county.id}.zhangsan`, department?.name ?? '', '普通用户']);
  const units = book.addWorksheet('可选单位');
  units.columns = [
    { header: '单位名称', width: 32 },
    { header: '单位代码', width: 18 },
  ];
  units.getRow(1).font = { bold: true };
  for (const unit of county.orgUnits) units.addRow([unit.name, unit.code]);
  const roles = book.addWorksheet('说明');
  roles.columns = [{ header: '填写说明', width: 90 }];
  for (const line of [
    '每行一个账号；“所属单位”填写“可选单位”中的单位名称或代码。',
    '“角色”填写“普通用户”（业务角色由所属单位决定）或“系统管理员”（本县区）；安全管理员、安全审计员请逐个创建。',
    '任何一行有误时不导入任何账号；导入后每个账号得到一次性密码，首次登录须修改。',
  ])
    roles.addRow([line]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Reads the first sheet: a header row naming the four columns (in any order), then one account per row. */
export async function readAccountSheet(content: Buffer): Promise<SheetRow[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION_FAILED', 400, '无法读取该文件，请使用下载的 .xlsx 模板', [
      { path: 'file', message: '无法读取该文件，请使用下载的 .xlsx 模板' },
    ]);
  }
  const sheet = book.worksheets[0];
  if (!sheet)
    throw new AppError('VALIDATION_FAILED', 400, '表格是空的', [{ path: 'file', message: '表格是空的' }]);
  const header = sheet.getRow(1);
  const index = new Map<string, number>();
  header.eachCell((cell, col) => index.set(cell.text.trim(), col));
  const missing = SHEET_COLUMNS.filter((name) => !index.has(name));
  if (missing.length > 0) {
    const message = `第 1 行缺少列：${missing.join('、')}（应为 ${SHEET_COLUMNS.join('、')}）`;
    throw new AppError('VALIDATION_FAILED', 400, message, [{ path: '第 1 行', message }]);
  }
  const text = (row: ExcelJS.Row, name: string) => row.getCell(index.get(name)!).text.trim();
  const rows: SheetRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = SHEET_COLUMNS.map((name) => text(row, name));
    if (values.every((v) => v === '')) return;
    rows.push({
      row: number,
      displayName: values[0],
      username: values[1],
      orgUnit: values[2],
      role: values[3],
    });
  });
  return rows;
}
