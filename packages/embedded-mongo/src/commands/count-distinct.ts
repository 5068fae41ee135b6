/** count and distinct. */
import { hashKey } from '../bson/hash-key';
import { ErrorCode, MongoServerError } from '../errors';
import { runQuery } from '../query/executor';
import { compileFilter } from '../query/matcher';
import { forEachPathValue, splitPath } from '../query/path';
import { type CommandHandler, collectionArg, OK, optionalDoc, optionalInt, rejectCollation } from './context';

const count: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'count');
  rejectCollation(cmd);
  const query = optionalDoc(cmd, 'query');
  const skip = optionalInt(cmd, 'skip') ?? 0;
  if (skip < 0) throw new MongoServerError(ErrorCode.BadValue, 'skip value is negative in count query');
  let limit = optionalInt(cmd, 'limit');
  if (limit !== undefined) limit = Math.abs(limit);
  if (limit === 0) limit = undefined;
  const matcher = compileFilter(query);
  ctx.server.opcounters.command++;
  const coll = ctx.store.getCollection(ctx.db, name);
  if (!coll) return { n: 0, ok: OK };
  if (!query || Object.keys(query).length === 0) {
    const n = Math.max(0, coll.count - skip);
    return { n: limit !== undefined ? Math.min(n, limit) : n, ok: OK };
  }
  const { recs } = runQuery(coll, { filter: query, matcher, skip, limit, hint: cmd.hint });
  return { n: recs.length, ok: OK };
};

const distinct: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'distinct');
  rejectCollation(cmd);
  const key = cmd.key;
  if (typeof key !== 'string') {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'distinct.key' is the wrong type, expected type 'string'",
    );
  }
  if (key.length === 0)
    throw new MongoServerError(ErrorCode.BadValue, 'FieldPath cannot be constructed with empty string');
  const query = optionalDoc(cmd, 'query');
  const matcher = compileFilter(query);
  const coll = ctx.store.getCollection(ctx.db, name);
  if (!coll) return { values: [], ok: OK };
  const { recs } = runQuery(coll, { filter: query, matcher, hint: cmd.hint });
  const parts = splitPath(key);
  const seen = new Set<string>();
  const values: unknown[] = [];
  const add = (v: unknown): void => {
    if (v === undefined) return;
    const h = hashKey(v);
    if (seen.has(h)) return;
    seen.add(h);
    values.push(v);
  };
  for (const { doc } of recs) {
    forEachPathValue(doc, parts, (v) => {
      if (Array.isArray(v)) v.forEach(add);
      else add(v);
    });
  }
  return { values, ok: OK };
};

export const countCommands: Record<string, CommandHandler> = { count, distinct };
