import { trustFunction } from './policy';

/**
 * Functions every expression can call, next to the Formily scope. They are plain functions of their
 * arguments (no observables, no clock, no randomness), so the server and the browser compute the same thing.
 */

/** Numbers out of a list that may hold strings from inputs, blanks and nested lists (`sum($deps)`). */
function numbers(values: unknown[]): number[] {
  const flat: number[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && value !== undefined && value !== '') {
      const n = Number(value);
      if (!Number.isNaN(n)) flat.push(n);
    }
  };
  values.forEach(visit);
  return flat;
}

/** Sums decimals such as scores without the 0.1 + 0.2 noise a clerk would notice. */
function sum(...values: unknown[]): number {
  return round(
    numbers(values).reduce((total, n) => total + n, 0),
    10,
  );
}

/** Half away from zero at `digits` decimals, as Chinese finance forms round (四舍五入). */
function round(value: unknown, digits: unknown = 0): number {
  const n = Number(value);
  const d = Math.max(0, Math.min(10, Math.trunc(Number(digits) || 0)));
  if (!Number.isFinite(n)) return n;
  const magnitude = Math.abs(n);
  // Shifting through the decimal text keeps 2.675 at 2.675 (times 100 it would be 267.49999…).
  const text = String(magnitude);
  const rounded = text.includes('e')
    ? Math.round(magnitude * 10 ** d) / 10 ** d
    : Number(`${Math.round(Number(`${text}e${d}`))}e-${d}`);
  return Math.sign(n) * rounded;
}

function min(...values: unknown[]): number | undefined {
  const list = numbers(values);
  return list.length ? Math.min(...list) : undefined;
}

function max(...values: unknown[]): number | undefined {
  const list = numbers(values);
  return list.length ? Math.max(...list) : undefined;
}

function avg(...values: unknown[]): number | undefined {
  const list = numbers(values);
  return list.length ? sum(list) / list.length : undefined;
}

function abs(value: unknown): number {
  return Math.abs(Number(value));
}

/** Empty as a form field is empty: nothing, blank text, an empty list or object. `0` is a value. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** `toNumber('')` is undefined rather than 0, so a blank input does not count as a score of zero. */
function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** Ratio a / b, undefined when b is zero or missing: 执行率, 完成率, 偏差率. */
function ratio(numerator: unknown, denominator: unknown): number | undefined {
  const a = toNumber(numerator);
  const b = toNumber(denominator);
  if (a === undefined || b === undefined || b === 0) return undefined;
  return a / b;
}

/** The first band whose `min` the value reaches: `grade(total, $settings.gradeBands)`. */
function grade(value: unknown, bands: unknown): string | undefined {
  const n = toNumber(value);
  if (n === undefined || !Array.isArray(bands)) return undefined;
  const sorted = bands
    .filter((band): band is { min: number; label: string } => typeof band?.min === 'number')
    .sort((a, b) => b.min - a.min);
  return sorted.find((band) => n >= band.min)?.label;
}

const SafeNumber = Object.freeze(
  Object.assign(
    trustFunction((value: unknown) => Number(value)),
    {
      isFinite: trustFunction((v: unknown) => Number.isFinite(v)),
      isInteger: trustFunction((v: unknown) => Number.isInteger(v)),
      isNaN: trustFunction((v: unknown) => Number.isNaN(v)),
      parseFloat: trustFunction((v: string) => Number.parseFloat(v)),
      parseInt: trustFunction((v: string, radix?: number) => Number.parseInt(v, radix)),
    },
  ),
);

const SafeMath = Object.freeze({
  PI: Math.PI,
  E: Math.E,
  ...Object.fromEntries(
    (
      [
        'abs',
        'ceil',
        'floor',
        'round',
        'trunc',
        'sign',
        'sqrt',
        'cbrt',
        'pow',
        'min',
        'max',
        'log',
        'log10',
        'log2',
        'exp',
      ] as const
    ).map((name) => [name, trustFunction(Math[name] as (...args: never[]) => number)]),
  ),
});

/** Everything an expression sees besides its scope; the scope wins on a name clash, as with Formily's `with`. */
export const HELPERS: Readonly<Record<string, unknown>> = Object.freeze({
  sum: trustFunction(sum),
  round: trustFunction(round),
  min: trustFunction(min),
  max: trustFunction(max),
  avg: trustFunction(avg),
  abs: trustFunction(abs),
  isEmpty: trustFunction(isEmpty),
  toNumber: trustFunction(toNumber),
  ratio: trustFunction(ratio),
  grade: trustFunction(grade),
  Number: SafeNumber,
  String: trustFunction((value: unknown) => String(value)),
  Boolean: trustFunction((value: unknown) => Boolean(value)),
  parseFloat: trustFunction((v: string) => Number.parseFloat(v)),
  parseInt: trustFunction((v: string, radix?: number) => Number.parseInt(v, radix)),
  isNaN: trustFunction((v: unknown) => Number.isNaN(Number(v))),
  isFinite: trustFunction((v: unknown) => Number.isFinite(Number(v))),
  isArray: trustFunction((v: unknown) => Array.isArray(v)),
  Math: SafeMath,
  undefined,
  NaN,
  Infinity,
});
