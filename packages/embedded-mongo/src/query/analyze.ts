/**
 * Reads the conjunctive part of a filter as per-path constraints: what the planner
 * turns into index bounds and what an upsert copies into the new document.
 * Only conditions that every matching document must satisfy are collected (top-level
 * fields and `$and`); anything under `$or`/`$nor`/`$not` is left to the matcher.
 */
import { bsonTag, type Doc, isPlainObject } from '../bson/values';
import { literalPrefix } from './regex';

export type RangeOp = '$gt' | '$gte' | '$lt' | '$lte';

export interface PathConstraints {
  /** Each entry is a set of allowed values (one for equality, several for `$in`). */
  pointSets: unknown[][];
  ranges: Array<{ op: RangeOp; value: unknown }>;
  /** Literal prefixes of anchored regexes (`/^abc/`). */
  prefixes: string[];
  /** Equality values suitable for seeding an upsert. */
  equalities: unknown[];
}

export function analyzeFilter(filter: Doc | undefined): Map<string, PathConstraints> {
  const out = new Map<string, PathConstraints>();
  if (filter) collect(filter, out);
  return out;
}

function entry(out: Map<string, PathConstraints>, path: string): PathConstraints {
  let e = out.get(path);
  if (!e) {
    e = { pointSets: [], ranges: [], prefixes: [], equalities: [] };
    out.set(path, e);
  }
  return e;
}

function isRegex(v: unknown): boolean {
  return v instanceof RegExp || bsonTag(v) === 'BSONRegExp';
}

function collect(filter: Doc, out: Map<string, PathConstraints>): void {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) collect(sub, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value instanceof RegExp) {
      const p = literalPrefix(value);
      if (p !== undefined) entry(out, key).prefixes.push(p);
      continue;
    }
    if (isRegex(value)) continue;
    const keys = isPlainObject(value) ? Object.keys(value) : [];
    if (keys.length > 0 && keys[0].startsWith('$')) {
      const ops = value as Doc;
      for (const op of keys) {
        const arg = ops[op];
        switch (op) {
          case '$eq':
            if (!isRegex(arg)) {
              entry(out, key).pointSets.push([arg]);
              entry(out, key).equalities.push(arg);
            }
            break;
          case '$in':
            if (Array.isArray(arg) && !arg.some(isRegex)) entry(out, key).pointSets.push(arg);
            break;
          case '$gt':
          case '$gte':
          case '$lt':
          case '$lte':
            entry(out, key).ranges.push({ op, value: arg });
            break;
          case '$regex':
            if (arg instanceof RegExp && ops.$options === undefined) {
              const p = literalPrefix(arg);
              if (p !== undefined) entry(out, key).prefixes.push(p);
            } else if (typeof arg === 'string' && (ops.$options === undefined || ops.$options === '')) {
              try {
                const p = literalPrefix(new RegExp(arg));
                if (p !== undefined) entry(out, key).prefixes.push(p);
              } catch {
                // invalid patterns are reported by the matcher
              }
            }
            break;
        }
      }
      continue;
    }
    entry(out, key).pointSets.push([value]);
    entry(out, key).equalities.push(value);
  }
}
