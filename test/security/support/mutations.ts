import fc from 'fast-check';
import { BOUNDARY, multipartBody, type RequestSpec } from './http';

/**
 * Hostile variations of one valid request (a route's strategy gives the valid one). Each generated
 * request says what it tried (`attack`), so a failure names it besides fast-check's seed and path.
 */
export interface Base {
  method: string;
  /** openapi path with `{param}`s. */
  template: string;
  params: Record<string, string>;
  body?: unknown;
}

export interface Attack {
  attack: string;
  spec: RequestSpec;
  /** Sent as the route's wrong caller instead of its authorized one. */
  wrongCaller?: boolean;
}

export function pathOf(template: string, params: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** A raw JSON text nested `depth` deep, built as a string (JSON.stringify would overflow first). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', '$set', 'a.b', '$', ''];

/** Values that are wrong for nearly any field: other types, operators, huge and odd strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    [],
    {},
    '',
    ' ',
    '\u0000',
    '\u202e\u0000\uffff',
    'x'.repeat(100_000),
    { $gt: '' },
    { $ne: null },
    { $where: 'function () { while (true) {} }' },
    { $regex: '.*' },
    { $expr: { $gt: [1, 0] } },
    { __proto__: { admin: true } },
    { constructor: { prototype: { admin: true } } },
    Array.from({ length: 10_000 }, (_, i) => i),
    Array.from({ length: 2_000 }, () => 'ffffffffffffffffffffffff'),
    '0'.repeat(24),
    '../../etc/passwd',
    '<script>alert(1)</script>',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
);

/** Path parameter values that are not what the route expects: bad ObjectIds, operators, traversal, huge. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    'zzzzzzzzzzzzzzzzzzzzzzzz',
    'ffffffffffffffffffffffff',
    '000000000000000000000000',
    '6b15d12edf1f2cedf6c750b',
    '6b15d12edf1f2cedf6c750b6a',
    '{"$gt":""}',
    '[$ne]=1',
    '..',
    '../admin',
    '%00',
    '\u0000',
    'x'.repeat(5_000),
    '__proto__',
    'constructor',
    'hailin',
    'HEILONGJIANG-CITY',
    'a',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.stringMatching(/^[0-9a-f]{24}$/),
);

/** Every path of keys into plain objects of `value` (to mutate one field at a time). */
function keyPaths(value: unknown, at: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    [...at, key],
    ...(at.length < 2 ? keyPaths(child, [...at, key]) : []),
  ]);
}

function setAt(value: unknown, path: string[], next: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  cursor[path[path.length - 1]] = next;
  return copy;
}

/** JSON text of `body` with a key added at the top or inside a field (keeps `__proto__` as a real key). */
function withKey(body: unknown, key: string, value: unknown): string {
  const base = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const text = JSON.stringify(base);
  const inner = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return text === '{}' ? `{${inner}}` : `{${inner},${text.slice(1)}`;
}

function xmlOf(body: unknown): string {
  const entries = body && typeof body === 'object' ? Object.entries(body as Record<string, unknown>) : [];
  return `<?xml version="1.0"?><request>${entries
    .map(([k, v]) => `<${k}>${typeof v === 'string' ? v : JSON.stringify(v)}</${k}>`)
    .join('')}</request>`;
}

function urlencodedOf(body: unknown): string {
  const entries = body && typeof body === 'object' ? Object.entries(body as Record<string, unknown>) : [];
  return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** The attacks every route gets at least once (fast-check `examples`): deterministic, before the random ones. */
export function fixedAttacks(base: Base): Attack[] {
  const path = pathOf(base.template, base.params);
  const m = base.method;
  const attacks: Attack[] = [
    {
      attack: 'depth 10,000 JSON array',
      spec: { method: m, path, raw: deepJson(10_000, 'array'), headers: JSON_TYPE },
    },
    {
      attack: 'depth 10,000 JSON object',
      spec: { method: m, path, raw: deepJson(10_000, 'object'), headers: JSON_TYPE },
    },
    {
      attack: '__proto__ at the top',
      spec: {
        method: m,
        path,
        raw: withKey(base.body, '__proto__', { admin: true, systemRoles: ['superadmin'] }),
        headers: JSON_TYPE,
      },
    },
    {
      attack: '$where key',
      spec: { method: m, path, raw: withKey(base.body, '$where', 'sleep(10000)'), headers: JSON_TYPE },
    },
    {
      attack: 'malformed JSON',
      spec: { method: m, path, raw: `${JSON.stringify(base.body ?? {}).slice(0, -1)},`, headers: JSON_TYPE },
    },
    {
      attack: 'text/plain',
      spec: {
        method: m,
        path,
        raw: JSON.stringify(base.body ?? {}),
        headers: { 'content-type': 'text/plain' },
      },
    },
    {
      attack: 'urlencoded',
      spec: {
        method: m,
        path,
        raw: urlencodedOf(base.body),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    },
    {
      attack: 'XML',
      spec: { method: m, path, raw: xmlOf(base.body), headers: { 'content-type': 'application/xml' } },
    },
    {
      attack: 'JSON body of 3 MB',
      spec: { method: m, path, json: { ...(base.body as object), pad: 'x'.repeat(3_000_000) } },
    },
    {
      attack: 'the wrong caller with the valid request',
      spec: { method: m, path, ...(base.body !== undefined ? { json: base.body } : {}) },
      wrongCaller: true,
    },
  ];
  // Deep nesting where a route takes free-form JSON (form data, manifests, payloads): inside each field.
  if (base.body && typeof base.body === 'object' && !Array.isArray(base.body))
    for (const key of Object.keys(base.body)) {
      const text = JSON.stringify({ ...(base.body as object), [key]: '\u0000deep' });
      attacks.push({
        attack: `depth 10,000 inside ${key}`,
        spec: {
          method: m,
          path,
          raw: text.replace('"\\u0000deep"', deepJson(10_000, 'object')),
          headers: JSON_TYPE,
        },
      });
    }
  for (const name of Object.keys(base.params))
    attacks.push({
      attack: `operator in path parameter ${name}`,
      spec: {
        method: m,
        path: pathOf(base.template, { ...base.params, [name]: '{"$gt":""}' }),
        json: base.body,
      },
    });
  return attacks;
}

/** Random hostile variations of the valid request. */
export function randomAttack(base: Base): fc.Arbitrary<Attack> {
  const m = base.method;
  const path = pathOf(base.template, base.params);
  const paths = keyPaths(base.body);
  const text = JSON.stringify(base.body ?? {});
  const arbs: fc.Arbitrary<Attack>[] = [
    fc.constantFrom<Attack>(
      {
        attack: 'constructor.prototype',
        spec: {
          method: m,
          path,
          raw: withKey(base.body, 'constructor', { prototype: { admin: true } }),
          headers: JSON_TYPE,
        },
      },
      {
        attack: 'JSON with single quotes',
        spec: { method: m, path, raw: text.replace(/"/g, "'"), headers: JSON_TYPE },
      },
      {
        attack: 'UTF-16 JSON',
        spec: {
          method: m,
          path,
          raw: Buffer.from(text, 'utf16le'),
          headers: { 'content-type': 'application/json; charset=utf-16' },
        },
      },
      { attack: 'no content type', spec: { method: m, path, raw: text } },
      {
        attack: 'multipart where JSON is expected',
        spec: {
          method: m,
          path,
          raw: multipartBody('file', 'a.pdf', Buffer.from('%PDF-1.4')),
          headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        },
      },
    ),
    fc
      .anything({ maxDepth: 3 })
      .map((body) => ({ attack: 'any value as the body', spec: { method: m, path, json: body ?? null } })),
    fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileValue).map(([key, value]) => ({
      attack: `key ${key} added`,
      spec: { method: m, path, raw: withKey(base.body, key, value), headers: JSON_TYPE },
    })),
    fc.nat({ max: 400 }).map((cut) => {
      return {
        attack: `JSON cut at ${cut}`,
        spec: { method: m, path, raw: text.slice(0, cut % (text.length + 1)), headers: JSON_TYPE },
      };
    }),
  ];
  if (paths.length > 0)
    arbs.push(
      fc.tuple(fc.constantFrom(...paths), hostileValue).map(([at, value]) => ({
        attack: `field ${at.join('.')} replaced`,
        spec: { method: m, path, json: setAt(base.body, at, value) },
      })),
    );
  const names = Object.keys(base.params);
  if (names.length > 0)
    arbs.push(
      fc.tuple(fc.constantFrom(...names), hostileParam).map(([name, value]) => ({
        attack: `path parameter ${name} = ${JSON.stringify(value).slice(0, 60)}`,
        spec: { method: m, path: pathOf(base.template, { ...base.params, [name]: value }), json: base.body },
      })),
    );
  return fc.tuple(fc.oneof(...arbs), fc.nat({ max: 3 })).map(([attack, who]) => ({
    ...attack,
    // One request in four comes from the wrong caller.
    wrongCaller: who === 0,
  }));
}
