/**
 * `$inc` and `$mul` with MongoDB's result types: int op int stays int unless it
 * overflows (then long), anything with a long is long, anything with a double is
 * double, anything with a decimal is decimal.
 */
import { Decimal128, Long } from 'bson';
import { makeDouble, numKind, type NumKind, toDouble } from '../bson/values';
import { MongoServerError } from '../errors';

const RANK: Record<NumKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

function widest(a: NumKind, b: NumKind): NumKind {
  return RANK[a] >= RANK[b] ? a : b;
}

function toLong(v: unknown): Long {
  if (v instanceof Long) return v;
  return Long.fromNumber(toDouble(v));
}

export function arith(op: '$inc' | '$mul', a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (!ka || !kb) throw new MongoServerError(14, `${op} requires numeric operands`);
  const kind = widest(ka, kb);
  switch (kind) {
    case 'int': {
      const r = op === '$inc' ? toDouble(a) + toDouble(b) : toDouble(a) * toDouble(b);
      if (r >= -2147483648 && r <= 2147483647) return r;
      // int32 overflow promotes to long, computed exactly
      const x = Long.fromNumber(toDouble(a));
      const y = Long.fromNumber(toDouble(b));
      return op === '$inc' ? x.add(y) : x.multiply(y);
    }
    case 'long': {
      const x = toLong(a);
      const y = toLong(b);
      const r = op === '$inc' ? x.add(y) : x.multiply(y);
      const approx = op === '$inc' ? toDouble(a) + toDouble(b) : toDouble(a) * toDouble(b);
      // Long arithmetic wraps silently; the server refuses instead.
      if (Math.abs(approx) >= 9.3e18 || Math.sign(approx) * Math.sign(r.toNumber()) < 0) {
        throw new MongoServerError(
          2,
          `Failed to apply ${op} operations to current value (${String(a)}) for document: result overflows a long`,
        );
      }
      return r;
    }
    case 'double': {
      const r = op === '$inc' ? toDouble(a) + toDouble(b) : toDouble(a) * toDouble(b);
      return makeDouble(r);
    }
    case 'decimal': {
      const r = op === '$inc' ? toDouble(a) + toDouble(b) : toDouble(a) * toDouble(b);
      return Decimal128.fromString(String(r));
    }
  }
}

/** `$mul` on a missing field stores zero of the multiplier's type. */
export function zeroOf(v: unknown): unknown {
  switch (numKind(v)) {
    case 'long':
      return Long.ZERO;
    case 'double':
      return makeDouble(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return 0;
  }
}
