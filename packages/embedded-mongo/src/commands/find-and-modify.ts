/**
 * findAndModify: one document, chosen by query + sort, updated or removed, returned
 * before or after. Unlike batch writes, errors (e.g. E11000) fail the whole command.
 */
import type { Doc } from '../bson/values';
import { failedToParse } from '../errors';
import { runQuery } from '../query/executor';
import { compileFilter, type MatchDetails } from '../query/matcher';
import { compileProjection } from '../query/projection';
import { parseSort } from '../query/sort';
import { compileUpdate } from '../update/compile';
import { buildUpsertDocument } from '../update/upsert';
import {
  type CommandHandler,
  collectionArg,
  OK,
  optionalBool,
  optionalDoc,
  rejectCollation,
} from './context';

const findAndModify: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'findAndModify' in cmd ? 'findAndModify' : 'findandmodify');
  rejectCollation(cmd);
  const query = optionalDoc(cmd, 'query') ?? {};
  const sort = parseSort(optionalDoc(cmd, 'sort'));
  const remove = optionalBool(cmd, 'remove') ?? false;
  const returnNew = optionalBool(cmd, 'new') ?? false;
  const upsert = optionalBool(cmd, 'upsert') ?? false;
  const bypass = optionalBool(cmd, 'bypassDocumentValidation') ?? false;
  const projection = compileProjection(optionalDoc(cmd, 'fields'));
  const hasUpdate = cmd.update !== undefined;
  if (remove && hasUpdate) throw failedToParse('Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw failedToParse('Either an update or remove=true must be specified');
  if (remove && upsert) throw failedToParse('Cannot specify both upsert=true and remove=true ');
  if (remove && returnNew) {
    throw failedToParse(
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  }
  const update = hasUpdate ? compileUpdate(cmd.update, cmd.arrayFilters) : undefined;
  const matcher = compileFilter(query, { variables: optionalDoc(cmd, 'let') });
  const shape = (doc: Doc | null): Doc | null => {
    if (!doc || !projection) return doc;
    let details: MatchDetails | undefined;
    if (projection.needsPosition) {
      details = {};
      matcher.test(doc, details);
    }
    return projection.apply(doc, details);
  };

  const coll = ctx.store.getCollection(ctx.db, name);
  const rec = coll
    ? runQuery(coll, { filter: query, matcher, sort, limit: 1, hint: cmd.hint }).recs[0]
    : undefined;

  if (remove) {
    ctx.server.opcounters.delete++;
    if (!coll || !rec) return { lastErrorObject: { n: 0 }, value: null, ok: OK };
    ctx.store.delete(coll, rec.rid, ctx.log);
    return { lastErrorObject: { n: 1 }, value: shape(rec.doc), ok: OK };
  }

  ctx.server.opcounters.update++;
  if (!update) throw failedToParse('Either an update or remove=true must be specified');
  if (coll && rec) {
    const details: MatchDetails = {};
    matcher.test(rec.doc, details);
    const res = update.apply(rec.doc, { positionalIndex: details.arrayIndex, isInsert: false, now: ctx.now });
    if (res.modified) {
      if (!bypass) coll.validate(res.doc, rec.doc);
      ctx.store.replace(coll, rec.rid, res.doc, ctx.log);
    }
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: shape(returnNew ? res.doc : rec.doc),
      ok: OK,
    };
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: OK };
  const doc = buildUpsertDocument(query, update, ctx.now);
  const target = coll ?? ctx.store.ensureCollection(ctx.db, name, ctx.log).coll;
  if (!bypass) target.validate(doc, undefined);
  ctx.store.insert(target, doc, ctx.log);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
    value: returnNew ? shape(doc) : null,
    ok: OK,
  };
};

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
