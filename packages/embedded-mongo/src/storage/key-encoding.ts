/**
 * Order-preserving string encoding of index keys. Each key tuple becomes one JS
 * string whose code-unit order equals MongoDB's order of the tuple (with each
 * field's direction), so the index compares entries with native string comparison
 * instead of walking values. Encodings of single values are prefix-free, which makes
 * concatenating compound keys and complementing descending fields order-correct.
 *
 * Per value: a type unit (canonical type + 2, so 1..129; 0 is the terminator) then:
 *   number    4 units of the sortable IEEE-754 bits + 4 units correcting Longs beyond
 *             2^53 to their exact value (so distinct int64s never collide)
 *   string    code units remapped to code-point order, 0/1 escaped, terminated by 0
 *   date      4 units of the sortable double of its milliseconds
 *   objectId  6 units (12 bytes); bool 1 unit; timestamp 4 units
 *   binary    length (2 units), subtype, bytes two per unit
 *   object    per field: value type unit, field name (as a string), value payload; then 0
 *   array     element encodings, then 0
 *   null, missing, MinKey, MaxKey: the type unit alone
 */
import type { Binary, Long, ObjectId, Timestamp } from 'bson';
import { bsonTag, Canon, canonOf, isPlainObject, toDouble } from '../bson/values';
import { asTraversable } from '../query/path';

const view = new DataView(new ArrayBuffer(8));
const NEUTRAL_TAIL = String.fromCharCode(0x8000, 0, 0, 0);
// eslint-disable-next-line no-control-regex -- NUL and 0x01 are exactly the units that need escaping
const NEEDS_ESCAPE = /[\u0000\u0001\ud800-\uffff]/;
/** Sorts after every unit that can start or continue a key at a field boundary. */
export const KEY_MAX_UNIT = '\uffff';

export function typeUnit(c: Canon): string {
  return String.fromCharCode(c + 2);
}

function doubleUnits(d: number): string {
  if (Number.isNaN(d)) return '\u0000\u0000\u0000\u0000'; // NaN sorts below every number
  view.setFloat64(0, d === 0 ? 0 : d);
  let hi = view.getUint32(0);
  let lo = view.getUint32(4);
  if (hi & 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x80000000) >>> 0;
  }
  return String.fromCharCode(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff);
}

function uint64Units(x: bigint): string {
  const v = BigInt.asUintN(64, x);
  return String.fromCharCode(
    Number((v >> 48n) & 0xffffn),
    Number((v >> 32n) & 0xffffn),
    Number((v >> 16n) & 0xffffn),
    Number(v & 0xffffn),
  );
}

function numberPayload(v: unknown): string {
  const d = toDouble(v);
  if (bsonTag(v) === 'Long' && Math.abs(d) >= 2 ** 53) {
    // The double is the nearest value; the tail carries the exact difference.
    const diff = BigInt((v as Long).toString()) - BigInt(d);
    return doubleUnits(d) + uint64Units(diff + (1n << 63n));
  }
  return doubleUnits(d) + NEUTRAL_TAIL;
}

/** Strings in code-point order (= the server's UTF-8 byte order), escaped, terminated. */
function stringPayload(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s + '\u0000';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) c += 0x2000;
    else if (c >= 0xe000) c -= 0x800;
    out += c <= 1 ? '\u0001' + String.fromCharCode(c + 1) : String.fromCharCode(c);
  }
  return out + '\u0000';
}

function bytesPayload(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | (bytes[i + 1] ?? 0));
  return out;
}

function payload(v: unknown, c: Canon): string {
  switch (c) {
    case Canon.Null:
    case Canon.MinKey:
    case Canon.MaxKey:
      return '';
    case Canon.Number:
      return numberPayload(v);
    case Canon.String:
      return stringPayload(typeof v === 'string' ? v : String((v as { value: unknown }).value));
    case Canon.Date:
      return doubleUnits((v as Date).getTime());
    case Canon.ObjectId:
      return bytesPayload((v as ObjectId).id);
    case Canon.Bool:
      return v ? '\u0001' : '\u0000';
    case Canon.Timestamp: {
      const ts = v as Timestamp;
      return String.fromCharCode(ts.t >>> 16, ts.t & 0xffff, ts.i >>> 16, ts.i & 0xffff);
    }
    case Canon.Binary: {
      const isBin = bsonTag(v) === 'Binary';
      const bytes = isBin ? (v as Binary).buffer.subarray(0, (v as Binary).position) : (v as Uint8Array);
      const sub = isBin ? (v as Binary).sub_type : 0;
      return String.fromCharCode(bytes.length >>> 16, bytes.length & 0xffff, sub) + bytesPayload(bytes);
    }
    case Canon.Array:
      return (v as unknown[]).map(encodeValue).join('') + '\u0000';
    case Canon.Object: {
      const o = isPlainObject(v) ? v : (asTraversable(v) ?? {});
      let out = '';
      for (const k of Object.keys(o)) {
        const fc = canonOf(o[k]);
        out += typeUnit(fc) + stringPayload(k) + payload(o[k], fc);
      }
      return out + '\u0000';
    }
    case Canon.Regex: {
      const [p, f] =
        v instanceof RegExp
          ? [v.source, v.flags]
          : [(v as { pattern: string }).pattern, (v as { options: string }).options];
      return stringPayload(p) + stringPayload(f);
    }
    case Canon.Code:
      return stringPayload(String((v as { code: unknown }).code));
  }
  return '';
}

/** Ascending encoding of one value. */
export function encodeValue(v: unknown): string {
  const c = canonOf(v);
  return typeUnit(c) + payload(v, c);
}

export function complement(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(0xffff - s.charCodeAt(i));
  return out;
}

export function encodeComponent(v: unknown, dir: 1 | -1): string {
  const e = encodeValue(v);
  return dir === 1 ? e : complement(e);
}

export function encodeKey(values: readonly unknown[], dirs: readonly (1 | -1)[]): string {
  if (values.length === 1) return encodeComponent(values[0], dirs[0]);
  let out = '';
  for (let i = 0; i < values.length; i++) out += encodeComponent(values[i], dirs[i]);
  return out;
}

/**
 * Where a type bracket begins and ends in physical order (for bounds like `$gt: 5`,
 * which stop at the end of the numbers). Type units are at least 2 apart, so
 * unit ± 1 lies strictly between brackets.
 */
export function bracketStart(c: Canon, dir: 1 | -1): string {
  return dir === 1 ? typeUnit(c) : String.fromCharCode(0xffff - (c + 3));
}

export function bracketEnd(c: Canon, dir: 1 | -1): string {
  return dir === 1 ? String.fromCharCode(c + 3) : String.fromCharCode(0xffff - (c + 1));
}
