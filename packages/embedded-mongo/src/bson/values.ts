/**
 * How BSON values look in memory, and the few predicates everything else builds on.
 *
 * Stored documents keep exact BSON types without making every number an object:
 * int32 values are plain JS numbers, doubles are plain numbers unless they would
 * re-serialise as int32 (then they stay `Double`), and Long, Decimal128, ObjectId,
 * Binary, Timestamp, ... stay as the `bson` classes. See `normalize.ts`.
 */
import { Decimal128, Double, Int32, Long } from 'bson';

export type Doc = Record<string, unknown>;

/** Names of the bson classes we care about, read from their `_bsontype` tag. */
export type BsonTag =
  | 'ObjectId'
  | 'Long'
  | 'Double'
  | 'Int32'
  | 'Decimal128'
  | 'Binary'
  | 'Timestamp'
  | 'MinKey'
  | 'MaxKey'
  | 'Code'
  | 'BSONSymbol'
  | 'DBRef'
  | 'BSONRegExp';

export function bsonTag(v: unknown): BsonTag | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  return (v as { _bsontype?: BsonTag })._bsontype;
}

/** A plain document (not an array, not a bson class instance, not a Date/RegExp). */
export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * MongoDB's canonical type order, used for sorting and for type bracketing in
 * comparisons (numbers of every width share one bracket, strings and symbols another).
 * Values follow `canonicalizeBSONType` in the server.
 */
export const enum Canon {
  MinKey = -1,
  Null = 5,
  Number = 10,
  String = 15,
  Object = 20,
  Array = 25,
  Binary = 30,
  ObjectId = 35,
  Bool = 40,
  Date = 45,
  Timestamp = 47,
  Regex = 50,
  Code = 60,
  MaxKey = 127,
}

export function canonOf(v: unknown): Canon {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return Canon.Number;
    case 'string':
      return Canon.String;
    case 'boolean':
      return Canon.Bool;
    case 'undefined':
      return Canon.Null;
    case 'object':
      break;
    default:
      return Canon.Object;
  }
  if (v === null) return Canon.Null;
  if (Array.isArray(v)) return Canon.Array;
  if (v instanceof Date) return Canon.Date;
  if (v instanceof RegExp) return Canon.Regex;
  switch (bsonTag(v)) {
    case undefined:
      return Buffer.isBuffer(v) || v instanceof Uint8Array ? Canon.Binary : Canon.Object;
    case 'Long':
    case 'Double':
    case 'Int32':
    case 'Decimal128':
      return Canon.Number;
    case 'ObjectId':
      return Canon.ObjectId;
    case 'Binary':
      return Canon.Binary;
    case 'Timestamp':
      return Canon.Timestamp;
    case 'MinKey':
      return Canon.MinKey;
    case 'MaxKey':
      return Canon.MaxKey;
    case 'BSONSymbol':
      return Canon.String;
    case 'BSONRegExp':
      return Canon.Regex;
    case 'Code':
      return Canon.Code;
    case 'DBRef':
      return Canon.Object;
  }
  return Canon.Object;
}

export function isNumeric(v: unknown): boolean {
  return canonOf(v) === Canon.Number;
}

/** Best-effort JS number for any numeric BSON value (Long beyond 2^53 and Decimal128 lose precision). */
export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  switch (bsonTag(v)) {
    case 'Double':
      return (v as Double).value;
    case 'Int32':
      return (v as Int32).value;
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return parseDecimal((v as Decimal128).toString());
  }
  return NaN;
}

function parseDecimal(s: string): number {
  if (s === 'Infinity') return Infinity;
  if (s === '-Infinity') return -Infinity;
  return Number(s);
}

/** The BSON numeric type a value serialises as; used by arithmetic to pick the result type. */
export type NumKind = 'int' | 'long' | 'double' | 'decimal';

export function numKind(v: unknown): NumKind | undefined {
  if (typeof v === 'number') return isInt32(v) ? 'int' : 'double';
  switch (bsonTag(v)) {
    case 'Double':
      return 'double';
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
  }
  return undefined;
}

/** True when the `bson` serializer would write this JS number as int32. */
export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 && !Object.is(n, -0);
}

/** A double-typed value: a plain number when that already serialises as double, else a `Double`. */
export function makeDouble(n: number): number | Double {
  return isInt32(n) ? new Double(n) : n;
}

/** Reads an integer option (limit, batchSize, ...) that may arrive as any numeric BSON type. */
export function asInteger(v: unknown): number | undefined {
  if (!isNumeric(v)) return undefined;
  const n = toDouble(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** MongoDB's notion of truthiness for option flags. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (isNumeric(v)) return toDouble(v) !== 0;
  return true;
}

/** `$type` names, in the order the server documents them. */
export const TYPE_NAMES: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

/** The BSON type number of a stored value (what `$type` tests against). */
export function bsonTypeNumber(v: unknown): number {
  if (v === undefined) return 6;
  if (v === null) return 10;
  switch (typeof v) {
    case 'number':
      return isInt32(v) ? 16 : 1;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    case 'bigint':
      return 18;
  }
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  switch (bsonTag(v)) {
    case 'Double':
      return 1;
    case 'Int32':
      return 16;
    case 'Long':
      return 18;
    case 'Decimal128':
      return 19;
    case 'ObjectId':
      return 7;
    case 'Binary':
      return 5;
    case 'Timestamp':
      return 17;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    case 'BSONSymbol':
      return 14;
    case 'BSONRegExp':
      return 11;
    case 'Code':
      return (v as { scope?: unknown }).scope ? 15 : 13;
  }
  return 3;
}

/** Type names used in error messages (`typeName()` in the server). */
export function typeName(v: unknown): string {
  const n = bsonTypeNumber(v);
  for (const [name, num] of Object.entries(TYPE_NAMES)) if (num === n) return name;
  return 'unknown';
}

export { Decimal128, Double, Int32, Long };
