/**
 * Conversions between the three shapes a value takes in this server:
 * - wire shape: what `bson.deserialize(..., {promoteValues: false})` returns (every
 *   number wrapped in Int32/Double/Long);
 * - stored shape: plain numbers wherever that round-trips to the same BSON type
 *   (see `values.ts`), bson classes otherwise;
 * - mingo shape: every numeric type as a JS number, for the aggregation engine, which
 *   only understands JS numbers.
 */
import { bsonTag, type Doc, isInt32, isPlainObject, toDouble } from './values';
import type { Double, Int32 } from 'bson';

/** Turns a freshly deserialised command into stored shape, in place. Returns the value to use. */
export function normalizeIncoming(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeIncoming(v[i]);
    return v;
  }
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = normalizeIncoming(v[k]);
    return v;
  }
  switch (bsonTag(v)) {
    case 'Int32':
      return (v as Int32).value;
    case 'Double': {
      const n = (v as Double).value;
      // An integral double in int32 range would come back as int32 if stored as a JS number.
      return isInt32(n) ? v : n;
    }
  }
  return v;
}

/**
 * Deep copy that keeps bson class instances (they are immutable in this server) and
 * copies plain objects and arrays, preserving field order. `structuredClone` would turn
 * an ObjectId into a plain object.
 */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneValue(v[i]);
    return out as T;
  }
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = cloneValue(v[k]);
    return out as T;
  }
  if (v instanceof Date) return new Date(v.getTime()) as T;
  return v;
}

export function cloneDoc(d: Doc): Doc {
  return cloneValue(d);
}

/** A copy in mingo shape: numeric bson types become JS numbers, the rest is kept. */
export function toMingo(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toMingo);
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = toMingo(v[k]);
    return out;
  }
  switch (bsonTag(v)) {
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return toDouble(v);
  }
  if (v instanceof Date) return new Date(v.getTime());
  return v;
}

/** Drops `undefined` fields mingo may leave behind, so replies never carry them. */
export function fromMingo(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : fromMingo(x)));
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x !== undefined) out[k] = fromMingo(x);
    }
    return out;
  }
  return v;
}
