/** createIndexes / listIndexes / dropIndexes with the server's conflict rules and replies. */
import { formatDoc } from '../bson/format';
import { type Doc, isPlainObject } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { ID_INDEX_NAME, parseIndexSpec, sameKey, sameOptions } from '../storage/index-spec';
import { type CommandHandler, collectionArg, OK, optionalDoc, optionalInt, requireArray } from './context';

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'createIndexes');
  const raw = requireArray(cmd, 'indexes', 'createIndexes');
  if (raw.length === 0)
    throw new MongoServerError(ErrorCode.BadValue, 'Must specify at least one index to create');
  const specs = raw.map((r) => parseIndexSpec(r));
  const existing = ctx.store.getCollection(ctx.db, name);
  const before = existing ? existing.indexes.length : 1;

  // Validate everything against the current indexes before changing anything.
  const toCreate: typeof specs = [];
  for (const spec of specs) {
    const all = [...(existing?.indexes.map((i) => i.spec) ?? []), ...toCreate];
    const byName = all.find((s) => s.name === spec.name);
    const byKey = all.find((s) => sameKey(s, spec) && sameOptions(s, spec));
    if (byName) {
      if (sameKey(byName, spec) && sameOptions(byName, spec)) continue;
      if (spec.name === ID_INDEX_NAME && sameKey(byName, spec)) continue;
      throw new MongoServerError(
        ErrorCode.IndexKeySpecsConflict,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatDoc(spec.doc)}, existing index: ${formatDoc(byName.doc)}`,
      );
    }
    if (byKey) {
      throw new MongoServerError(
        ErrorCode.IndexOptionsConflict,
        `Index already exists with a different name: ${byKey.name}`,
      );
    }
    const sameKeyDifferentOptions = all.find((s) => sameKey(s, spec));
    if (
      sameKeyDifferentOptions &&
      !spec.partialFilterExpression &&
      !sameKeyDifferentOptions.partialFilterExpression
    ) {
      throw new MongoServerError(
        ErrorCode.IndexOptionsConflict,
        `An equivalent index already exists with a different name and options. Requested index: ${formatDoc(spec.doc)}, existing index: ${formatDoc(sameKeyDifferentOptions.doc)}`,
      );
    }
    toCreate.push(spec);
  }

  const { coll, created } = ctx.store.ensureCollection(ctx.db, name, ctx.log);
  // All or nothing, as in the server: a failing build (duplicates for a unique index)
  // removes the indexes this command already built.
  const built: string[] = [];
  try {
    for (const spec of toCreate) {
      ctx.store.createIndex(coll, spec.doc, ctx.log);
      built.push(spec.name);
    }
  } catch (e) {
    for (const n of built) ctx.store.dropIndex(coll, n, ctx.log);
    throw e;
  }
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.length,
  };
  if (toCreate.length === 0) reply.note = 'all indexes already exist';
  reply.createdCollectionAutomatically = created;
  reply.ok = OK;
  return reply;
};

const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'listIndexes');
  const coll = ctx.store.getCollection(ctx.db, name);
  if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const cursorOpts = optionalDoc(cmd, 'cursor');
  const batchSize = cursorOpts ? optionalInt(cursorOpts, 'batchSize') : undefined;
  const docs = coll.indexes.map((i) => i.spec.doc);
  return { raw: ctx.cursors.first({ ns: `${ctx.db}.$cmd.listIndexes.${name}`, docs }, batchSize, false) };
};

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'dropIndexes' in cmd ? 'dropIndexes' : 'deleteIndexes');
  const coll = ctx.store.getCollection(ctx.db, name);
  if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.length;
  const which = cmd.index;
  let names: string[];
  if (which === '*') {
    names = coll.indexes.slice(1).map((i) => i.name);
  } else if (typeof which === 'string') {
    names = [which];
  } else if (Array.isArray(which)) {
    names = which.map(String);
  } else if (isPlainObject(which)) {
    const key = which;
    const match = coll.indexes.filter((i) => formatDoc(i.spec.key) === formatDoc(key));
    if (match.length === 0) {
      throw new MongoServerError(ErrorCode.IndexNotFound, `can't find index with key: ${formatDoc(key)}`);
    }
    if (match.length > 1) {
      throw new MongoServerError(
        ErrorCode.AmbiguousIndexKeyPattern,
        `${match.length} indexes found for key: ${formatDoc(key)}, identify by name instead.`,
      );
    }
    names = [match[0].name];
  } else {
    throw new MongoServerError(ErrorCode.TypeMismatch, "BSON field 'dropIndexes.index' is the wrong type");
  }
  for (const n of names) {
    if (n === ID_INDEX_NAME) throw new MongoServerError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    if (!coll.getIndex(n))
      throw new MongoServerError(ErrorCode.IndexNotFound, `index not found with name [${n}]`);
  }
  for (const n of names) ctx.store.dropIndex(coll, n, ctx.log);
  const reply: Doc = { nIndexesWas };
  if (which === '*') reply.msg = 'non-_id indexes dropped for collection';
  reply.ok = OK;
  return reply;
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
