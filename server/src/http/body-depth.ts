import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * JSON bodies nested deeper than this are refused before any route sees them. No form, manifest or
 * record of ours comes near it (the deepest artifact nests 10 levels), stored documents stay well inside
 * MongoDB's limit of 100 levels (a draft adds a few of its own), and the recursive code a body may reach
 * (merge patches, the lint, BSON serialization) never meets a depth that overflows its stack.
 */
export const MAX_BODY_DEPTH = 64;

/** Whether `value` nests arrays or objects more than `max` levels deep; iterative, so any depth is safe. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

export function limitBodyDepth(max = MAX_BODY_DEPTH): RequestHandler {
  return (req, _res, next) => {
    if (!nestsDeeperThan(req.body, max)) return next();
    next(
      new AppError('VALIDATION_FAILED', 400, `请求内容嵌套层级过深（最多 ${max} 层）`, [
        { path: '(根)', message: `嵌套层级不能超过 ${max} 层` },
      ]),
    );
  };
}
