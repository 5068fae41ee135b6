import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors';
import { formatTime, mergeRuns, type StageTable, type TableSection } from './table';

/**
 * Debian's fonts-noto-cjk (installed by .ci/run and the deploy image). The .ttc holds CFF outlines;
 * fontkit subsets them and pdfkit embeds the subset with a ToUnicode map, so text extracts back.
 */
const FONT_CANDIDATES: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYi Micro Hei'],
];
const BOLD_CANDIDATES: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', 'NotoSansCJKsc-Bold'],
];

function findFont(list: [string, string | undefined][]) {
  return list.find(([file]) => existsSync(file));
}

const PAGE_MARGIN = 36;
const FONT_SIZE = 9;
const PAD = 3;

type Doc = PDFKit.PDFDocument;

export function newPdf(): Doc {
  const regular = findFont(FONT_CANDIDATES);
  if (!regular)
    throw new AppError('SERVICE_UNAVAILABLE', 503, '服务器未安装中文字体，暂不能生成 PDF，请联系管理员');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PAGE_MARGIN,
    bufferPages: true,
    info: { Title: '预算绩效管理', Creator: '预算绩效管理平台', Producer: '预算绩效管理平台' },
  });
  doc.registerFont('cjk', regular[0], regular[1]);
  const bold = findFont(BOLD_CANDIDATES) ?? regular;
  doc.registerFont('cjk-bold', bold[0], bold[1]);
  doc.font('cjk').fontSize(FONT_SIZE);
  return doc;
}

export function finishPdf(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(8)
      .text(`第 ${i + 1} 页，共 ${range.count} 页`, 0, doc.page.height - 24, {
        width: doc.page.width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

interface Cell {
  text: string;
  head?: boolean;
  /** Continues a merged run from the row above: no text, no line between. */
  continues?: boolean;
}

class TableDrawer {
  constructor(private readonly doc: Doc) {}

  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom - 12;
  }

  private height(cells: Cell[], widths: number[]): number {
    let h = FONT_SIZE + 2 * PAD + 2;
    cells.forEach((cell, i) => {
      if (cell.continues || !cell.text) return;
      this.doc.font(cell.head ? 'cjk-bold' : 'cjk').fontSize(FONT_SIZE);
      h = Math.max(h, this.doc.heightOfString(cell.text, { width: widths[i] - 2 * PAD }) + 2 * PAD);
    });
    return h;
  }

  /** Draws one row, starting a new page when it does not fit; `repeat` is redrawn after a break. */
  row(cells: Cell[], widths: number[], repeat?: () => void, restate?: Cell[]) {
    let h = this.height(cells, widths);
    if (this.doc.y + h > this.bottom) {
      this.doc.addPage();
      repeat?.();
      if (restate) {
        cells = restate;
        h = this.height(cells, widths);
      }
    }
    const y = this.doc.y;
    let x = this.left;
    cells.forEach((cell, i) => {
      const w = widths[i];
      if (cell.head) this.doc.save().rect(x, y, w, h).fill('#e8eef7').restore();
      this.doc.lineWidth(0.5).strokeColor('#333333');
      if (!cell.continues)
        this.doc
          .moveTo(x, y)
          .lineTo(x + w, y)
          .stroke();
      this.doc
        .moveTo(x, y)
        .lineTo(x, y + h)
        .stroke();
      this.doc
        .moveTo(x + w, y)
        .lineTo(x + w, y + h)
        .stroke();
      this.doc
        .moveTo(x, y + h)
        .lineTo(x + w, y + h)
        .stroke();
      if (!cell.continues && cell.text) {
        this.doc
          .fillColor('#000000')
          .font(cell.head ? 'cjk-bold' : 'cjk')
          .fontSize(FONT_SIZE)
          .text(cell.text, x + PAD, y + PAD, { width: w - 2 * PAD, align: cell.head ? 'center' : 'left' });
      }
      x += w;
    });
    // Erase the bottom line under a cell whose run goes on (the next row draws no top line either).
    this.doc.x = this.left;
    this.doc.y = y + h;
  }

  /** Widths for a section: merged level columns narrow, numbers narrow, text shares the rest. */
  widths(section: TableSection): number[] {
    const weights = section.columns.map((c) => (c.merge ? 1 : c.numeric ? 0.9 : 1.6));
    const total = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => (w / total) * this.width);
  }
}

/** Adds one stage table (header block, lists with merged levels, approval trail) to the document. */
export function drawStageTable(doc: Doc, table: StageTable, newPage = false): void {
  if (newPage) doc.addPage();
  const t = new TableDrawer(doc);
  doc.font('cjk-bold').fontSize(16).text(table.title, t.left, doc.y, { width: t.width, align: 'center' });
  doc.font('cjk').fontSize(FONT_SIZE).moveDown(0.3);
  doc.text(table.subtitle, { width: t.width, align: 'center' });
  doc.moveDown(0.5);

  const quarter = [0.17, 0.33, 0.17, 0.33].map((f) => f * t.width);
  const full = [0.17 * t.width, 0.83 * t.width];
  const short = table.header.filter((f) => !f.wide);
  for (let i = 0; i < short.length; i += 2) {
    const [a, b] = [short[i], short[i + 1]];
    if (b)
      t.row(
        [{ text: a.label, head: true }, { text: a.value }, { text: b.label, head: true }, { text: b.value }],
        quarter,
      );
    else t.row([{ text: a.label, head: true }, { text: a.value }], full);
  }
  for (const f of table.header.filter((h) => h.wide))
    t.row([{ text: f.label, head: true }, { text: f.value }], full);

  for (const section of table.sections) {
    t.row([{ text: section.title, head: true }], [t.width]);
    const widths = t.widths(section);
    const head = section.columns.map((c) => ({ text: c.label, head: true }));
    const drawHead = () => t.row(head, widths);
    drawHead();
    const continues = section.rows.map((r) => r.map(() => false));
    section.columns.forEach((c, i) => {
      if (!c.merge) return;
      for (const [a, b] of mergeRuns(section, i)) for (let r = a + 1; r <= b; r++) continues[r][i] = true;
    });
    section.rows.forEach((cells, r) => {
      const row = cells.map((text, i) => ({ text, continues: continues[r][i] }));
      t.row(
        row,
        widths,
        drawHead,
        cells.map((text) => ({ text })),
      );
    });
    if (section.rows.length === 0) t.row([{ text: '（无）' }], [t.width]);
  }

  doc.moveDown(0.5);
  const trailWidths = [0.14, 0.14, 0.1, 0.12, 0.14, 0.36].map((f) => f * t.width);
  t.row([{ text: '审批记录', head: true }], [t.width]);
  const trailHead = ['审批环节', '单位', '经办人', '时间', '办理结果', '意见'].map((text) => ({
    text,
    head: true,
  }));
  t.row(trailHead, trailWidths);
  for (const s of table.trail) {
    t.row(
      [s.step, s.unit, s.person, formatTime(s.at), s.outcome, s.comment].map((text) => ({ text })),
      trailWidths,
      () => t.row(trailHead, trailWidths),
    );
  }
  if (table.trail.length === 0) t.row([{ text: '（尚无审批记录）' }], [t.width]);
}

export async function stagePdf(tables: StageTable[]): Promise<Buffer> {
  const doc = newPdf();
  tables.forEach((table, i) => drawStageTable(doc, table, i > 0));
  return finishPdf(doc);
}
