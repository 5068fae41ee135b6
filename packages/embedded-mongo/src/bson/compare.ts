/**
 * MongoDB's total order over BSON values (the order of `sort`, of index keys and of
 * `$lt`/`$gt` within one type bracket). One comparator serves the matcher, the
 * sorter and the indexes so that an index scan and a collection scan agree.
 */
import type { Binary, DBRef, Long, ObjectId, Timestamp } from 'bson';
import { bsonTag, Canon, canonOf, isPlainObject, toDouble } from './values';

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Fast paths for the values indexes and sorts meet most (strings, numbers, dates).
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string') return compareStrings(a as string, b as string);
    if (ta === 'number') {
      const x = a as number;
      const y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return 0;
      return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
    }
    if (a instanceof Date && b instanceof Date) return sign(a.getTime() - b.getTime());
  }
  const ca = canonOf(a);
  const cb = canonOf(b);
  if (ca !== cb) return ca < cb ? -1 : 1;
  switch (ca) {
    case Canon.Null:
    case Canon.MinKey:
    case Canon.MaxKey:
      return 0;
    case Canon.Number:
      return compareNumbers(a, b);
    case Canon.String:
      return compareStrings(stringOf(a), stringOf(b));
    case Canon.Object:
      return compareObjects(asObject(a), asObject(b));
    case Canon.Array:
      return compareArrays(a as unknown[], b as unknown[]);
    case Canon.Binary:
      return compareBinary(a, b);
    case Canon.ObjectId:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id);
    case Canon.Bool:
      return a === b ? 0 : a ? 1 : -1;
    case Canon.Date:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case Canon.Timestamp:
      return (a as Timestamp).compare(b as Timestamp);
    case Canon.Regex:
      return compareRegex(a, b);
    case Canon.Code:
      return compareStrings(String((a as { code: unknown }).code), String((b as { code: unknown }).code));
  }
  return 0;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareNumbers(a: unknown, b: unknown): number {
  // Two Longs compare exactly; everything else through doubles, which is exact for
  // every int32, every double and every Long below 2^53.
  if (bsonTag(a) === 'Long' && bsonTag(b) === 'Long') return (a as Long).compare(b as Long);
  const x = toDouble(a);
  const y = toDouble(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1; // NaN sorts below every number
  if (Number.isNaN(y)) return 1;
  if (x !== y) return x < y ? -1 : 1;
  // Equal as doubles: above 2^53 a Long may still differ from its nearest double.
  if (Math.abs(x) >= 2 ** 53 && Number.isFinite(x) && (bsonTag(a) === 'Long' || bsonTag(b) === 'Long')) {
    const exact = (v: unknown): bigint =>
      bsonTag(v) === 'Long' ? BigInt((v as Long).toString()) : BigInt(toDouble(v));
    const ea = exact(a);
    const eb = exact(b);
    return ea < eb ? -1 : ea > eb ? 1 : 0;
  }
  return 0;
}

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : String((v as { value: unknown }).value);
}

const HIGH = /[\ud800-\uffff]/;

/**
 * The server compares strings by their UTF-8 bytes. Comparing UTF-16 code units agrees
 * except where both strings differ at characters from U+D800 up (surrogates vs
 * U+E000–U+FFFF); only when both strings contain such characters is the slow
 * code-point comparison needed. CJK text stays on the native fast path.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  if (!HIGH.test(a) || !HIGH.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        const cx = a.codePointAt(i) ?? x;
        const cy = b.codePointAt(i) ?? y;
        return cx < cy ? -1 : 1;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function asObject(v: unknown): Record<string, unknown> {
  if (isPlainObject(v)) return v;
  if (bsonTag(v) === 'DBRef') {
    const ref = v as DBRef;
    const out: Record<string, unknown> = { $ref: ref.collection, $id: ref.oid };
    if (ref.db) out.$db = ref.db;
    return Object.assign(out, ref.fields);
  }
  return v as Record<string, unknown>;
}

/** Field by field: first the canonical type of the values, then the field name, then the value. */
function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]];
    const vb = b[kb[i]];
    const ta = canonOf(va);
    const tb = canonOf(vb);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const byName = compareStrings(ka[i], kb[i]);
    if (byName !== 0) return byName;
    const byValue = compareValues(va, vb);
    if (byValue !== 0) return byValue;
  }
  return ka.length < kb.length ? -1 : ka.length > kb.length ? 1 : 0;
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function binaryParts(v: unknown): { sub: number; bytes: Uint8Array } {
  if (bsonTag(v) === 'Binary') {
    const bin = v as Binary;
    return { sub: bin.sub_type, bytes: bin.buffer.subarray(0, bin.position) };
  }
  return { sub: 0, bytes: v as Uint8Array };
}

/** Binary data orders by length, then subtype, then bytes. */
function compareBinary(a: unknown, b: unknown): number {
  const x = binaryParts(a);
  const y = binaryParts(b);
  if (x.bytes.length !== y.bytes.length) return x.bytes.length < y.bytes.length ? -1 : 1;
  if (x.sub !== y.sub) return x.sub < y.sub ? -1 : 1;
  return Buffer.compare(x.bytes, y.bytes);
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as { pattern: string; options: string };
  return [r.pattern, r.options];
}

function compareRegex(a: unknown, b: unknown): number {
  const [pa, fa] = regexParts(a);
  const [pb, fb] = regexParts(b);
  return compareStrings(pa, pb) || compareStrings(fa, fb);
}

/**
 * Equality that also distinguishes BSON types (int 1 vs double 1.0, field order),
 * i.e. "would serialise to the same bytes". Used to decide whether an update modified
 * a document, which is what `nModified` reports.
 */
export function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    return typeof a === 'number' && typeof b === 'number' && Object.is(a, b);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!identical(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i] || !identical(a[ka[i]], b[kb[i]])) return false;
    }
    return true;
  }
  if (isPlainObject(b)) return false;
  const ta = bsonTag(a);
  if (ta !== bsonTag(b)) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (ta === 'Double') return Object.is((a as { value: number }).value, (b as { value: number }).value);
  if (ta === 'Decimal128') return String(a) === String(b);
  return compareValues(a, b) === 0;
}
