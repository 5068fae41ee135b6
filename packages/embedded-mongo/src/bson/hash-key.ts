/**
 * A string that is equal for two values exactly when MongoDB considers them equal
 * (so int 1, double 1.0 and Long 1 share a key, while field order in embedded
 * documents matters). Used as a Map key for the `_id` lookup table, for de-duplicating
 * `$addToSet`/`distinct`, and for comparing index keys cheaply.
 */
import type { Binary, ObjectId } from 'bson';
import { bsonTag, Canon, canonOf, isPlainObject, toDouble } from './values';

export function hashKey(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + (v === 0 ? '0' : String(v));
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'z';
  }
  if (v === null) return 'z';
  const c = canonOf(v);
  switch (c) {
    case Canon.Number: {
      if (bsonTag(v) === 'Long') {
        const n = toDouble(v);
        // Longs beyond 2^53 keep their exact digits; smaller ones match the equal double.
        return Number.isSafeInteger(n) ? 'n' + (n === 0 ? '0' : String(n)) : 'n' + String(v);
      }
      const n = toDouble(v);
      return 'n' + (n === 0 ? '0' : String(n));
    }
    case Canon.ObjectId:
      return 'o' + (v as ObjectId).toHexString();
    case Canon.Date:
      return 'd' + (v as Date).getTime();
    case Canon.String:
      return 's' + String((v as { value: unknown }).value);
    case Canon.Array:
      return '[' + (v as unknown[]).map(hashKey).join(',') + ']';
    case Canon.Binary: {
      const bin = v as Binary;
      const bytes = bsonTag(v) === 'Binary' ? bin.buffer.subarray(0, bin.position) : (v as Uint8Array);
      return 'b' + (bsonTag(v) === 'Binary' ? bin.sub_type : 0) + ':' + Buffer.from(bytes).toString('base64');
    }
    case Canon.Object: {
      const o = isPlainObject(v) ? v : (v as Record<string, unknown>);
      return (
        '{' +
        Object.keys(o)
          .map((k) => JSON.stringify(k) + ':' + hashKey(o[k]))
          .join(',') +
        '}'
      );
    }
    case Canon.MinKey:
      return 'm';
    case Canon.MaxKey:
      return 'M';
  }
  return c + ':' + String(v);
}
