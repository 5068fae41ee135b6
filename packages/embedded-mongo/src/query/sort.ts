/**
 * Sort specifications and in-memory sorting. An array field sorts by its smallest
 * element ascending and its largest descending, as in the server.
 */
import { compareValues } from '../bson/compare';
import { type Doc, isNumeric, isPlainObject, toDouble } from '../bson/values';
import { MongoServerError } from '../errors';
import { forEachPathValue, splitPath } from './path';

export interface SortField {
  path: string;
  parts: string[];
  dir: 1 | -1;
}

export type SortSpec = SortField[];

/** Parses `{a: 1, b: -1}`. Returns undefined for no sort; `$natural` is reported separately. */
export function parseSort(spec: unknown): SortSpec | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) throw new MongoServerError(14, 'Expected field sort to be of type object');
  const fields: SortSpec = [];
  for (const path of Object.keys(spec)) {
    const v = spec[path];
    if (isPlainObject(v) && '$meta' in v) {
      throw new MongoServerError(
        17312,
        `$meta sort by '${String(v.$meta)}' is not supported by the embedded store`,
      );
    }
    if (!isNumeric(v) || (toDouble(v) !== 1 && toDouble(v) !== -1)) {
      throw new MongoServerError(
        15975,
        '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
      );
    }
    if (path === '$natural') continue;
    if (path.length === 0 || path.split('.').some((p) => p === '')) {
      throw new MongoServerError(15998, 'FieldPath field names may not be empty strings.');
    }
    fields.push({ path, parts: splitPath(path), dir: toDouble(v) === 1 ? 1 : -1 });
  }
  return fields.length > 0 ? fields : undefined;
}

/** `-1` when the spec asks for `$natural` descending, `1` ascending, undefined otherwise. */
export function naturalDirection(spec: unknown): 1 | -1 | undefined {
  if (!isPlainObject(spec) || !('$natural' in spec)) return undefined;
  return toDouble(spec.$natural) < 0 ? -1 : 1;
}

/** The value a document sorts by for one field. */
export function sortValue(doc: Doc, field: SortField): unknown {
  let best: unknown = undefined;
  let found = false;
  const consider = (v: unknown): void => {
    if (!found) {
      best = v;
      found = true;
      return;
    }
    const c = compareValues(v, best);
    if ((field.dir === 1 && c < 0) || (field.dir === -1 && c > 0)) best = v;
  };
  forEachPathValue(doc, field.parts, (v) => {
    if (Array.isArray(v)) {
      if (v.length === 0) consider(undefined);
      for (const el of v) consider(el);
    } else {
      consider(v);
    }
  });
  return best ?? null;
}

export function sortKey(doc: Doc, spec: SortSpec): unknown[] {
  return spec.map((f) => sortValue(doc, f));
}

export function compareSortKeys(a: unknown[], b: unknown[], spec: SortSpec): number {
  for (let i = 0; i < spec.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return spec[i].dir === 1 ? c : -c;
  }
  return 0;
}

/**
 * Sorts documents, keeping only the first `keep` when given (top-k by binary
 * insertion, so an inbox query over many candidates does not sort them all).
 * Ties keep their input order.
 */
export function sortDocs(docs: Doc[], spec: SortSpec, keep?: number): Doc[] {
  if (keep !== undefined && keep <= 0) return [];
  const keyed = docs.map((doc, i) => ({ doc, key: sortKey(doc, spec), i }));
  const cmp = (x: (typeof keyed)[number], y: (typeof keyed)[number]): number =>
    compareSortKeys(x.key, y.key, spec) || x.i - y.i;
  if (keep === undefined || keep >= keyed.length) {
    keyed.sort(cmp);
    return keyed.map((k) => k.doc);
  }
  const top: typeof keyed = [];
  for (const item of keyed) {
    if (top.length === keep && cmp(item, top[top.length - 1]) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(top[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > keep) top.pop();
  }
  return top.map((k) => k.doc);
}
