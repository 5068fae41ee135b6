/**
 * Every failure of a schema expression — refused syntax, a blocked name, a runtime error, an exhausted step
 * budget — is one of these, so callers can show `message` to a finance clerk as it is.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    /** The expression text as written in the schema, without the `{{ }}`. */
    readonly expression: string,
    /** Why it failed, in Chinese, without the expression. */
    readonly reason: string,
  ) {
    super(`表达式 {{${expression.trim()}}} 出错：${reason}`);
  }
}

/** Raised inside evaluation; turned into an ExpressionError naming the whole expression at the top. */
export class EvaluationFault extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Thrown by the host through an expression on purpose (the fast path meeting something it does not model);
 * the evaluator passes it on untouched instead of reporting it as the expression's own failure.
 */
export class HostSignal extends Error {}
