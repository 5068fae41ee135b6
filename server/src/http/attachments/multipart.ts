import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../../errors';

export interface UploadedFile {
  filename: string;
  content: Buffer;
}

/**
 * Reads one file (field `file`) from a multipart request into memory, refusing it once it passes `maxBytes`.
 * Attachments are small documents, and holding one in memory lets its content be checked before anything is
 * stored.
 */
export function readSingleFile(req: Request, maxBytes: number): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '请以 multipart/form-data 上传文件'));
      return;
    }
    let file: UploadedFile | undefined;
    let failure: AppError | undefined;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure = new AppError(
          'PAYLOAD_TOO_LARGE',
          413,
          `附件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`,
        );
      });
      stream.on('close', () => {
        if (!failure) file = { filename: info.filename ?? '', content: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => reject(new AppError('VALIDATION_FAILED', 400, '上传的数据格式不正确')));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!file || !file.filename)
        reject(
          new AppError('VALIDATION_FAILED', 400, '请选择要上传的文件', [
            { path: 'file', message: '请选择要上传的文件' },
          ]),
        );
      else resolve(file);
    });
    req.pipe(parser);
  });
}
