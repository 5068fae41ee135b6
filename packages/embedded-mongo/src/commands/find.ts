/** find / getMore / killCursors. */
import { Long } from 'bson';
import { bsonTag, type Doc, typeName } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { runQuery } from '../query/executor';
import { compileFilter, type MatchDetails } from '../query/matcher';
import { compileProjection } from '../query/projection';
import { naturalDirection, parseSort } from '../query/sort';
import {
  type CommandHandler,
  collectionArg,
  OK,
  optionalBool,
  optionalDoc,
  optionalInt,
  rejectCollation,
} from './context';

const UNSUPPORTED_FIND_OPTIONS = [
  'min',
  'max',
  'returnKey',
  'showRecordId',
  'tailable',
  'awaitData',
  'oplogReplay',
];

const find: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'find');
  for (const opt of UNSUPPORTED_FIND_OPTIONS) {
    if (cmd[opt] !== undefined && cmd[opt] !== false) {
      throw new MongoServerError(
        ErrorCode.BadValue,
        `find option '${opt}' is not supported by the embedded store`,
      );
    }
  }
  rejectCollation(cmd);
  const filter = optionalDoc(cmd, 'filter');
  const sortSpec = optionalDoc(cmd, 'sort');
  const sort = parseSort(sortSpec);
  const projection = compileProjection(optionalDoc(cmd, 'projection'));
  const skip = optionalInt(cmd, 'skip') ?? 0;
  if (skip < 0)
    throw new MongoServerError(51024, `BSON field 'skip' value must be >= 0, actual value '${skip}'`);
  let limit = optionalInt(cmd, 'limit');
  let singleBatch = optionalBool(cmd, 'singleBatch') ?? false;
  if (limit !== undefined && limit < 0) {
    // Legacy negative limit: that many documents, one batch.
    limit = -limit;
    singleBatch = true;
  }
  if (limit === 0) limit = undefined;
  let batchSize = optionalInt(cmd, 'batchSize');
  if (batchSize !== undefined && batchSize < 0) {
    throw new MongoServerError(
      51024,
      `BSON field 'batchSize' value must be >= 0, actual value '${batchSize}'`,
    );
  }
  const variables = optionalDoc(cmd, 'let');
  const matcher = compileFilter(filter, { variables });
  ctx.server.opcounters.query++;

  const coll = ctx.store.getCollection(ctx.db, name);
  const ns = `${ctx.db}.${name}`;
  if (!coll) return { raw: ctx.cursors.first({ ns, docs: [] }, batchSize, true) };
  const { recs } = runQuery(coll, {
    filter,
    matcher,
    sort,
    skip,
    limit,
    hint: cmd.hint,
    natural: naturalDirection(sortSpec) ?? naturalDirection(cmd.hint),
  });
  const docs = recs.map((r) => r.doc);
  if (limit !== undefined && batchSize !== undefined && batchSize >= limit) batchSize = limit;
  const transform = projection
    ? (doc: Doc): Doc => {
        let details: MatchDetails | undefined;
        if (projection.needsPosition) {
          details = {};
          matcher.test(doc, details);
        }
        return projection.apply(doc, details);
      }
    : undefined;
  return { raw: ctx.cursors.first({ ns, docs, transform }, batchSize, singleBatch) };
};

function cursorId(v: unknown): Long {
  if (bsonTag(v) === 'Long') return v as Long;
  if (typeof v === 'number' && Number.isInteger(v)) return Long.fromNumber(v);
  throw new MongoServerError(
    ErrorCode.TypeMismatch,
    `BSON field 'getMore.getMore' is the wrong type '${typeName(v)}', expected type 'long'`,
  );
}

const getMore: CommandHandler = (cmd, ctx) => {
  const id = cursorId(cmd.getMore);
  const coll = collectionArg(cmd, 'collection', true);
  const batchSize = optionalInt(cmd, 'batchSize');
  ctx.server.opcounters.getmore++;
  return { raw: ctx.cursors.more(id, `${ctx.db}.${coll}`, batchSize) };
};

const killCursors: CommandHandler = (cmd, ctx) => {
  collectionArg(cmd, 'killCursors', true);
  const ids = cmd.cursors;
  if (!Array.isArray(ids)) {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      "BSON field 'killCursors.cursors' is the wrong type, expected type 'array'",
    );
  }
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = cursorId(raw);
    (ctx.cursors.kill(id) ? killed : notFound).push(id);
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: OK };
};

export const findCommands: Record<string, CommandHandler> = { find, getMore, killCursors };
