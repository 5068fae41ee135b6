/**
 * Index keys: which keys a document produces for an index (one per array element
 * for multikey indexes), and the order of index entries, with sentinels used to
 * express scan bounds.
 */
import { compareValues } from '../bson/compare';
import { hashKey } from '../bson/hash-key';
import { Canon, canonOf, type Doc } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { asTraversable, isIndexPart } from '../query/path';
import type { IndexField } from './index-spec';

/** One index entry: the key values (one per index field) and the record id. */
export interface Entry {
  k: unknown[];
  r: number;
}

/** Physical sentinels: before / after every key in scan order, whatever the field's direction. */
export const PHYS_MIN: unique symbol = Symbol('physMin');
export const PHYS_MAX: unique symbol = Symbol('physMax');

/** Value-space sentinels: below / above every value (like MinKey/MaxKey, but matching nothing). */
export const VALUE_MIN: unique symbol = Symbol('valueMin');
export const VALUE_MAX: unique symbol = Symbol('valueMax');

/** Edge of a type bracket: `$gt: 5` scans up to the end of the numbers, not into strings. */
export class BracketEdge {
  constructor(
    readonly canon: Canon,
    readonly high: boolean,
  ) {}
}

/** Value order extended with the value-space sentinels and bracket edges. */
export function compareKeyValue(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === VALUE_MIN || b === VALUE_MAX) return -1;
  if (a === VALUE_MAX || b === VALUE_MIN) return 1;
  if (a instanceof BracketEdge) return compareEdge(a, b);
  if (b instanceof BracketEdge) return -compareEdge(b, a);
  return compareValues(a, b);
}

/** Compares an edge with a value: positive when the edge sorts after the value. */
function compareEdge(edge: BracketEdge, v: unknown): number {
  const c = v instanceof BracketEdge ? v.canon : canonOf(v);
  if (edge.canon !== c) return edge.canon < c ? -1 : 1;
  if (v instanceof BracketEdge) return edge.high === v.high ? 0 : edge.high ? 1 : -1;
  return edge.high ? 1 : -1;
}

export function entryComparator(dirs: readonly (1 | -1)[]): (a: Entry, b: Entry) => number {
  return (a, b) => {
    for (let i = 0; i < dirs.length; i++) {
      const x = a.k[i];
      const y = b.k[i];
      if (x === y) continue;
      if (x === PHYS_MIN || y === PHYS_MAX) return -1;
      if (x === PHYS_MAX || y === PHYS_MIN) return 1;
      const c = compareKeyValue(x, y);
      if (c !== 0) return dirs[i] === 1 ? c : -c;
    }
    return a.r < b.r ? -1 : a.r > b.r ? 1 : 0;
  };
}

interface FieldValues {
  values: unknown[];
  isArray: boolean;
  missing: boolean;
}

/** The values one index field takes in a document (array elements expanded). */
function fieldValues(doc: Doc, parts: readonly string[]): FieldValues {
  const out: FieldValues = { values: [], isArray: false, missing: true };
  const seen = new Set<string>();
  const add = (v: unknown): void => {
    const key = hashKey(v);
    if (seen.has(key)) return;
    seen.add(key);
    out.values.push(v);
  };
  walk(doc, 0);
  if (out.values.length === 0) add(null);
  return out;

  function walk(v: unknown, i: number): void {
    if (i === parts.length) {
      if (Array.isArray(v)) {
        out.isArray = true;
        out.missing = false;
        if (v.length === 0) add(null);
        for (const el of v) add(el === undefined ? null : el);
      } else if (v === undefined) {
        add(null);
      } else {
        out.missing = false;
        add(v);
      }
      return;
    }
    if (Array.isArray(v)) {
      out.isArray = true;
      if (isIndexPart(parts[i])) {
        walk(v[Number(parts[i])], i + 1);
        return;
      }
      if (v.length === 0) add(null);
      for (const el of v) {
        const o = asTraversable(el);
        walk(o ? o[parts[i]] : undefined, i + 1);
      }
      return;
    }
    const o = asTraversable(v);
    walk(o ? o[parts[i]] : undefined, i + 1);
  }
}

export interface DocKeys {
  keys: unknown[][];
  /** Index fields (by position) that held an array in this document. */
  arrayFields: number[];
  allMissing: boolean;
}

/** All key tuples a document contributes to an index. */
export function extractKeys(doc: Doc, fields: readonly IndexField[]): DocKeys {
  const per = fields.map((f) => fieldValues(doc, f.parts));
  const arrayFields: number[] = [];
  per.forEach((p, i) => p.isArray && arrayFields.push(i));
  if (arrayFields.length > 1) {
    throw new MongoServerError(
      ErrorCode.CannotIndexParallelArrays,
      `cannot index parallel arrays [${fields[arrayFields[1]].path}] [${fields[arrayFields[0]].path}]`,
    );
  }
  let keys: unknown[][] = [[]];
  for (const p of per) {
    const next: unknown[][] = [];
    for (const prefix of keys) for (const v of p.values) next.push([...prefix, v]);
    keys = next;
  }
  return { keys, arrayFields, allMissing: per.every((p) => p.missing) };
}

export function keySignature(key: readonly unknown[]): string {
  return key.map(hashKey).join('\u0000');
}
