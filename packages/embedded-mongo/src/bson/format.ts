/**
 * Renders values the way the server's `BSONObj::toString` does, because clients and
 * people read error messages such as `E11000 ... dup key: { email: "a@b.c" }`.
 */
import type { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { bsonTag, type Doc, isInt32, isPlainObject } from './values';

export function formatDoc(d: Doc): string {
  const keys = Object.keys(d);
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((k) => `${k}: ${formatValue(d[k])}`).join(', ')} }`;
}

export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return `"${v}"`;
    case 'number':
      return isInt32(v) ? String(v) : formatDouble(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
  }
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map(formatValue).join(', ')} ]`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
  if (isPlainObject(v)) return formatDoc(v);
  switch (bsonTag(v)) {
    case 'ObjectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'Double':
      return formatDouble((v as { value: number }).value);
    case 'Int32':
      return String((v as { value: number }).value);
    case 'Long':
      return (v as Long).toString();
    case 'Decimal128':
      return (v as Decimal128).toString();
    case 'Timestamp': {
      const ts = v as Timestamp;
      return `Timestamp(${ts.t}, ${ts.i})`;
    }
    case 'Binary': {
      const bin = v as Binary;
      const hex = Buffer.from(bin.buffer.subarray(0, bin.position)).toString('hex');
      if (bin.sub_type === 4 && bin.position === 16) {
        return `UUID("${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}")`;
      }
      return `BinData(${bin.sub_type}, ${hex.toUpperCase()})`;
    }
    case 'MinKey':
      return 'MinKey';
    case 'MaxKey':
      return 'MaxKey';
  }
  return String(v);
}

/** `appendDoubleNice`: integral doubles keep a trailing `.0`. */
function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'nan.0';
  if (!Number.isFinite(n)) return n > 0 ? 'inf.0' : '-inf.0';
  if (Object.is(n, -0)) return '-0.0';
  const s = String(n);
  return Number.isInteger(n) && !s.includes('e') ? `${s}.0` : s;
}
