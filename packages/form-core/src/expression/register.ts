import { Schema } from '@formily/json-schema';
import { compileExpression } from './compile';
import { ExpressionError } from './errors';

/** Told about each failed expression, with the Formily scope it ran in (`$self` names the field). */
export type ExpressionErrorSink = (error: ExpressionError, scope: object) => void;

const sinks: ExpressionErrorSink[] = [];
let registered = false;

/**
 * Makes our sandboxed compiler Formily's only expression compiler (replacing its `new Function`), so a strict
 * Content-Security-Policy without 'unsafe-eval' works and schema text cannot reach the host. Safe to call
 * any number of times, from the server and from the browser.
 */
export function registerSafeCompiler(): void {
  if (registered) return;
  registered = true;
  Schema.registerCompiler(compileForFormily);
}

/**
 * Formily calls this synchronously inside reactive reactions, where an exception would tear down the field
 * being built; so a failed expression yields undefined and is reported to the innermost sink instead.
 */
export function compileForFormily(expression: string, scope?: object): unknown {
  try {
    return compileExpression(expression).evaluate(scope ?? {});
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const sink = sinks[sinks.length - 1];
    if (sink) sink(error, scope ?? {});
    else console.warn(error.message);
    return undefined;
  }
}

/** Runs `body` with failed expressions reported to `sink` (nested calls: the innermost sink wins). */
export function collectExpressionErrors<T>(sink: ExpressionErrorSink, body: () => T): T {
  sinks.push(sink);
  try {
    return body();
  } finally {
    sinks.pop();
  }
}
