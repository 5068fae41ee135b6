/**
 * One function per update operator, applied to a resolved (container, key) target
 * of a working copy. Each returns whether it changed anything, which feeds
 * `nModified`.
 */
import { Timestamp } from 'bson';
import { compareValues, identical, valuesEqual } from '../bson/compare';
import { formatDoc, formatValue } from '../bson/format';
import { cloneValue } from '../bson/normalize';
import { type Doc, isNumeric, isPlainObject, toDouble, typeName } from '../bson/values';
import { badValue, ErrorCode, MongoServerError, typeMismatch } from '../errors';
import { compileFilter, compileValueOperator } from '../query/matcher';
import { parseSort, sortDocs } from '../query/sort';
import { arith, zeroOf } from './arithmetic';
import { type Container, getIn, hasIn, setIn, type Target } from './targets';

export interface OpEnv {
  /** The `_id` of the document, for error messages. */
  id: unknown;
  now: Date;
}

export type OpFn = (t: Target, arg: unknown, env: OpEnv) => boolean;

function idText(env: OpEnv): string {
  return formatDoc({ _id: env.id });
}

function put(t: Target, value: unknown): boolean {
  if (hasIn(t.container, t.key) && identical(getIn(t.container, t.key), value)) return false;
  setIn(t.container, t.key, value);
  return true;
}

function remove(container: Container, key: string): boolean {
  if (!hasIn(container, key)) return false;
  if (Array.isArray(container)) container[Number(key)] = null;
  else delete container[key];
  return true;
}

const $set: OpFn = (t, arg) => put(t, cloneValue(arg));

const $unset: OpFn = (t) => remove(t.container, t.key);

function numericOp(op: '$inc' | '$mul'): OpFn {
  return (t, arg, env) => {
    if (!hasIn(t.container, t.key) || getIn(t.container, t.key) === undefined) {
      return put(t, op === '$inc' ? cloneValue(arg) : zeroOf(arg));
    }
    const cur = getIn(t.container, t.key);
    if (!isNumeric(cur)) {
      throw typeMismatch(
        `Cannot apply ${op} to a value of non-numeric type. ${idText(env)} has the field '${t.key}' of non-numeric type ${typeName(cur)}`,
      );
    }
    return put(t, arith(op, cur, arg));
  };
}

function minMax(sign: 1 | -1): OpFn {
  return (t, arg) => {
    if (!hasIn(t.container, t.key)) return put(t, cloneValue(arg));
    const c = compareValues(arg, getIn(t.container, t.key));
    return c * sign < 0 ? put(t, cloneValue(arg)) : false;
  };
}

const $currentDate: OpFn = (t, arg, env) => {
  let kind = 'date';
  if (isPlainObject(arg)) {
    const type = arg.$type;
    if (type !== 'date' && type !== 'timestamp') {
      throw badValue(
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      );
    }
    kind = type;
  } else if (typeof arg !== 'boolean') {
    throw badValue(
      `${typeName(arg)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  const value =
    kind === 'date'
      ? new Date(env.now.getTime())
      : new Timestamp({ t: Math.floor(env.now.getTime() / 1000), i: nextIncrement() });
  setIn(t.container, t.key, value);
  return true;
};

let increment = 0;
function nextIncrement(): number {
  increment = (increment + 1) % 0x7fffffff;
  return increment;
}

function arrayAt(t: Target, env: OpEnv): unknown[] | undefined {
  if (!hasIn(t.container, t.key)) return undefined;
  const cur = getIn(t.container, t.key);
  if (!Array.isArray(cur)) {
    throw badValue(
      `The field '${t.key}' must be an array but is of type ${typeName(cur)} in document ${idText(env)}`,
    );
  }
  return cur;
}

const PUSH_CLAUSES = new Set(['$each', '$slice', '$sort', '$position']);

const $push: OpFn = (t, arg, env) => {
  let each: unknown[] = [arg];
  let position: number | undefined;
  let sliceN: number | undefined;
  let sortSpec: unknown;
  if (isPlainObject(arg) && '$each' in arg) {
    for (const k of Object.keys(arg)) {
      if (!PUSH_CLAUSES.has(k)) throw badValue(`Unrecognized clause in $push: ${k}`);
    }
    if (!Array.isArray(arg.$each)) {
      throw badValue(
        `The argument to $each in $push must be an array but it was of type: ${typeName(arg.$each)}`,
      );
    }
    each = arg.$each;
    if (arg.$position !== undefined) {
      if (!isNumeric(arg.$position) || !Number.isInteger(toDouble(arg.$position))) {
        throw badValue(
          `The value for $position must be an integer value, not of type: ${typeName(arg.$position)}`,
        );
      }
      position = toDouble(arg.$position);
    }
    if (arg.$slice !== undefined) {
      if (!isNumeric(arg.$slice) || !Number.isInteger(toDouble(arg.$slice))) {
        throw badValue(
          `The value for $slice must be an integer value but was given type: ${typeName(arg.$slice)}`,
        );
      }
      sliceN = toDouble(arg.$slice);
    }
    sortSpec = arg.$sort;
  }
  const cur = arrayAt(t, env);
  const before = cur ?? [];
  let next = before.slice();
  const items = each.map((v) => cloneValue(v));
  if (position === undefined) next.push(...items);
  else {
    const at = position >= 0 ? Math.min(position, next.length) : Math.max(next.length + position, 0);
    next.splice(at, 0, ...items);
  }
  if (sortSpec !== undefined) next = sortArray(next, sortSpec);
  if (sliceN !== undefined)
    next = sliceN >= 0 ? next.slice(0, sliceN) : next.slice(Math.max(next.length + sliceN, 0));
  if (cur && identical(cur, next)) return false;
  setIn(t.container, t.key, next);
  return true;
};

function sortArray(arr: unknown[], spec: unknown): unknown[] {
  if (isNumeric(spec)) {
    const dir = toDouble(spec);
    if (dir !== 1 && dir !== -1) throw badValue('The $sort element value must be either 1 or -1');
    return arr.slice().sort((a, b) => compareValues(a, b) * dir);
  }
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw badValue(
      'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
    );
  }
  const parsed = parseSort(spec);
  if (!parsed) return arr;
  // Non-document elements sort as if their fields were missing.
  const wrapped = arr.map((v) => (isPlainObject(v) ? v : ({ __scalar: v } as Doc)));
  return sortDocs(wrapped, parsed).map((d) =>
    '__scalar' in d && Object.keys(d).length === 1 ? d.__scalar : d,
  );
}

const $addToSet: OpFn = (t, arg) => {
  let each: unknown[] = [arg];
  if (isPlainObject(arg) && '$each' in arg) {
    if (!Array.isArray(arg.$each)) {
      throw badValue(
        `The argument to $each in $addToSet must be an array but it was of type ${typeName(arg.$each)}`,
      );
    }
    each = arg.$each;
  }
  let cur: unknown[] | undefined;
  if (hasIn(t.container, t.key)) {
    const v = getIn(t.container, t.key);
    if (!Array.isArray(v)) {
      throw badValue(
        `Cannot apply $addToSet to non-array field. Field named '${t.key}' has non-array type ${typeName(v)}`,
      );
    }
    cur = v;
  }
  const next = cur ? cur.slice() : [];
  let changed = !cur;
  for (const v of each) {
    if (!next.some((x) => valuesEqual(x, v))) {
      next.push(cloneValue(v));
      changed = true;
    }
  }
  if (!changed) return false;
  setIn(t.container, t.key, next);
  return true;
};

const $pop: OpFn = (t, arg) => {
  if (!isNumeric(arg) || (toDouble(arg) !== 1 && toDouble(arg) !== -1)) {
    throw new MongoServerError(ErrorCode.FailedToParse, `$pop expects 1 or -1, found: ${formatValue(arg)}`);
  }
  if (!hasIn(t.container, t.key)) return false;
  const cur = getIn(t.container, t.key);
  if (!Array.isArray(cur)) {
    throw typeMismatch(`Path '${t.path}' contains an element of non-array type '${typeName(cur)}'`);
  }
  if (cur.length === 0) return false;
  setIn(t.container, t.key, toDouble(arg) === 1 ? cur.slice(0, -1) : cur.slice(1));
  return true;
};

function pullPredicate(arg: unknown): (el: unknown) => boolean {
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length > 0 && keys[0].startsWith('$') && !['$and', '$or', '$nor', '$expr'].includes(keys[0])) {
      // `{$gte: 6}`: conditions on the element itself
      const tests = keys.map((op) => {
        if (['$not', '$ne', '$nin', '$exists', '$regex', '$options'].includes(op)) {
          const m = compileFilter({
            x: { [op]: arg[op], ...(op === '$regex' && arg.$options ? { $options: arg.$options } : {}) },
          });
          return (el: unknown) => m.test({ x: el });
        }
        const test = compileValueOperator(op, arg[op], {});
        return (el: unknown) => test(el, false);
      });
      return (el) => tests.every((t) => t(el));
    }
    // `{score: 8, item: "B"}`: a query over each embedded document
    const m = compileFilter(arg);
    return (el) => isPlainObject(el) && m.test(el);
  }
  if (arg instanceof RegExp) return (el) => typeof el === 'string' && arg.test(el);
  return (el) => valuesEqual(el, arg);
}

const $pull: OpFn = (t, arg) => {
  if (!hasIn(t.container, t.key)) return false;
  const cur = getIn(t.container, t.key);
  if (!Array.isArray(cur)) throw badValue('Cannot apply $pull to a non-array value');
  const pred = pullPredicate(arg);
  const next = cur.filter((el) => !pred(el));
  if (next.length === cur.length) return false;
  setIn(t.container, t.key, next);
  return true;
};

const $pullAll: OpFn = (t, arg) => {
  if (!Array.isArray(arg))
    throw badValue(`$pullAll requires an array argument but was given a ${typeName(arg)}`);
  if (!hasIn(t.container, t.key)) return false;
  const cur = getIn(t.container, t.key);
  if (!Array.isArray(cur)) throw badValue('Cannot apply $pull to a non-array value');
  const next = cur.filter((el) => !arg.some((x) => valuesEqual(el, x)));
  if (next.length === cur.length) return false;
  setIn(t.container, t.key, next);
  return true;
};

const $bit: OpFn = (t, arg, env) => {
  if (!isPlainObject(arg) || Object.keys(arg).length === 0) {
    throw badValue(
      `The $bit modifier is not compatible with a ${typeName(arg)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  const cur = hasIn(t.container, t.key) ? getIn(t.container, t.key) : 0;
  if (!isNumeric(cur) || !Number.isInteger(toDouble(cur))) {
    throw badValue(
      `Cannot apply $bit to a value of non-integral type.${idText(env)} has the field ${t.key} of non-integer type ${typeName(cur)}`,
    );
  }
  let value = BigInt(toDouble(cur));
  for (const op of Object.keys(arg)) {
    const operand = arg[op];
    if (!isNumeric(operand) || !Number.isInteger(toDouble(operand))) {
      throw badValue(
        `The $bit modifier field must be an Integer(32/64 bit); a '${typeName(operand)}' is not supported here`,
      );
    }
    const b = BigInt(toDouble(operand));
    if (op === 'and') value &= b;
    else if (op === 'or') value |= b;
    else if (op === 'xor') value ^= b;
    else
      throw badValue(
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator`,
      );
  }
  return put(t, Number(value));
};

export const OPERATORS: Record<string, OpFn> = {
  $set,
  $setOnInsert: $set,
  $unset,
  $inc: numericOp('$inc'),
  $mul: numericOp('$mul'),
  $min: minMax(1),
  $max: minMax(-1),
  $currentDate,
  $push,
  $addToSet,
  $pop,
  $pull,
  $pullAll,
  $bit,
};

/** Operators that never create missing intermediate documents. */
export const NON_CREATING = new Set(['$unset', '$pop', '$pull', '$pullAll']);
