import { EvaluationFault, ExpressionError } from './errors';
import { evaluate } from './evaluate';
import { parseExpression } from './parse';

/** A parsed and checked expression, ready to run against any scope. */
export interface CompiledExpression {
  readonly source: string;
  evaluate(scope: object): unknown;
}

const EXPRESSION = /^\s*\{\{([\s\S]*)\}\}\s*$/;

// Schemas repeat the same few expressions on every row and every request; parse each text once. The bound
// keeps a stream of distinct texts (an attacker's, say) from growing the cache without limit.
const CACHE_LIMIT = 5000;
const cache = new Map<string, CompiledExpression | EvaluationFault>();

/** Compiles the text of one expression (with or without the surrounding `{{ }}`); throws ExpressionError. */
export function compileExpression(source: string): CompiledExpression {
  const text = source.includes('{{') ? (source.match(EXPRESSION)?.[1] ?? source) : source;
  const compiled = compileCached(text);
  if (compiled instanceof EvaluationFault) throw new ExpressionError(text, compiled.reason);
  return compiled;
}

/**
 * Evaluates one expression over an explicit scope (`$values`, `$settings`, `$record`, …). Throws an
 * ExpressionError whose message names the expression and says what went wrong, in Chinese.
 */
export function evaluateExpression(source: string, scope: object = {}): unknown {
  return compileExpression(source).evaluate(scope);
}

function compileCached(text: string): CompiledExpression | EvaluationFault {
  const hit = cache.get(text);
  if (hit) return hit;
  let compiled: CompiledExpression | EvaluationFault;
  try {
    const parsed = parseExpression(text);
    compiled = {
      source: text,
      evaluate: (scope: object) => {
        try {
          return evaluate(parsed, scope, text);
        } catch (error) {
          if (error instanceof EvaluationFault) throw new ExpressionError(text, error.reason);
          throw error;
        }
      },
    };
  } catch (error) {
    if (!(error instanceof EvaluationFault)) throw error;
    compiled = error;
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, compiled);
  return compiled;
}
