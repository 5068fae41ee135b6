/**
 * Chooses how to find the documents of a query: `_id` hash lookups, an index scan
 * with bounds derived from equality / `$in` / range / prefix conditions on an index
 * prefix (in the index's order when that satisfies the sort), or a collection scan.
 * Candidate indexes are costed by counting the entries inside their bounds, which
 * the sorted index structure answers exactly without touching documents.
 */
import { compareValues } from '../bson/compare';
import { Canon, canonOf, type Doc, isPlainObject } from '../bson/values';
import { badValue } from '../errors';
import type { Collection } from '../storage/collection';
import type { CollectionIndex } from '../storage/collection-index';
import { BracketEdge, compareKeyValue } from '../storage/index-keys';
import { bracketEnd, bracketStart, encodeComponent, KEY_MAX_UNIT } from '../storage/key-encoding';
import { analyzeFilter, type PathConstraints, type RangeOp } from './analyze';
import type { SortSpec } from './sort';

export interface Interval {
  lo: unknown;
  loInc: boolean;
  hi: unknown;
  hiInc: boolean;
}

export interface IndexScanPlan {
  kind: 'ixscan';
  index: CollectionIndex;
  /** Per index field: allowed intervals in value order, or null for "any value". */
  bounds: (Interval[] | null)[];
  /** Scan backwards (to produce the requested sort order). */
  reverse: boolean;
  providesSort: boolean;
  /** Entries in the scanned ranges, computed only when several indexes compete. */
  estimatedKeys?: number;
  /** Fields whose bounds the key ranges do not enforce, checked per entry during the scan. */
  checkFields: number[];
}

export type Plan =
  { kind: 'collscan'; direction: 1 | -1 } | { kind: 'idhack'; ids: unknown[] } | IndexScanPlan;

export interface PlanRequest {
  filter: Doc | undefined;
  sort: SortSpec | undefined;
  /** skip + limit, when the caller only needs that many documents. */
  need: number | undefined;
  hint?: unknown;
  natural?: 1 | -1;
}

const MAX_POINT_COMBINATIONS = 4096;

function isUsablePoint(v: unknown): boolean {
  if (Array.isArray(v)) return false;
  if (v instanceof RegExp) return false;
  if (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))) return false;
  const c = canonOf(v);
  return c !== Canon.MinKey && c !== Canon.MaxKey && c !== Canon.Regex;
}

function rangeInterval(op: RangeOp, v: unknown): Interval | null {
  const c = canonOf(v);
  if (c === Canon.Null || c === Canon.MinKey || c === Canon.MaxKey || c === Canon.Array) return null;
  const low = new BracketEdge(c, false);
  const high = new BracketEdge(c, true);
  switch (op) {
    case '$gt':
      return { lo: v, loInc: false, hi: high, hiInc: true };
    case '$gte':
      return { lo: v, loInc: true, hi: high, hiInc: true };
    case '$lt':
      return { lo: low, loInc: true, hi: v, hiInc: false };
    case '$lte':
      return { lo: low, loInc: true, hi: v, hiInc: true };
  }
}

function intersect(a: Interval, b: Interval): Interval {
  const lc = compareKeyValue(a.lo, b.lo);
  const hc = compareKeyValue(a.hi, b.hi);
  return {
    lo: lc >= 0 ? a.lo : b.lo,
    loInc: lc > 0 ? a.loInc : lc < 0 ? b.loInc : a.loInc && b.loInc,
    hi: hc <= 0 ? a.hi : b.hi,
    hiInc: hc < 0 ? a.hiInc : hc > 0 ? b.hiInc : a.hiInc && b.hiInc,
  };
}

function prefixInterval(p: string): Interval {
  const last = p.charCodeAt(p.length - 1);
  if (last === 0xffff) return { lo: p, loInc: true, hi: new BracketEdge(Canon.String, true), hiInc: true };
  return { lo: p, loInc: true, hi: p.slice(0, -1) + String.fromCharCode(last + 1), hiInc: false };
}

/** Bounds for one index field, or null when the filter does not constrain it usefully. */
function fieldBounds(c: PathConstraints | undefined, multikey: boolean): Interval[] | null {
  if (!c) return null;
  const usableSets = c.pointSets.filter((s) => s.every(isUsablePoint));
  if (usableSets.length > 0) {
    const set = usableSets.reduce((a, b) => (b.length < a.length ? b : a));
    const sorted = [...set].sort(compareValues);
    const points = sorted.filter((v, i) => i === 0 || compareValues(v, sorted[i - 1]) !== 0);
    return points.map((v) => ({ lo: v, loInc: true, hi: v, hiInc: true }));
  }
  const ranges = c.ranges.map((r) => rangeInterval(r.op, r.value)).filter((r): r is Interval => r !== null);
  if (ranges.length > 0) {
    // With arrays, `{a: {$gt: 5, $lt: 10}}` may be met by two different elements, so
    // the bounds of a multikey field cannot be intersected.
    if (multikey) return [ranges[0]];
    return [ranges.reduce(intersect)];
  }
  if (c.prefixes.length > 0) return [prefixInterval(c.prefixes[0])];
  return null;
}

function isSinglePoint(b: Interval[] | null): boolean {
  return b !== null && b.length === 1 && b[0].loInc && b[0].hiInc && compareKeyValue(b[0].lo, b[0].hi) === 0;
}

/** Whether scanning the index (forward: 1, backward: -1) yields documents in sort order. */
function sortDirection(
  index: CollectionIndex,
  bounds: (Interval[] | null)[],
  sort: SortSpec | undefined,
): 1 | -1 | undefined {
  if (!sort) return 1;
  const fields = index.spec.fields;
  let j = 0;
  let direction: 1 | -1 | undefined;
  for (const s of sort) {
    const pointField = fields.findIndex((f, i) => f.path === s.path && isSinglePoint(bounds[i]));
    while (j < fields.length && fields[j].path !== s.path && isSinglePoint(bounds[j])) j++;
    if (j >= fields.length || fields[j].path !== s.path) {
      if (pointField >= 0) continue; // sorting by a field pinned to one value changes nothing
      return undefined;
    }
    if (index.multikeyFields.has(j)) return undefined;
    const d = (s.dir * fields[j].dir) as 1 | -1;
    direction ??= d;
    if (d !== direction) return undefined;
    j++;
  }
  // Multiple points on a field before the sorted ones would interleave their orders.
  for (let i = 0; i < j; i++) if (bounds[i] !== null && !isSinglePoint(bounds[i])) return undefined;
  return direction ?? 1;
}

/** A physical range of encoded keys: entries with `start <= s < end`. */
export interface KeyRange {
  start: string;
  end: string;
}

function boundString(x: unknown, inclusive: boolean, side: 'start' | 'end', dir: 1 | -1): string {
  if (x instanceof BracketEdge)
    return x.high === (dir === 1) ? bracketEnd(x.canon, dir) : bracketStart(x.canon, dir);
  const e = encodeComponent(x, dir);
  // Appending the maximal unit moves past every longer key that starts with `e`.
  return (side === 'start') === inclusive ? e : e + KEY_MAX_UNIT;
}

/** The physical key ranges an index scan visits, in scan order. */
export function scanRanges(plan: IndexScanPlan): KeyRange[] {
  const fields = plan.index.spec.fields;
  const dirs = plan.index.dirs;
  // Leading fields with point bounds multiply out; the first non-point field bounds the range.
  let prefixes: string[] = [''];
  let i = 0;
  for (; i < fields.length; i++) {
    const b = plan.bounds[i];
    if (b === null || !b.every((iv) => iv.loInc && iv.hiInc && compareKeyValue(iv.lo, iv.hi) === 0)) break;
    if (prefixes.length * b.length > MAX_POINT_COMBINATIONS) break;
    const ordered = dirs[i] === 1 ? b : [...b].reverse();
    prefixes = prefixes.flatMap((p) => ordered.map((iv) => p + encodeComponent(iv.lo, dirs[i])));
  }
  const rangeField = i < fields.length ? plan.bounds[i] : null;
  const ranges: KeyRange[] = [];
  for (const p of prefixes) {
    if (rangeField === null) {
      ranges.push({ start: p, end: p + KEY_MAX_UNIT });
      continue;
    }
    const dir = dirs[i];
    const ordered = dir === 1 ? rangeField : [...rangeField].reverse();
    for (const iv of ordered) {
      const [first, firstInc, last, lastInc] =
        dir === 1 ? [iv.lo, iv.loInc, iv.hi, iv.hiInc] : [iv.hi, iv.hiInc, iv.lo, iv.loInc];
      ranges.push({
        start: p + boundString(first, firstInc, 'start', dir),
        end: p + boundString(last, lastInc, 'end', dir),
      });
    }
  }
  return plan.reverse ? ranges.reverse() : ranges;
}

function estimate(plan: IndexScanPlan): number {
  const list = plan.index.list;
  let n = 0;
  for (const r of scanRanges(plan)) {
    n += Math.max(
      0,
      list.rank(list.seek({ s: r.end, k: [], r: -Infinity })) -
        list.rank(list.seek({ s: r.start, k: [], r: -Infinity })),
    );
  }
  return n;
}

function findHinted(coll: Collection, hint: unknown): CollectionIndex | 'natural' {
  if (typeof hint === 'string') {
    const index = coll.getIndex(hint);
    if (index) return index;
  } else if (isPlainObject(hint)) {
    if ('$natural' in hint) return 'natural';
    const keys = Object.keys(hint);
    const index = coll.indexes.find(
      (ix) =>
        ix.spec.fields.length === keys.length &&
        ix.spec.fields.every((f, i) => f.path === keys[i] && compareValues(f.dir, hint[keys[i]]) === 0),
    );
    if (index) return index;
  }
  throw badValue(
    'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
  );
}

function indexPlan(
  index: CollectionIndex,
  constraints: Map<string, PathConstraints>,
  sort: SortSpec | undefined,
): IndexScanPlan {
  const bounds = index.spec.fields.map((f, i) =>
    fieldBounds(constraints.get(f.path), index.multikeyFields.has(i)),
  );
  const dir = sortDirection(index, bounds, sort);
  // Mirror of scanRanges: point fields multiplied out, then one range field; the
  // fields after it are only filtered, entry by entry.
  let combos = 1;
  let i = 0;
  for (; i < bounds.length; i++) {
    const b = bounds[i];
    if (b === null || !b.every((iv) => iv.loInc && iv.hiInc && compareKeyValue(iv.lo, iv.hi) === 0)) break;
    if (combos * b.length > MAX_POINT_COMBINATIONS) break;
    combos *= b.length;
  }
  const checkFields = bounds.flatMap((b, j) => (j > i && b !== null ? [j] : []));
  return {
    kind: 'ixscan',
    index,
    bounds,
    reverse: dir === -1,
    providesSort: sort !== undefined && dir !== undefined,
    checkFields,
  };
}

export function choosePlan(coll: Collection, req: PlanRequest): Plan {
  const constraints = analyzeFilter(req.filter);
  if (
    req.hint !== undefined &&
    req.hint !== null &&
    !(isPlainObject(req.hint) && Object.keys(req.hint).length === 0)
  ) {
    const hinted = findHinted(coll, req.hint);
    if (hinted === 'natural') return { kind: 'collscan', direction: req.natural ?? 1 };
    return indexPlan(hinted, constraints, req.sort);
  }
  if (req.natural !== undefined) return { kind: 'collscan', direction: req.natural };

  const idSets = constraints.get('_id')?.pointSets.filter((s) => s.every(isUsablePoint)) ?? [];
  if (idSets.length > 0) {
    const ids = idSets.reduce((a, b) => (b.length < a.length ? b : a));
    return { kind: 'idhack', ids };
  }

  const candidates: IndexScanPlan[] = [];
  for (const index of coll.indexes) {
    if (index.spec.partialFilterExpression || index.spec.doc.hidden === true) continue;
    const first = constraints.get(index.spec.fields[0].path);
    const firstBounds = fieldBounds(first, index.multikeyFields.has(0));
    const sortable =
      req.sort !== undefined &&
      sortDirection(
        index,
        index.spec.fields.map(() => null),
        req.sort,
      ) !== undefined;
    if (firstBounds === null && !sortable) continue;
    // A sparse index lacks documents without the field: only usable when the query excludes them.
    if (
      index.spec.sparse &&
      (firstBounds === null || firstBounds.some((iv) => canonOf(iv.lo) === Canon.Null))
    )
      continue;
    candidates.push(indexPlan(index, constraints, req.sort));
  }
  // Like the server, a single eligible index is used without a cost race.
  if (candidates.length === 1) return candidates[0];

  const n = coll.count;
  const sortPenalty = (keys: number): number => (req.sort ? keys * 0.5 : 0);
  let best: Plan = { kind: 'collscan', direction: 1 };
  let bestCost = n * 1.5 + sortPenalty(n);
  for (const plan of candidates) {
    const keys = (plan.estimatedKeys = estimate(plan));
    let cost = keys + (plan.providesSort ? 0 : sortPenalty(keys));
    if (plan.providesSort && req.need !== undefined) cost = Math.min(cost, req.need * 20);
    if (cost < bestCost) {
      best = plan;
      bestCost = cost;
    }
  }
  return best;
}

/** Whether an index entry's key lies within the plan's bounds on every field. */
export function keyInBounds(plan: IndexScanPlan, key: readonly unknown[]): boolean {
  for (const i of plan.checkFields) {
    const b = plan.bounds[i] as Interval[];
    const v = key[i];
    let ok = false;
    for (const iv of b) {
      const lo = compareKeyValue(v, iv.lo);
      const hi = compareKeyValue(v, iv.hi);
      if ((lo > 0 || (lo === 0 && iv.loInc)) && (hi < 0 || (hi === 0 && iv.hiInc))) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}

export function describePlan(plan: Plan): Doc {
  switch (plan.kind) {
    case 'collscan':
      return { stage: 'COLLSCAN', direction: plan.direction === 1 ? 'forward' : 'backward' };
    case 'idhack':
      return { stage: 'IDHACK' };
    case 'ixscan':
      return {
        stage: 'FETCH',
        inputStage: {
          stage: 'IXSCAN',
          keyPattern: plan.index.spec.key,
          indexName: plan.index.name,
          isMultiKey: plan.index.isMultikey,
          isUnique: plan.index.spec.unique,
          isSparse: plan.index.spec.sparse,
          direction: plan.reverse ? 'backward' : 'forward',
        },
      };
  }
}
