/**
 * The query language (`find` filters, `$match`, `$pull` conditions, partial index
 * filters, validators) with MongoDB's semantics over stored-shape documents: numbers
 * of every BSON width compare as numbers, comparisons stay within a type bracket,
 * arrays match when any element does, `null` matches missing fields, and the index of
 * the matched array element is reported for the positional `$` update operator.
 *
 * Filters are compiled up front so that an invalid operator is rejected even when the
 * collection is empty, as the server does.
 */
import type { Binary } from 'bson';
import { Query } from 'mingo/query';
import { expressionContext } from '../aggregate/expression-context';
import { compareValues } from '../bson/compare';
import { toMingo } from '../bson/normalize';
import {
  bsonTag,
  bsonTypeNumber,
  Canon,
  canonOf,
  type Doc,
  isNumeric,
  isPlainObject,
  toDouble,
  TYPE_NAMES,
} from '../bson/values';
import { badValue, ErrorCode, MongoServerError } from '../errors';
import { asTraversable, isIndexPart, splitPath } from './path';
import { buildRegex, regexTest } from './regex';

/** Filled by a successful match: the array position the positional `$` operator refers to. */
export interface MatchDetails {
  arrayIndex?: number;
}

export interface Matcher {
  test(doc: Doc, details?: MatchDetails): boolean;
}

export interface MatcherOptions {
  /** `let` variables for `$expr`. */
  variables?: Doc;
}

type DocPred = (doc: unknown, details?: MatchDetails) => boolean;
/**
 * Tests one value reached by a path; `fromArray` is true for elements of a terminal
 * array. `$elemMatch` reports the matching element through `hit` (for positional `$`).
 */
type ValueTest = (v: unknown, fromArray: boolean, hit?: { index?: number }) => boolean;

const ALWAYS: DocPred = () => true;

export function compileFilter(filter: unknown, options: MatcherOptions = {}): Matcher {
  if (filter === undefined || filter === null) return { test: () => true };
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const pred = compileDocument(filter, options);
  return { test: (doc, details) => pred(doc, details) };
}

function compileDocument(filter: Doc, options: MatcherOptions): DocPred {
  const preds: DocPred[] = [];
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key.startsWith('$')) {
      const p = compileTopLevel(key, value, options);
      if (p) preds.push(p);
    } else {
      preds.push(compileField(key, value, options));
    }
  }
  return and(preds);
}

function and(preds: DocPred[]): DocPred {
  if (preds.length === 0) return ALWAYS;
  if (preds.length === 1) return preds[0];
  return (doc, details) => {
    for (const p of preds) if (!p(doc, details)) return false;
    return true;
  };
}

function compileTopLevel(op: string, value: unknown, options: MatcherOptions): DocPred | undefined {
  switch (op) {
    case '$and':
    case '$or':
    case '$nor': {
      if (!Array.isArray(value) || value.length === 0) {
        throw badValue(`${op} must be a nonempty array`);
      }
      const subs = value.map((v) => {
        if (!isPlainObject(v)) throw badValue(`${op}/$and/$or/$nor entries need to be full objects`);
        return compileDocument(v, options);
      });
      if (op === '$and') return and(subs);
      if (op === '$or') return (doc, details) => subs.some((s) => s(doc, details));
      return (doc) => !subs.some((s) => s(doc));
    }
    case '$expr':
      return compileExpr(value, options);
    case '$comment':
      return undefined;
    case '$alwaysTrue':
      return ALWAYS;
    case '$alwaysFalse':
      return () => false;
    case '$text':
      throw new MongoServerError(ErrorCode.IndexNotFound, 'text index required for $text query');
    case '$where':
      throw badValue('$where is not supported by the embedded store (no server-side JavaScript)');
    case '$jsonSchema':
      throw badValue('$jsonSchema is not supported by the embedded store');
    case '$sampleRate':
      throw badValue('$sampleRate is not supported by the embedded store');
  }
  throw badValue(
    `unknown top level operator: ${op}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
  );
}

function compileExpr(expr: unknown, options: MatcherOptions): DocPred {
  let query: Query;
  try {
    query = new Query({ $expr: expr }, { variables: options.variables, context: expressionContext() });
  } catch (e) {
    throw badValue((e as Error).message);
  }
  return (doc) => {
    try {
      return query.test(toMingo(doc) as Doc);
    } catch (e) {
      throw badValue((e as Error).message);
    }
  };
}

/** Does any value reached by `parts` satisfy `test`? Records the matched array position. */
function anyValue(
  v: unknown,
  parts: readonly string[],
  i: number,
  test: ValueTest,
  details: MatchDetails | undefined,
  arrayIndex: number | undefined,
): boolean {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      for (let j = 0; j < v.length; j++) {
        if (test(v[j], true)) {
          if (details && details.arrayIndex === undefined) details.arrayIndex = arrayIndex ?? j;
          return true;
        }
      }
      const hit: { index?: number } = {};
      if (test(v, false, hit)) {
        const index = arrayIndex ?? hit.index;
        if (details && details.arrayIndex === undefined && index !== undefined) details.arrayIndex = index;
        return true;
      }
      return false;
    }
    if (test(v, false)) {
      if (details && details.arrayIndex === undefined && arrayIndex !== undefined) {
        details.arrayIndex = arrayIndex;
      }
      return true;
    }
    return false;
  }
  const part = parts[i];
  if (Array.isArray(v)) {
    if (isIndexPart(part)) {
      const idx = Number(part);
      if (idx < v.length && anyValue(v[idx], parts, i + 1, test, details, arrayIndex)) return true;
    }
    let sawDocument = false;
    for (let j = 0; j < v.length; j++) {
      const o = asTraversable(v[j]);
      if (!o) continue;
      sawDocument = true;
      if (anyValue(o[part], parts, i + 1, test, details, arrayIndex ?? j)) return true;
    }
    // An array of scalars has no such field: behaves like a missing value (`{'a.b': null}`).
    return !sawDocument && !isIndexPart(part) && test(undefined, false);
  }
  const o = asTraversable(v);
  return anyValue(o ? o[part] : undefined, parts, i + 1, test, details, arrayIndex);
}

function pathPred(path: string, test: ValueTest): DocPred {
  const parts = splitPath(path);
  if (parts.some((p) => p.length === 0)) throw badValue(`FieldPath field names may not be empty strings.`);
  return (doc, details) => anyValue(doc, parts, 0, test, details, undefined);
}

function negate(p: DocPred): DocPred {
  return (doc) => !p(doc);
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
}

function isRegexValue(v: unknown): boolean {
  return v instanceof RegExp || bsonTag(v) === 'BSONRegExp';
}

function toRegExp(v: unknown): RegExp {
  if (v instanceof RegExp) return v;
  const r = v as { pattern: string; options: string };
  return buildRegex(r.pattern, r.options);
}

function compileField(path: string, value: unknown, options: MatcherOptions): DocPred {
  if (isRegexValue(value)) return pathPred(path, regexValueTest(toRegExp(value)));
  if (isOperatorObject(value)) return compileOperators(path, value, options);
  return pathPred(path, equalityTest(value));
}

function compileOperators(path: string, ops: Doc, options: MatcherOptions): DocPred {
  const preds: DocPred[] = [];
  const keys = Object.keys(ops);
  for (const op of keys) {
    const arg = ops[op];
    switch (op) {
      case '$options':
        if (!('$regex' in ops)) throw badValue('$options needs a $regex');
        break;
      case '$regex': {
        const flags = ops.$options;
        if (flags !== undefined && typeof flags !== 'string') throw badValue('$options has to be a string');
        let re: RegExp;
        if (typeof arg === 'string') re = buildRegex(arg, flags ?? '');
        else if (isRegexValue(arg)) {
          const base = toRegExp(arg);
          re = flags ? buildRegex(base.source, flags) : base;
        } else throw badValue('$regex has to be a string');
        preds.push(pathPred(path, regexValueTest(re)));
        break;
      }
      case '$not':
        preds.push(compileNot(path, arg, options));
        break;
      case '$ne':
        if (isRegexValue(arg)) throw badValue("Can't have regex as arg to $ne.");
        preds.push(negate(pathPred(path, equalityTest(arg))));
        break;
      case '$nin':
        preds.push(negate(pathPred(path, inTest(arg, '$nin'))));
        break;
      case '$exists':
        preds.push(existsPred(path, arg));
        break;
      default:
        preds.push(pathPred(path, compileValueOperator(op, arg, options)));
    }
  }
  return and(preds);
}

function existsPred(path: string, arg: unknown): DocPred {
  const p = pathPred(path, (v) => v !== undefined);
  const want = !(arg === false || arg === null || (isNumeric(arg) && toDouble(arg) === 0));
  return want ? p : negate(p);
}

function compileNot(path: string, arg: unknown, options: MatcherOptions): DocPred {
  if (isRegexValue(arg)) return negate(pathPred(path, regexValueTest(toRegExp(arg))));
  if (!isPlainObject(arg)) throw badValue('$not needs a regex or a document');
  if (Object.keys(arg).length === 0) throw badValue('$not cannot be empty');
  if (!isOperatorObject(arg)) throw badValue('$not needs a regex or a document');
  return negate(compileOperators(path, arg, options));
}

/**
 * Operators that test single values. Exported for `$elemMatch` in value form and for
 * `$pull` conditions, which apply them to array elements directly.
 */
export function compileValueOperator(op: string, arg: unknown, options: MatcherOptions): ValueTest {
  switch (op) {
    case '$eq':
      return equalityTest(arg);
    case '$gt':
      return comparisonTest(arg, (c) => c > 0);
    case '$gte':
      return comparisonTest(arg, (c) => c >= 0);
    case '$lt':
      return comparisonTest(arg, (c) => c < 0);
    case '$lte':
      return comparisonTest(arg, (c) => c <= 0);
    case '$in':
      return inTest(arg, '$in');
    case '$type':
      return typeTest(arg);
    case '$size': {
      if (!isNumeric(arg))
        throw badValue(`Failed to parse $size. Expected a number in: $size: ${String(arg)}`);
      const n = toDouble(arg);
      if (!Number.isInteger(n)) throw badValue(`Failed to parse $size. Expected an integer in: $size: ${n}`);
      if (n < 0) throw badValue(`Failed to parse $size. Expected a non-negative number in: $size: ${n}`);
      return (v, fromArray) => !fromArray && Array.isArray(v) && v.length === n;
    }
    case '$all':
      return allTest(arg, options);
    case '$elemMatch':
      return elemMatchTest(arg, options);
    case '$mod':
      return modTest(arg);
    case '$bitsAllSet':
    case '$bitsAllClear':
    case '$bitsAnySet':
    case '$bitsAnyClear':
      return bitsTest(op, arg);
    case '$comment':
      return () => true;
    case '$near':
    case '$nearSphere':
    case '$geoWithin':
    case '$geoIntersects':
    case '$within':
      throw badValue(`${op} is not supported by the embedded store (no geospatial indexes)`);
    case '$not':
    case '$ne':
    case '$nin':
    case '$exists':
    case '$regex': {
      // Only reachable from $elemMatch/$pull value form: evaluate against the value itself.
      const inner = compileOperators('x', { [op]: arg }, options);
      return (v) => inner({ x: v });
    }
  }
  throw badValue(`unknown operator: ${op}`);
}

function equalityTest(target: unknown): ValueTest {
  if (target === null || target === undefined) return (v) => v === null || v === undefined;
  const c = canonOf(target);
  return (v) => canonOf(v) === c && compareValues(v, target) === 0;
}

function regexValueTest(re: RegExp): ValueTest {
  return (v) => {
    if (typeof v === 'string') return regexTest(re, v);
    if (bsonTag(v) === 'BSONSymbol') return regexTest(re, String((v as { value: string }).value));
    if (v instanceof RegExp) return v.source === re.source && v.flags === re.flags;
    return false;
  };
}

function comparisonTest(target: unknown, ok: (c: number) => boolean): ValueTest {
  const c = canonOf(target);
  if (c === Canon.MinKey || c === Canon.MaxKey) {
    return (v) => ok(compareValues(v, target));
  }
  return (v) => {
    if (v === undefined) v = null;
    return canonOf(v) === c && ok(compareValues(v, target));
  };
}

function inTest(arg: unknown, op: string): ValueTest {
  if (!Array.isArray(arg)) throw badValue(`${op} needs an array`);
  const tests = arg.map((x) => {
    if (isRegexValue(x)) return regexValueTest(toRegExp(x));
    if (isOperatorObject(x) && Object.keys(x).some((k) => k === '$regex')) {
      throw badValue(`cannot nest $ under ${op}`);
    }
    return equalityTest(x);
  });
  return (v, fromArray) => tests.some((t) => t(v, fromArray));
}

function typeTest(arg: unknown): ValueTest {
  const list = Array.isArray(arg) ? arg : [arg];
  const codes = new Set<number>();
  let anyNumber = false;
  for (const t of list) {
    if (typeof t === 'string') {
      if (t === 'number') anyNumber = true;
      else if (t in TYPE_NAMES) codes.add(TYPE_NAMES[t]);
      else throw badValue(`Unknown type name alias: ${t}`);
    } else if (isNumeric(t)) {
      const n = toDouble(t);
      if (!Number.isInteger(n) || !Object.values(TYPE_NAMES).includes(n)) {
        throw badValue(`Invalid numerical type code: ${n}`);
      }
      codes.add(n);
    } else {
      throw new MongoServerError(ErrorCode.TypeMismatch, 'type must be represented as a number or a string');
    }
  }
  return (v) => {
    if (v === undefined) return false;
    if (anyNumber && isNumeric(v)) return true;
    return codes.has(bsonTypeNumber(v));
  };
}

function allTest(arg: unknown, options: MatcherOptions): ValueTest {
  if (!Array.isArray(arg)) throw badValue('$all needs an array');
  if (arg.length === 0) return () => false;
  // `$all` is an AND of equalities (or of `$elemMatch`es) over the same path; each is
  // evaluated with the usual array semantics, so it needs the whole value, not one element.
  const tests: ValueTest[] = arg.map((x) => {
    if (isOperatorObject(x)) {
      const keys = Object.keys(x);
      if (keys.length === 1 && keys[0] === '$elemMatch') return elemMatchTest(x.$elemMatch, options);
      throw badValue('no $ expressions in $all');
    }
    return isRegexValue(x) ? regexValueTest(toRegExp(x)) : equalityTest(x);
  });
  return (v, fromArray) => {
    if (fromArray) return false;
    return tests.every((t) => t(v, false) || (Array.isArray(v) && v.some((el) => t(el, true))));
  };
}

function elemMatchTest(arg: unknown, options: MatcherOptions): ValueTest {
  if (!isPlainObject(arg)) throw badValue('$elemMatch needs an Object');
  const keys = Object.keys(arg);
  const logical = new Set(['$and', '$or', '$nor', '$expr', '$where']);
  const valueForm = keys.length > 0 && keys[0].startsWith('$') && !logical.has(keys[0]);
  let elemTest: (el: unknown) => boolean;
  if (valueForm) {
    const tests = keys.map((op) => {
      if (op === '$not' || op === '$ne' || op === '$nin' || op === '$exists' || op === '$regex') {
        const inner = compileOperators(
          'x',
          { [op]: arg[op], ...(op === '$regex' ? { $options: arg.$options } : {}) },
          options,
        );
        return (el: unknown) => inner({ x: el });
      }
      if (op === '$options') return () => true;
      const t = compileValueOperator(op, arg[op], options);
      return (el: unknown) => t(el, false);
    });
    elemTest = (el) => tests.every((t) => t(el));
  } else {
    const sub = compileDocument(arg, options);
    elemTest = (el) => isPlainObject(el) && sub(el);
  }
  return (v, fromArray, hit) => {
    if (fromArray || !Array.isArray(v)) return false;
    for (let j = 0; j < v.length; j++) {
      if (elemTest(v[j])) {
        if (hit) hit.index = j;
        return true;
      }
    }
    return false;
  };
}

function modTest(arg: unknown): ValueTest {
  if (!Array.isArray(arg)) throw badValue('malformed mod, needs to be an array');
  if (arg.length < 2) throw badValue('malformed mod, not enough elements');
  if (arg.length > 2) throw badValue('malformed mod, too many elements');
  if (!isNumeric(arg[0])) throw badValue('malformed mod, divisor not a number');
  if (!isNumeric(arg[1])) throw badValue('malformed mod, remainder not a number');
  const d = Math.trunc(toDouble(arg[0]));
  const r = Math.trunc(toDouble(arg[1]));
  if (d === 0) throw badValue('divisor cannot be 0');
  return (v) => isNumeric(v) && Number.isFinite(toDouble(v)) && Math.trunc(toDouble(v)) % d === r;
}

function bitsTest(op: string, arg: unknown): ValueTest {
  let positions: number[];
  if (Array.isArray(arg)) {
    positions = arg.map((p) => {
      const n = toDouble(p);
      if (!isNumeric(p) || !Number.isInteger(n) || n < 0) {
        throw badValue(`bit positions must be non-negative integers in: ${op}`);
      }
      return n;
    });
  } else if (isNumeric(arg)) {
    const mask = toDouble(arg);
    if (!Number.isInteger(mask) || mask < 0) throw badValue(`${op} takes a non-negative integer mask`);
    positions = [];
    for (let i = 0; i < 53; i++) if (Math.floor(mask / 2 ** i) % 2 === 1) positions.push(i);
  } else if (bsonTag(arg) === 'Binary') {
    const bin = arg as Binary;
    positions = [];
    for (let i = 0; i < bin.position; i++) {
      for (let b = 0; b < 8; b++) if (bin.buffer[i] & (1 << b)) positions.push(i * 8 + b);
    }
  } else {
    throw badValue(`${op} takes an Array, a number, or a BinData but received: ${String(arg)}`);
  }
  const bitAt = (v: unknown, pos: number): boolean | undefined => {
    if (isNumeric(v)) {
      const n = toDouble(v);
      if (!Number.isInteger(n)) return undefined;
      if (n >= 0) return pos < 64 && Math.floor(n / 2 ** pos) % 2 === 1;
      return pos >= 53 ? true : (BigInt(n) >> BigInt(pos)) % 2n !== 0n;
    }
    if (bsonTag(v) === 'Binary') {
      const bin = v as Binary;
      const byte = Math.floor(pos / 8);
      return byte < bin.position ? (bin.buffer[byte] & (1 << (pos % 8))) !== 0 : false;
    }
    return undefined;
  };
  return (v) => {
    const bits = positions.map((p) => bitAt(v, p));
    if (bits.some((b) => b === undefined)) return false;
    switch (op) {
      case '$bitsAllSet':
        return bits.every((b) => b === true);
      case '$bitsAllClear':
        return bits.every((b) => b === false);
      case '$bitsAnySet':
        return bits.some((b) => b === true);
      default:
        return bits.some((b) => b === false);
    }
  };
}
