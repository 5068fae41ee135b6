/**
 * `$out` and `$merge`, done by the server against the store (mingo only sees arrays).
 * `$out` validates the whole result against the target's indexes on a scratch
 * collection first, then replaces the target in one synchronous step.
 */
import { UUID } from 'bson';
import { identical } from '../bson/compare';
import { toMingo } from '../bson/normalize';
import { type Doc, isPlainObject } from '../bson/values';
import { badValue, ErrorCode, MongoServerError } from '../errors';
import { runQuery } from '../query/executor';
import { compileFilter } from '../query/matcher';
import { getPath, splitPath } from '../query/path';
import { Collection } from '../storage/collection';
import { parseIndexSpec } from '../storage/index-spec';
import type { OpLog, Store } from '../storage/store';
import { compileUpdate } from '../update/compile';
import { withIdFirst } from '../update/upsert';

function target(spec: unknown, db: string, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string') {
    return { db: typeof spec.db === 'string' ? spec.db : db, coll: spec.coll };
  }
  throw badValue(`${stage} requires a collection name or {db, coll}`);
}

export function runOut(store: Store, db: string, spec: unknown, docs: Doc[], log: OpLog): void {
  const t = target(spec, db, '$out');
  const existing = store.getCollection(t.db, t.coll);
  const indexSpecs = existing ? existing.indexes.slice(1).map((i) => i.spec.doc) : [];
  const prepared = docs.map(withIdFirst);
  // Dry run: any duplicate key fails the stage and leaves the target untouched.
  const scratch = new Collection(t.db, t.coll, {}, new UUID());
  for (const s of indexSpecs) scratch.addIndex(parseIndexSpec(s));
  for (const d of prepared) scratch.insert(d);
  const options = existing?.options ?? {};
  store.dropCollection(t.db, t.coll, log);
  const coll = store.createCollection(t.db, t.coll, options, log);
  for (const s of indexSpecs) store.createIndex(coll, s, log);
  for (const d of prepared) store.insert(coll, d, log);
}

export function runMerge(store: Store, db: string, spec: unknown, docs: Doc[], log: OpLog, now: Date): void {
  const s: Doc =
    typeof spec === 'string' || (isPlainObject(spec) && !('into' in spec)) ? { into: spec } : (spec as Doc);
  if (!isPlainObject(s)) throw badValue('$merge requires a specification object');
  const t = target(s.into, db, '$merge');
  const on = s.on === undefined ? ['_id'] : Array.isArray(s.on) ? s.on.map(String) : [String(s.on)];
  const whenMatched = s.whenMatched ?? 'merge';
  const whenNotMatched = s.whenNotMatched ?? 'insert';
  const { coll } = store.ensureCollection(t.db, t.coll, log);
  if (!(on.length === 1 && on[0] === '_id')) {
    const ok = coll.indexes.some(
      (ix) =>
        ix.spec.unique &&
        ix.spec.fields.length === on.length &&
        ix.spec.fields.every((f) => on.includes(f.path)),
    );
    if (!ok) throw new MongoServerError(51183, 'Cannot find index to verify that join fields will be unique');
  }
  const pipelineUpdate = Array.isArray(whenMatched) ? whenMatched : undefined;
  for (const raw of docs) {
    const doc = withIdFirst(raw);
    const keys = on.map((p) => getPath(doc, splitPath(p)));
    const filter: Doc = {};
    on.forEach((p, i) => (filter[p] = { $eq: keys[i] ?? null }));
    const existing = runQuery(coll, { filter, matcher: compileFilter(filter), limit: 1 }).recs[0];
    if (!existing) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') {
        throw new MongoServerError(
          13113,
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      }
      store.insert(coll, on[0] === '_id' || '_id' in raw ? doc : withIdFirst(doc), log);
      continue;
    }
    let next: Doc;
    if (pipelineUpdate) {
      const upd = compileUpdate(pipelineUpdate);
      next = upd.apply(existing.doc, { isInsert: false, now, variables: { new: toMingo(doc) } }).doc;
    } else if (whenMatched === 'replace') {
      next = {
        _id: existing.doc._id,
        ...Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_id')),
      };
    } else if (whenMatched === 'keepExisting') {
      continue;
    } else if (whenMatched === 'fail') {
      throw new MongoServerError(
        ErrorCode.DuplicateKey,
        "$merge with whenMatched: fail found an existing document with the same values for the 'on' fields",
      );
    } else if (whenMatched === 'merge') {
      next = { ...existing.doc };
      for (const [k, v] of Object.entries(doc)) if (k !== '_id') next[k] = v;
    } else {
      throw badValue(
        `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`,
      );
    }
    if (!identical(next, existing.doc)) store.replace(coll, existing.rid, next, log);
  }
}
