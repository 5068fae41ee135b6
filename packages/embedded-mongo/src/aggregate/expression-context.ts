/**
 * mingo's operator set with the aggregation comparison expressions ($eq, $ne, $gt,
 * $gte, $lt, $lte, $cmp) replaced: mingo evaluates them with query semantics (only
 * within one type), while MongoDB's expressions compare any two values by the BSON
 * total order (`{$gt: ["five", 10]}` is true) and treat a missing field as lower than
 * null. Used wherever mingo evaluates expressions: `$expr`, pipelines, projections.
 */
import { Context, evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Iterator } from 'mingo/lazy';
import type { Options } from 'mingo/types';
import { compareValues } from '../bson/compare';
import { type Doc, typeName } from '../bson/values';
import { badValue } from '../errors';

function exprCompare(a: unknown, b: unknown): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  return compareValues(a, b);
}

function comparison(name: string, result: (c: number) => unknown) {
  return (obj: unknown, expr: unknown, options: Options): unknown => {
    if (!Array.isArray(expr) || expr.length !== 2) {
      throw badValue(`Expression ${name} takes exactly 2 arguments.`);
    }
    const [a, b] = evalExpr(obj, expr, options) as unknown[];
    return result(exprCompare(a, b));
  };
}

export const COMPARISON_EXPRESSIONS = {
  $eq: comparison('$eq', (c) => c === 0),
  $ne: comparison('$ne', (c) => c !== 0),
  $gt: comparison('$gt', (c) => c > 0),
  $gte: comparison('$gte', (c) => c >= 0),
  $lt: comparison('$lt', (c) => c < 0),
  $lte: comparison('$lte', (c) => c <= 0),
  $cmp: comparison('$cmp', (c) => Math.sign(c)),
};

/** `$type` with MongoDB's type names (`objectId`, `int`, `missing`, ...). */
function typeExpression(obj: unknown, expr: unknown, options: Options): string {
  const v = evalExpr(obj, expr, options);
  return v === undefined ? 'missing' : typeName(v);
}

/**
 * mingo's `$project` puts `_id` last and included fields in its own order; the server
 * outputs `_id` first, then fields in input-document order, then computed fields in
 * specification order.
 */
function orderedProject(coll: Iterator, expr: unknown, options: Options): Iterator {
  const pending: Doc[] = [];
  const tapped = coll.map((d: unknown) => {
    pending.push(d as Doc);
    return d;
  });
  const specKeys = Object.keys((expr ?? {}) as Doc).map((k) => k.split('.')[0]);
  return pipelineOperators.$project(tapped, (expr ?? {}) as Doc, options).map((o: unknown) => {
    const out = o as Doc;
    const input = pending.shift() ?? {};
    const result: Doc = {};
    if ('_id' in out) result._id = out._id;
    for (const k of Object.keys(input)) if (k in out && !(k in result)) result[k] = out[k];
    for (const k of specKeys) if (k in out && !(k in result)) result[k] = out[k];
    for (const k of Object.keys(out)) if (!(k in result)) result[k] = out[k];
    return result;
  });
}

type Ops = NonNullable<Parameters<typeof Context.init>[0]>;

export function operatorSet(pipelineOverrides: Record<string, unknown> = {}): Ops {
  return {
    accumulator: { ...accumulatorOperators },
    expression: { ...expressionOperators, ...COMPARISON_EXPRESSIONS, $type: typeExpression },
    pipeline: { ...pipelineOperators, $project: orderedProject, ...pipelineOverrides },
    projection: { ...projectionOperators },
    query: { ...queryOperators },
    window: { ...windowOperators },
  } as Ops;
}

let shared: Context | undefined;

/** The context without collection access (for `$expr`, update pipelines, projections). */
export function expressionContext(): Context {
  shared ??= Context.init(operatorSet());
  return shared;
}
