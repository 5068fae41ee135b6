import type { Response } from 'express';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a spreadsheet as a download with a Chinese file name (RFC 5987 for the name, ASCII fallback). */
export function sendXlsx(res: Response, filename: string, content: Buffer): undefined {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Length', String(content.length));
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  );
  res.status(200).end(content);
  return undefined;
}
