import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors';

interface HttpParserError extends Error {
  type?: string;
  status?: number;
}

/** Maps the errors body-parser raises for bad requests onto our codes; anything else is not a client error. */
function fromParserError(err: HttpParserError): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 400, '请求内容不是合法的 JSON');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 413, '请求内容过大');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '不支持的请求编码，请使用 UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('VALIDATION_FAILED', 400, '请求内容不完整');
    default:
      return undefined;
  }
}

function fromDatabaseError(err: Error & { code?: number; name: string }): AppError | undefined {
  if (err.name === 'CastError') return new AppError('VALIDATION_FAILED', 400, '参数格式不正确');
  if (err.name === 'ValidationError') return new AppError('VALIDATION_FAILED', 400, '提交的数据未通过校验');
  if (err.code === 11000) return new AppError('CONFLICT', 409, '数据已存在，不能重复创建');
  return undefined;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', 404, `接口不存在: ${req.method} ${req.path}`));
};

/** The single place where errors become the envelope `{error: {code, message, details}}`; never a stack trace. */
export const errorHandler: ErrorRequestHandler = (err: Error, req, res, _next) => {
  const appError = err instanceof AppError ? err : (fromParserError(err) ?? fromDatabaseError(err));
  if (!appError) {
    req.log?.error({ err }, 'unhandled error');
    res.status(500).json({
      error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: { requestId: req.id } },
    });
    return;
  }
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
  const body: { code: string; message: string; details?: unknown } = {
    code: appError.code,
    message: appError.message,
  };
  if (appError.details !== undefined) body.details = appError.details;
  res.status(appError.status).json({ error: body });
};
