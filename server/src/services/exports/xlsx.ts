import ExcelJS from 'exceljs';
import { formatTime, mergeRuns, type StageTable } from './table';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
export const AMOUNT_FORMAT = '#,##0.00';
const TRAIL_COLUMNS = ['审批环节', '单位', '经办人', '时间', '办理结果', '意见'];

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique within the workbook. */
export function sheetName(taken: Iterable<string>, wanted: string): string {
  const names = new Set(taken);
  const base = wanted.replace(/[:\\/?*[\]]/g, '').slice(0, 28) || '表';
  let name = base;
  for (let i = 2; names.has(name); i++) name = `${base}(${i})`;
  return name;
}

/**
 * One stage table on one sheet, laid out as the paper form: title, header block (two label/value
 * pairs a row, long text across), each list with its 一级/二级 runs merged, then the approval trail.
 * A4 landscape, fit to one page wide, the title rows repeated on every printed page.
 */
export function writeStageSheet(workbook: ExcelJS.Workbook, table: StageTable, name = table.title) {
  const width = Math.max(6, ...table.sections.map((s) => s.columns.length));
  const ws = workbook.addWorksheet(
    sheetName(
      workbook.worksheets.map((w) => w.name),
      name,
    ),
    {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
      views: [{ state: 'frozen', ySplit: 2 }],
    },
  );
  ws.columns = Array.from({ length: width }, (_, i) => ({ width: i === width - 1 ? 28 : 16 }));
  let row = 1;
  const merge = (r1: number, c1: number, r2: number, c2: number) => {
    if (r2 > r1 || c2 > c1) ws.mergeCells(r1, c1, r2, c2);
  };
  const put = (r: number, c: number, value: unknown, opts: { bold?: boolean; head?: boolean } = {}) => {
    const cell = ws.getCell(r, c);
    cell.value = value as ExcelJS.CellValue;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', wrapText: true, horizontal: opts.head ? 'center' : undefined };
    if (opts.bold || opts.head) cell.font = { bold: true };
    if (opts.head) cell.fill = HEAD_FILL;
    if (typeof value === 'number') cell.numFmt = AMOUNT_FORMAT;
    return cell;
  };
  const borderRow = (r: number) => {
    for (let c = 1; c <= width; c++) ws.getCell(r, c).border = BORDER;
  };

  ws.getCell(row, 1).value = table.title;
  ws.getCell(row, 1).font = { bold: true, size: 16 };
  ws.getCell(row, 1).alignment = { horizontal: 'center' };
  merge(row, 1, row, width);
  row++;
  ws.getCell(row, 1).value = table.subtitle;
  ws.getCell(row, 1).alignment = { horizontal: 'center' };
  merge(row, 1, row, width);
  row++;

  const half = Math.floor(width / 2);
  const short = table.header.filter((f) => !f.wide);
  const wide = table.header.filter((f) => f.wide);
  for (let i = 0; i < short.length; i += 2) {
    const [a, b] = [short[i], short[i + 1]];
    put(row, 1, a.label, { head: true });
    put(row, 2, a.value);
    merge(row, 2, row, b ? half : width);
    if (b) {
      put(row, half + 1, b.label, { head: true });
      put(row, half + 2, b.value);
      merge(row, half + 2, row, width);
    }
    borderRow(row);
    row++;
  }
  for (const f of wide) {
    put(row, 1, f.label, { head: true });
    put(row, 2, f.value);
    merge(row, 2, row, width);
    ws.getRow(row).height = Math.min(120, 18 * Math.max(1, Math.ceil(f.value.length / 60)));
    borderRow(row);
    row++;
  }

  for (const section of table.sections) {
    put(row, 1, section.title, { head: true });
    merge(row, 1, row, width);
    row++;
    const n = section.columns.length;
    section.columns.forEach((c, i) => put(row, i + 1, c.label, { head: true }));
    // The last column takes the rest of the width.
    merge(row, n, row, width);
    row++;
    const first = row;
    section.values.forEach((values) => {
      values.forEach((v, i) => {
        put(row, i + 1, v);
      });
      merge(row, n, row, width);
      borderRow(row);
      row++;
    });
    section.columns.forEach((c, i) => {
      if (!c.merge) return;
      for (const [a, b] of mergeRuns(section, i)) merge(first + a, i + 1, first + b, i + 1);
    });
    if (section.rows.length === 0) {
      put(row, 1, '（无）');
      merge(row, 1, row, width);
      row++;
    }
  }

  put(row, 1, '审批记录', { head: true });
  merge(row, 1, row, width);
  row++;
  TRAIL_COLUMNS.forEach((label, i) => put(row, i + 1, label, { head: true }));
  merge(row, TRAIL_COLUMNS.length, row, width);
  row++;
  for (const step of table.trail) {
    [step.step, step.unit, step.person, formatTime(step.at), step.outcome, step.comment].forEach((v, i) =>
      put(row, i + 1, v),
    );
    merge(row, TRAIL_COLUMNS.length, row, width);
    borderRow(row);
    row++;
  }
  if (table.trail.length === 0) {
    put(row, 1, '（尚无审批记录）');
    merge(row, 1, row, width);
    row++;
  }
  ws.pageSetup.printArea = `A1:${ws.getColumn(width).letter}${row - 1}`;
  ws.pageSetup.printTitlesRow = '1:2';
  return ws;
}

export async function stageWorkbook(tables: StageTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '预算绩效管理平台';
  for (const table of tables) writeStageSheet(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
