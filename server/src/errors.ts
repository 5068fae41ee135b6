/**
 * Every error a client can see is an AppError: a stable code for programs, a Chinese message for
 * people, and optional details (e.g. field paths). The error middleware turns it into the one
 * envelope `{error: {code, message, details}}`.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'SESSION_EXPIRED'
  | 'SESSION_REVOKED'
  | 'FORBIDDEN'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'TASK_ALREADY_COMPLETED'
  | 'STAGE_PRECONDITION_FAILED'
  // approval operations (services/task-operations)
  | 'INVALID_ASSIGNEE'
  | 'DELEGATION_PENDING'
  | 'RETURN_TARGET_NOT_DONE'
  | 'RETURN_TARGET_INVALID'
  | 'PARALLEL_BRANCHES_ACTIVE'
  | 'DIRECT_RETURN_UNSUPPORTED'
  | 'WITHDRAW_NOT_ALLOWED'
  | 'REMIND_TOO_OFTEN'
  | 'OPERATION_NOT_OFFERED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_ATTEMPTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status: number,
    message: string,
    public readonly details?: ErrorDetail[] | Record<string, unknown>,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (details: ErrorDetail[], message = '提交的数据未通过校验') =>
    new AppError('VALIDATION_FAILED', 400, message, details),
  unauthenticated: (message = '请先登录') => new AppError('UNAUTHENTICATED', 401, message),
  forbidden: (message = '没有权限执行此操作') => new AppError('FORBIDDEN', 403, message),
  notFound: (message = '请求的资源不存在') => new AppError('NOT_FOUND', 404, message),
  conflict: (message: string, details?: Record<string, unknown>) =>
    new AppError('CONFLICT', 409, message, details),
};
