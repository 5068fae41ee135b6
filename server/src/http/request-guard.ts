import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

/**
 * The last line of defence: a fault in one request must never end the process that serves everyone
 * else. Faults the route's promise chain carries reach the error handler as usual; these are the ones
 * that escape it: an exception thrown by a listener of the request stream (a parser's stream emitting
 * `error` with nobody listening) and an exception or rejection in a callback the request scheduled
 * (a timer, a promise nobody awaited). Each is logged with the request id and answered 500 with the
 * error envelope; the connection is closed after the answer, so nothing half-read is reused.
 */
interface RequestScope {
  req: Request;
  res: Response;
}

const scope = new AsyncLocalStorage<RequestScope>();

export function requestGuard(): RequestHandler {
  return (req, res, next) => {
    const current: RequestScope = { req, res };
    const emit = req.emit;
    // Request stream events run in the socket's context, not the request's: catch their listeners here.
    req.emit = function guardedEmit(this: Request, event: string | symbol, ...args: unknown[]) {
      try {
        return emit.call(this, event, ...args);
      } catch (err) {
        failRequest(current, err);
        return false;
      }
    } as Request['emit'];
    scope.run(current, next);
  };
}

function failRequest({ req, res }: RequestScope, err: unknown): void {
  req.log?.error({ err }, 'request fault outside its handler; answered 500, the server keeps serving');
  req.unpipe();
  req.resume();
  if (!res.headersSent) {
    res.setHeader('Connection', 'close');
    res.status(500).json({
      error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: { requestId: req.id } },
    });
  } else {
    res.destroy();
  }
}

/**
 * The process's `uncaughtException` / `unhandledRejection` handlers: a fault that belongs to a request
 * is answered there and the process keeps serving; any other fault is fatal and calls `stop`.
 */
export function guardProcess(logger: Logger, stop: (reason: string) => void): void {
  const handle = (kind: string) => (err: unknown) => {
    const current = scope.getStore();
    if (current) return failRequest(current, err);
    logger.fatal({ err }, kind);
    stop(kind);
  };
  process.on('uncaughtException', handle('uncaught exception'));
  process.on('unhandledRejection', handle('unhandled rejection'));
}
