import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/**
 * Reads exported files back with other tools than the ones that wrote them: an .xlsx through a zip
 * library and its XML (not exceljs), a PDF through poppler's pdftotext (not pdfkit).
 */
export interface SheetRead {
  name: string;
  /** A1 address → text as shown. */
  cells: Map<string, string>;
  merges: string[];
  xml: string;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function texts(xml: string): string {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1])).join('');
}

export function readXlsx(body: Buffer): SheetRead[] {
  const files = unzipSync(new Uint8Array(body));
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : '');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
  const workbook = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)];
  return sheets.map(([, name, rid]) => {
    const target =
      new RegExp(`Id="${rid}"[^>]*Target="([^"]*)"`).exec(rels) ??
      new RegExp(`Target="([^"]*)"[^>]*Id="${rid}"`).exec(rels);
    const file = `xl/${target![1].replace(/^\/?xl\//, '')}`;
    const xml = text(file);
    const cells = new Map<string, string>();
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, ref, attrs, inner = ''] = m;
      const type = /t="([^"]*)"/.exec(attrs)?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value = '';
      if (type === 's' && v !== undefined) value = shared[Number(v)];
      else if (type === 'inlineStr') value = texts(inner);
      else if (v !== undefined) value = unescapeXml(v);
      if (value !== '') cells.set(ref, value);
    }
    const merges = [...xml.matchAll(/<mergeCell ref="([^"]+)"/g)].map((m) => m[1]);
    return { name: unescapeXml(name), cells, merges, xml };
  });
}

/** The PDF's text as poppler extracts it (layout kept, so table rows stay on one line). */
export function pdfText(body: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  try {
    const file = path.join(dir, 'x.pdf');
    writeFileSync(file, body);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfPages(body: Buffer): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  try {
    const file = path.join(dir, 'x.pdf');
    writeFileSync(file, body);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** supertest: collect a binary body. */
export function binary(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  cb: (err: Error | null, body: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
