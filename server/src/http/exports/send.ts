import type { Response } from 'express';
import type { ExportFile } from '../../services/exports';

/** Sends a generated file as a download; the Chinese name goes in filename* (RFC 6266 / 5987). */
export function sendFile(res: Response, file: ExportFile): void {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res
    .status(200)
    .setHeader('Content-Type', file.contentType)
    .setHeader(
      'Content-Disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .setHeader('Content-Length', String(file.body.length))
    .end(file.body);
}
