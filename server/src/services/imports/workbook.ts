import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors';

/**
 * Reading a clerk's workbook safely: the file is recognised from its first bytes (not its name), a
 * protected or old-format file is named as such, rows are counted with the streaming reader before
 * anything is loaded whole (so a 50,000-row sheet is refused in bounded memory and time), and every
 * cell is read as what it shows, with formulas, merged cells and dates reported, never guessed.
 */

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;

export interface CellProblem {
  row: number;
  column: string;
  message: string;
}

export type CellText =
  { ok: true; text: string; number?: number; date?: Date } | { ok: false; message: string };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function fail(message: string): never {
  throw new AppError('VALIDATION_FAILED', 400, message, [{ path: '文件', message }]);
}

/** Refuses what is not an .xlsx with the reason a clerk can act on. */
export function assertXlsx(body: Buffer): void {
  if (body.length === 0) fail('上传的文件是空的，请选择填好的 .xlsx 文件');
  if (body.length > MAX_IMPORT_BYTES) fail(`文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请分批导入`);
  if (body.subarray(0, 8).equals(CFB)) {
    // Encrypted OOXML is a compound file holding an "EncryptionInfo" stream (names are UTF-16).
    if (body.includes(Buffer.from('EncryptionInfo', 'utf16le')))
      fail('文件设置了打开密码，请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后再导入');
    fail('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入');
  }
  if (!body.subarray(0, 4).equals(ZIP)) fail('文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入');
}

/** Rows of the first sheet, counted without loading the workbook; stops at the limit. */
async function countRows(body: Buffer, limit: number): Promise<number> {
  const input = Readable.from([body]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'ignore',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  try {
    for await (const sheet of reader) {
      for await (const _row of sheet) {
        if (++rows > limit) break;
      }
      break;
    }
  } finally {
    input.destroy();
  }
  return rows;
}

export async function loadWorkbook(body: Buffer, maxRows = MAX_IMPORT_ROWS): Promise<ExcelJS.Workbook> {
  assertXlsx(body);
  let rows: number;
  try {
    rows = await countRows(body, maxRows + 1);
  } catch {
    fail('文件已损坏或不是有效的 Excel 工作簿，请重新保存后再导入');
  }
  // One header row plus at most maxRows data rows.
  if (rows > maxRows + 1) fail(`一次最多导入 ${maxRows} 行，文件行数超过上限，请分批导入`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    fail('文件已损坏或不是有效的 Excel 工作簿，请重新保存后再导入');
  }
  if (workbook.worksheets.length === 0) fail('工作簿中没有工作表');
  return workbook;
}

/** What a cell shows, or why it cannot be taken as a value. */
export function cellText(cell: ExcelJS.Cell): CellText {
  if (cell.isMerged) return { ok: false, message: '是合并单元格，请取消合并并在每一行填写' };
  const value = cell.value;
  if (value === null || value === undefined) return { ok: true, text: '' };
  if (typeof value === 'number') return { ok: true, text: String(value), number: value };
  if (typeof value === 'string') return { ok: true, text: value.trim() };
  if (typeof value === 'boolean') return { ok: true, text: value ? '是' : '否' };
  if (value instanceof Date) return { ok: true, text: '', date: value };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value)
      return { ok: false, message: '是公式，请复制后“选择性粘贴 → 数值”再导入' };
    if ('richText' in value)
      return {
        ok: true,
        text: value.richText
          .map((t) => t.text)
          .join('')
          .trim(),
      };
    if ('text' in value) return { ok: true, text: String(value.text).trim() };
    if ('error' in value) return { ok: false, message: `是错误值 ${String(value.error)}，请改为实际内容` };
  }
  return { ok: false, message: '内容无法识别，请填写文字或数字' };
}
