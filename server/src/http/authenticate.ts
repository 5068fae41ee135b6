import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors';
import type { AuthContext, AuthenticatedUser, AuthService } from '../services/auth';
import type { PasswordChangeReason } from '../services/password-gate';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
    /** Set while the user must replace a one-time or expired password (http/api.ts lets few routes through). */
    passwordChange?: PasswordChangeReason;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** Requires `Authorization: Bearer <token>` and puts the session's user on req.auth. */
export function authenticate(
  auth: AuthService,
  passwordChange: (user: AuthenticatedUser) => Promise<PasswordChangeReason | undefined>,
): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (!header) return next(new AppError('UNAUTHENTICATED', 401, '请先登录'));
    const match = BEARER.exec(header);
    if (!match) return next(new AppError('UNAUTHENTICATED', 401, '登录凭证格式不正确，请重新登录'));
    req.auth = await auth.authenticate(match[1]);
    req.passwordChange = await passwordChange(req.auth.user);
    next();
  };
}
