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

/**
 * One index entry: `s` is the order-preserving encoding of the key (see
 * key-encoding.ts) and defines the entry order together with the record id; `k`
 * keeps the key values for checking bounds on later fields during a scan.
 */
export interface Entry {
  s: string;
  k: readonly unknown[];
  r: number;
}

/** Edge of a type bracket in value space: `$gt: 5` scans up to the end of the numbers, not into strings. */
export class BracketEdge {
  constructor(
    readonly canon: Canon,
    readonly high: boolean,
  ) {}
}

/** Value order extended with bracket edges (for checking key values against bounds). */
export function compareKeyValue(a: unknown, b: unknown): number {
  if (a === b) return 0;
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

/** Entry order: the encoded key, then the record id (so equal keys keep insertion order). */
export function compareEntries(a: Entry, b: Entry): number {
  if (a.s !== b.s) return a.s < b.s ? -1 : 1;
  return a.r < b.r ? -1 : a.r > b.r ? 1 : 0;
}

interface FieldValues {
  values: unknown[];
  isArray: boolean;
  missing: boolean;
}

/** The values one index field takes in a document (array elements expanded). */
function fieldValues(doc: Doc, parts: readonly string[]): FieldValues {
  // Fast path: a path through documents to a non-array value, the common case.
  let v: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(v)) return fieldValuesSlow(doc, parts);
    const o = asTraversable(v);
    if (!o) return { values: [null], isArray: false, missing: true };
    v = o[parts[i]];
  }
  if (Array.isArray(v)) return fieldValuesSlow(doc, parts);
  return v === undefined
    ? { values: [null], isArray: false, missing: true }
    : { values: [v], isArray: false, missing: false };
}

function fieldValuesSlow(doc: Doc, parts: readonly string[]): FieldValues {
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

export interface ExtractedKeys {
  keys: unknown[][];
  /** Index fields (by position) that held an array in this document. */
  arrayFields: number[];
  allMissing: boolean;
}

/** All key tuples a document contributes to an index. */
export function extractKeys(doc: Doc, fields: readonly IndexField[]): ExtractedKeys {
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
