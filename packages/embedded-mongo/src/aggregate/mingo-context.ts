/**
 * The operator set handed to mingo for aggregation: all of mingo's operators, with
 * `$lookup` replaced for the `localField`/`foreignField` form so it queries the
 * foreign collection through our planner (and its indexes) instead of hashing the
 * whole foreign collection for every aggregate. Other forms fall back to mingo's.
 */
import { Context } from 'mingo/core';
import type { Iterator } from 'mingo/lazy';
import * as pipelineOperators from 'mingo/operators/pipeline';
import type { Options } from 'mingo/types';
import { toMingo } from '../bson/normalize';
import { type Doc, isPlainObject } from '../bson/values';
import { runQuery } from '../query/executor';
import { compileFilter } from '../query/matcher';
import { forEachPathValue, splitPath } from '../query/path';
import type { Collection } from '../storage/collection';
import { operatorSet } from './expression-context';

export type CollectionLookup = (name: string) => Collection | undefined;

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = splitPath(path);
  let node = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    node[parts[i]] = isPlainObject(next) ? { ...next } : {};
    node = node[parts[i]] as Doc;
  }
  node[parts[parts.length - 1]] = value;
}

function indexedLookup(lookup: CollectionLookup) {
  return (coll: Iterator, expr: unknown, options: Options): Iterator => {
    const spec = expr as Doc;
    const simple =
      spec.pipeline === undefined &&
      typeof spec.from === 'string' &&
      typeof spec.localField === 'string' &&
      typeof spec.foreignField === 'string' &&
      typeof spec.as === 'string';
    if (!simple)
      return pipelineOperators.$lookup(
        coll,
        expr as Parameters<typeof pipelineOperators.$lookup>[1],
        options,
      );
    const foreign = lookup(spec.from as string);
    const localParts = splitPath(spec.localField as string);
    const foreignField = spec.foreignField as string;
    const as = spec.as as string;
    return coll.map((o: unknown) => {
      const doc = o as Doc;
      const values: unknown[] = [];
      let any = false;
      forEachPathValue(doc, localParts, (v) => {
        any = true;
        if (Array.isArray(v)) values.push(...v);
        else values.push(v === undefined ? null : v);
      });
      if (!any) values.push(null);
      let joined: unknown[] = [];
      if (foreign) {
        const filter = { [foreignField]: { $in: values } };
        joined = runQuery(foreign, { filter, matcher: compileFilter(filter) }).recs.map((r) =>
          toMingo(r.doc),
        );
      }
      const out = { ...doc };
      setPath(out, as, joined);
      return out;
    });
  };
}

export function aggregationContext(lookup: CollectionLookup): Context {
  return Context.init(operatorSet({ $lookup: indexedLookup(lookup) }));
}

export const MINGO_STAGES = new Set(Object.keys(pipelineOperators));
