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
    let settled = false;
    const malformed = () =>
      new AppError('VALIDATION_FAILED', 400, '上传的数据格式不正确或不完整，请重新上传');
    // Once refused, the rest of the body is drained (not parsed) so the answer reaches the client.
    const refuse = (err: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      reject(err);
    };
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
      // A body that ends inside the file ("Unexpected end of form") fails this stream, not only the parser.
      stream.on('error', () => {
        failure ??= malformed();
      });
      stream.on('close', () => {
        if (!failure) file = { filename: info.filename ?? '', content: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => refuse(failure ?? malformed()));
    parser.on('close', () => {
      if (failure) refuse(failure);
      else if (!file || !file.filename)
        refuse(
          new AppError('VALIDATION_FAILED', 400, '请选择要上传的文件', [
            { path: 'file', message: '请选择要上传的文件' },
          ]),
        );
      else if (!settled) {
        settled = true;
        resolve(file);
      }
    });
    req.on('error', () => refuse(malformed()));
    req.pipe(parser);
  });
}
