/**
 * What an expression may touch. The evaluator asks this module before every property read and every call,
 * so the whole sandbox policy is readable in one place.
 */

/** Names that reach the host or the function constructor; refused as identifiers when compiling. */
const GLOBAL_NAMES = new Set([
  'globalThis',
  'window',
  'self',
  'global',
  'process',
  'require',
  'module',
  'exports',
  'Function',
  'eval',
  'Reflect',
  'Proxy',
  'Symbol',
  'Object',
  'Array',
  'Promise',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'fetch',
  'XMLHttpRequest',
  'WebAssembly',
  'import',
  'arguments',
]);

/** Property names that lead to prototypes or the function constructor, however they are spelled. */
const BLOCKED_KEYS = new Set(['constructor', 'prototype', 'caller', 'callee', 'arguments']);

export function isBlockedGlobal(name: string): boolean {
  return GLOBAL_NAMES.has(name);
}

export function isBlockedKey(key: string): boolean {
  // `__proto__`, `__defineGetter__`, `__lookupSetter__` … all start with two underscores.
  return BLOCKED_KEYS.has(key) || key.startsWith('__');
}

/**
 * Native methods an expression may call on strings, numbers and arrays: pure, non-mutating, and unable to
 * allocate much (no `repeat`/`padStart`, whose size argument is free).
 */
const SAFE_METHODS: ReadonlySet<unknown> = new Set<unknown>([
  ...pick(String.prototype, [
    'at',
    'charAt',
    'charCodeAt',
    'concat',
    'endsWith',
    'includes',
    'indexOf',
    'lastIndexOf',
    'localeCompare',
    'slice',
    'split',
    'startsWith',
    'substring',
    'toLowerCase',
    'toUpperCase',
    'toString',
    'trim',
    'trimEnd',
    'trimStart',
    'valueOf',
  ]),
  ...pick(Number.prototype, ['toFixed', 'toPrecision', 'toString', 'valueOf']),
  ...pick(Boolean.prototype, ['toString', 'valueOf']),
  ...pick(Array.prototype, [
    'at',
    'concat',
    'every',
    'filter',
    'find',
    'findIndex',
    'findLast',
    'findLastIndex',
    'flat',
    'includes',
    'indexOf',
    'join',
    'lastIndexOf',
    'map',
    'reduce',
    'reduceRight',
    'slice',
    'some',
  ]),
]);

function pick(target: object, names: string[]): unknown[] {
  return names
    .map((name) => (target as Record<string, unknown>)[name])
    .filter((f) => typeof f === 'function');
}

/** Functions made by the sandbox itself (arrow functions) or handed to it on purpose (helpers). */
const trusted = new WeakSet<object>();

/**
 * Lets expressions call `fn`. The helpers of this package are trusted already; a host passing extra functions
 * in the scope (the browser app, say) marks them here, which documents that they are safe to expose.
 */
export function trustFunction<F extends (...args: never[]) => unknown>(fn: F): F {
  trusted.add(fn);
  return fn;
}

export function isCallable(fn: unknown): boolean {
  return typeof fn === 'function' && (trusted.has(fn) || SAFE_METHODS.has(fn));
}

/** Upper bounds that keep a hostile or careless expression from hanging a request or exhausting memory. */
export const LIMITS = {
  /** Nodes evaluated per top-level evaluation, arrow function bodies called from it included. */
  steps: 100_000,
  /** Nested arrow function calls; `(f => f(f))(f => f(f))` stops here rather than at the engine's stack. */
  callDepth: 64,
  /** Longest string or array an expression may build. */
  stringLength: 1_000_000,
  arrayLength: 100_000,
} as const;
