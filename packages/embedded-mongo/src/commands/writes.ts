/**
 * insert / update / delete. Each statement of a batch either succeeds or becomes a
 * `writeErrors` entry (`ok: 1` stays); an ordered batch stops at its first error, an
 * unordered one carries on. `n` counts successes, `nModified` only real changes.
 */
import { ObjectId } from 'bson';
import { asInteger, type Doc, isPlainObject, typeName } from '../bson/values';
import { ErrorCode, failedToParse, MongoServerError } from '../errors';
import { runQuery } from '../query/executor';
import { compileFilter, type MatchDetails } from '../query/matcher';
import type { Collection } from '../storage/collection';
import { compileUpdate } from '../update/compile';
import { buildUpsertDocument } from '../update/upsert';
import {
  type CommandContext,
  type CommandHandler,
  collectionArg,
  OK,
  optionalBool,
  optionalDoc,
  rejectCollation,
  requireArray,
} from './context';

interface BatchState {
  writeErrors: Doc[];
  ordered: boolean;
}

/** Runs statements, turning server errors into write errors. Returns false to stop. */
function statement(state: BatchState, index: number, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof MongoServerError)) throw e;
    state.writeErrors.push(e.toWriteError(index));
    return !state.ordered;
  }
}

function finish(reply: Doc, state: BatchState): Doc {
  if (state.writeErrors.length > 0) reply.writeErrors = state.writeErrors;
  reply.ok = OK;
  return reply;
}

/** Inserted documents start with `_id`, generated when absent. */
export function prepareInsert(doc: unknown): Doc {
  if (!isPlainObject(doc))
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      `document to insert must be an object, not ${typeName(doc)}`,
    );
  const id = '_id' in doc ? doc._id : new ObjectId();
  if (Array.isArray(id)) throw new MongoServerError(ErrorCode.BadValue, "can't use an array for _id");
  if (id instanceof RegExp) throw new MongoServerError(ErrorCode.BadValue, "can't use a regex for _id");
  if (id === undefined) throw new MongoServerError(ErrorCode.BadValue, "can't use undefined for _id");
  const out: Doc = { _id: id };
  for (const k of Object.keys(doc)) if (k !== '_id') out[k] = doc[k];
  return out;
}

const insert: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'insert');
  const documents = requireArray(cmd, 'documents', 'insert');
  const bypass = optionalBool(cmd, 'bypassDocumentValidation') ?? false;
  const state: BatchState = { writeErrors: [], ordered: optionalBool(cmd, 'ordered') ?? true };
  let n = 0;
  let coll: Collection | undefined;
  for (let i = 0; i < documents.length; i++) {
    ctx.server.opcounters.insert++;
    const ok = statement(state, i, () => {
      const doc = prepareInsert(documents[i]);
      coll ??= ctx.store.ensureCollection(ctx.db, name, ctx.log).coll;
      if (!bypass) coll.validate(doc, undefined);
      ctx.store.insert(coll, doc, ctx.log);
      n++;
    });
    if (!ok) break;
  }
  return finish({ n }, state);
};

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

/** One update statement; shared by `update` and (for its single-document form) `findAndModify`. */
export function runUpdateStatement(
  ctx: CommandContext,
  name: string,
  stmt: Doc,
  bypass: boolean,
): UpdateOutcome {
  const q = stmt.q ?? {};
  if (!isPlainObject(q))
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'update.updates.q' is the wrong type, expected type 'object'",
    );
  if (stmt.u === undefined)
    throw new MongoServerError(40414, "BSON field 'update.updates.u' is missing but a required field");
  rejectCollation(stmt);
  const update = compileUpdate(stmt.u, stmt.arrayFilters);
  const multi = optionalBool(stmt, 'multi') ?? false;
  const upsert = optionalBool(stmt, 'upsert') ?? false;
  if (multi && update.kind === 'replacement')
    throw failedToParse('multi update is not supported for replacement-style update');
  const matcher = compileFilter(q, { variables: optionalDoc(stmt, 'c') });
  const coll = ctx.store.getCollection(ctx.db, name);
  const outcome: UpdateOutcome = { matched: 0, modified: 0 };
  if (coll) {
    const { recs } = runQuery(coll, {
      filter: q,
      matcher,
      limit: multi ? undefined : 1,
      hint: stmt.hint,
      sort: undefined,
    });
    for (const rec of recs) {
      const details: MatchDetails = {};
      matcher.test(rec.doc, details);
      const res = update.apply(rec.doc, {
        positionalIndex: details.arrayIndex,
        isInsert: false,
        now: ctx.now,
      });
      outcome.matched++;
      if (!res.modified) continue;
      if (!bypass) coll.validate(res.doc, rec.doc);
      ctx.store.replace(coll, rec.rid, res.doc, ctx.log);
      outcome.modified++;
    }
  }
  if (outcome.matched === 0 && upsert) {
    const doc = buildUpsertDocument(q, update, ctx.now);
    const target = coll ?? ctx.store.ensureCollection(ctx.db, name, ctx.log).coll;
    if (!bypass) target.validate(doc, undefined);
    ctx.store.insert(target, doc, ctx.log);
    outcome.upsertedId = doc._id;
  }
  return outcome;
}

const update: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'update');
  const updates = requireArray(cmd, 'updates', 'update');
  const bypass = optionalBool(cmd, 'bypassDocumentValidation') ?? false;
  const state: BatchState = { writeErrors: [], ordered: optionalBool(cmd, 'ordered') ?? true };
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  for (let i = 0; i < updates.length; i++) {
    ctx.server.opcounters.update++;
    const ok = statement(state, i, () => {
      const stmt = updates[i];
      if (!isPlainObject(stmt))
        throw new MongoServerError(ErrorCode.TypeMismatch, 'update statement must be an object');
      const out = runUpdateStatement(ctx, name, stmt, bypass);
      n += out.matched;
      nModified += out.modified;
      if (out.upsertedId !== undefined) {
        n++;
        upserted.push({ index: i, _id: out.upsertedId });
      }
    });
    if (!ok) break;
  }
  const reply: Doc = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  return finish(reply, state);
};

const del: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'delete');
  const deletes = requireArray(cmd, 'deletes', 'delete');
  const state: BatchState = { writeErrors: [], ordered: optionalBool(cmd, 'ordered') ?? true };
  let n = 0;
  for (let i = 0; i < deletes.length; i++) {
    ctx.server.opcounters.delete++;
    const ok = statement(state, i, () => {
      const stmt = deletes[i];
      if (!isPlainObject(stmt))
        throw new MongoServerError(ErrorCode.TypeMismatch, 'delete statement must be an object');
      const q = stmt.q;
      if (!isPlainObject(q))
        throw new MongoServerError(40414, "BSON field 'delete.deletes.q' is missing but a required field");
      const limit = stmt.limit === undefined ? 0 : asInteger(stmt.limit);
      if (limit !== 0 && limit !== 1) {
        throw new MongoServerError(
          ErrorCode.FailedToParse,
          `The limit field in delete objects must be 0 or 1. Got ${String(stmt.limit)}`,
        );
      }
      rejectCollation(stmt);
      const matcher = compileFilter(q);
      const coll = ctx.store.getCollection(ctx.db, name);
      if (!coll) return;
      const { recs } = runQuery(coll, {
        filter: q,
        matcher,
        limit: limit === 1 ? 1 : undefined,
        hint: stmt.hint,
      });
      for (const rec of recs) {
        ctx.store.delete(coll, rec.rid, ctx.log);
        n++;
      }
    });
    if (!ok) break;
  }
  return finish({ n }, state);
};

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: del };
