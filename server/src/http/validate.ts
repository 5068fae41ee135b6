import { z } from 'zod';
import { errors, type ErrorDetail } from '../errors';

// Validation messages reach people: Chinese, from zod's own zh-CN locale unless a schema says better.
z.config(z.locales.zhCN());

export function zodIssuesToDetails(issues: z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(根)',
    message: issue.message,
  }));
}

/** Parses untrusted input with a schema; failure → 400 VALIDATION_FAILED listing every problem with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw errors.validation(zodIssuesToDetails(result.error.issues));
  return result.data;
}
