/**
 * Runs a plan: produces candidate records, filters them with the matcher, and
 * applies sort / skip / limit. When the plan already yields documents in sort
 * order (or no sort was asked for) it stops as soon as it has enough.
 */
import type { Doc } from '../bson/values';
import type { Collection, ScanStats } from '../storage/collection';
import type { Matcher } from './matcher';
import { choosePlan, keyInBounds, type Plan, scanRanges } from './planner';
import { sortDocs, type SortSpec } from './sort';

export interface Rec {
  rid: number;
  doc: Doc;
}

export interface QueryRequest {
  filter: Doc | undefined;
  matcher: Matcher;
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  hint?: unknown;
  natural?: 1 | -1;
}

export interface QueryResult {
  recs: Rec[];
  plan: Plan;
  stats: ScanStats;
}

function* candidates(coll: Collection, plan: Plan, stats: ScanStats): Generator<Rec> {
  switch (plan.kind) {
    case 'collscan': {
      if (plan.direction === 1) {
        for (const [rid, doc] of coll.records) yield { rid, doc };
      } else {
        const all = [...coll.records];
        for (let i = all.length - 1; i >= 0; i--) yield { rid: all[i][0], doc: all[i][1] };
      }
      return;
    }
    case 'idhack': {
      const seen = new Set<number>();
      for (const id of plan.ids) {
        stats.keysExamined++;
        const rid = coll.ridOf(id);
        if (rid === undefined || seen.has(rid)) continue;
        seen.add(rid);
        yield { rid, doc: coll.records.get(rid) as Doc };
      }
      return;
    }
    case 'ixscan': {
      const list = plan.index.list;
      const dedupe = plan.index.isMultikey ? new Set<number>() : undefined;
      const check = plan.checkFields.length > 0;
      for (const { start, end } of scanRanges(plan)) {
        const from = list.seek({ s: plan.reverse ? end : start, k: [], r: -Infinity });
        for (const e of list.iterate(from, !plan.reverse)) {
          if (plan.reverse ? e.s < start : e.s >= end) break;
          stats.keysExamined++;
          if (check && !keyInBounds(plan, e.k)) continue;
          if (dedupe) {
            if (dedupe.has(e.r)) continue;
            dedupe.add(e.r);
          }
          const doc = coll.records.get(e.r);
          if (doc) yield { rid: e.r, doc };
        }
      }
      return;
    }
  }
}

export function runQuery(coll: Collection, req: QueryRequest): QueryResult {
  const skip = req.skip ?? 0;
  const need = req.limit !== undefined ? skip + req.limit : undefined;
  const plan = choosePlan(coll, {
    filter: req.filter,
    sort: req.sort,
    need,
    hint: req.hint,
    natural: req.natural,
  });
  const stats: ScanStats = { keysExamined: 0, docsExamined: 0 };
  const ordered = !req.sort || (plan.kind === 'ixscan' && plan.providesSort);
  const matched: Rec[] = [];
  for (const rec of candidates(coll, plan, stats)) {
    stats.docsExamined++;
    if (!req.matcher.test(rec.doc)) continue;
    matched.push(rec);
    if (ordered && need !== undefined && matched.length >= need) break;
  }
  let recs = matched;
  if (!ordered && req.sort) {
    const byDoc = new Map(matched.map((r) => [r.doc, r]));
    recs = sortDocs(
      matched.map((r) => r.doc),
      req.sort,
      need,
    ).map((d) => byDoc.get(d) as Rec);
  }
  if (skip > 0 || (req.limit !== undefined && recs.length > (req.limit ?? 0) + skip)) {
    recs = recs.slice(skip, req.limit !== undefined ? skip + req.limit : undefined);
  }
  return { recs, plan, stats };
}
