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
import type { Options } from 'mingo/types';
import { compareValues } from '../bson/compare';
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

type Ops = NonNullable<Parameters<typeof Context.init>[0]>;

export function operatorSet(pipelineOverrides: Record<string, unknown> = {}): Ops {
  return {
    accumulator: { ...accumulatorOperators },
    expression: { ...expressionOperators, ...COMPARISON_EXPRESSIONS },
    pipeline: { ...pipelineOperators, ...pipelineOverrides },
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
