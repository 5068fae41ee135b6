/** Databases and collections: list, create, drop, rename, collMod, stats. */
import { serialize } from 'bson';
import { compareStrings } from '../bson/compare';
import type { Doc } from '../bson/values';
import { isPlainObject } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { compileFilter } from '../query/matcher';
import type { Collection } from '../storage/collection';
import {
  type CommandContext,
  type CommandHandler,
  collectionArg,
  OK,
  optionalBool,
  optionalDoc,
  optionalInt,
  rejectCollation,
} from './context';

/** Options of `create` that this store implements; anything else is refused, not ignored. */
const CREATE_OPTIONS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'storageEngine',
  'indexOptionDefaults',
  'idIndex',
]);
const IGNORED_FIELDS = new Set([
  'create',
  'lsid',
  '$db',
  'writeConcern',
  'comment',
  '$readPreference',
  'maxTimeMS',
  '$clusterTime',
]);

function createOptions(cmd: Doc): Doc {
  const opts: Doc = {};
  for (const key of Object.keys(cmd)) {
    if (IGNORED_FIELDS.has(key)) continue;
    if (key === 'capped' && cmd.capped === false) continue;
    if (key === 'collation') {
      rejectCollation(cmd);
      continue;
    }
    if (key === 'autoIndexId') continue;
    if (!CREATE_OPTIONS.has(key)) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        `the '${key}' option of create is not supported by the embedded store`,
      );
    }
    if (key === 'storageEngine' || key === 'indexOptionDefaults' || key === 'idIndex') continue;
    opts[key] = cmd[key];
  }
  if (opts.validator !== undefined) {
    if (!isPlainObject(opts.validator))
      throw new MongoServerError(ErrorCode.TypeMismatch, "'validator' must be an object");
    compileFilter(opts.validator);
  }
  if (
    opts.validationLevel !== undefined &&
    !['off', 'strict', 'moderate'].includes(opts.validationLevel as string)
  ) {
    throw new MongoServerError(
      ErrorCode.BadValue,
      `Enumeration value '${String(opts.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  }
  if (opts.validationAction !== undefined && !['error', 'warn'].includes(opts.validationAction as string)) {
    throw new MongoServerError(
      ErrorCode.BadValue,
      `Enumeration value '${String(opts.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
  }
  return opts;
}

const create: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'create');
  if (cmd.viewOn !== undefined) {
    throw new MongoServerError(ErrorCode.InvalidOptions, 'views are not supported by the embedded store');
  }
  const opts = createOptions(cmd);
  const existing = ctx.store.getCollection(ctx.db, name);
  if (existing) {
    // Since MongoDB 7.0, creating an existing collection with identical options succeeds.
    if (Buffer.compare(serialize(existing.options), serialize(opts)) === 0) return { ok: OK };
    throw new MongoServerError(
      ErrorCode.NamespaceExists,
      `Collection ${ctx.db}.${name} already exists with different options`,
    );
  }
  ctx.store.createCollection(ctx.db, name, opts, ctx.log);
  return { ok: OK };
};

const drop: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'drop');
  const coll = ctx.store.getCollection(ctx.db, name);
  // MongoDB 7.0 answers ok for a missing collection (SERVER-43894).
  if (!coll) return { ok: OK };
  const nIndexesWas = coll.indexes.length;
  ctx.store.dropCollection(ctx.db, name, ctx.log);
  return { nIndexesWas, ns: coll.ns, ok: OK };
};

const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.store.dropDatabase(ctx.db, ctx.log);
  return { ok: OK };
};

function approxSize(coll: Collection): number {
  let n = 0;
  let sampled = 0;
  for (const doc of coll.records.values()) {
    n += serialize(doc).length;
    if (++sampled >= 1000) break;
  }
  return sampled === 0 ? 0 : Math.round((n / sampled) * coll.count);
}

const listDatabases: CommandHandler = (cmd, ctx) => {
  if (ctx.db !== 'admin')
    throw new MongoServerError(
      ErrorCode.Unauthorized,
      'listDatabases may only be run against the admin database.',
    );
  const filter = optionalDoc(cmd, 'filter');
  const matcher = compileFilter(filter);
  const nameOnly = optionalBool(cmd, 'nameOnly') ?? false;
  const databases: Doc[] = [];
  let totalSize = 0;
  for (const name of ctx.store.databaseNames().sort(compareStrings)) {
    const sizeOnDisk = ctx.store.collections(name).reduce((s, c) => s + approxSize(c), 0);
    const entry: Doc = nameOnly ? { name } : { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    if (!matcher.test({ name, sizeOnDisk, empty: sizeOnDisk === 0 })) continue;
    totalSize += sizeOnDisk;
    databases.push(entry);
  }
  return nameOnly
    ? { databases, ok: OK }
    : { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1048576), ok: OK };
};

function collectionInfo(coll: Collection): Doc {
  return {
    name: coll.name,
    type: 'collection',
    options: coll.options,
    info: { readOnly: false, uuid: coll.uuid },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  };
}

const listCollections: CommandHandler = (cmd, ctx) => {
  const filter = optionalDoc(cmd, 'filter');
  const matcher = compileFilter(filter);
  const nameOnly = optionalBool(cmd, 'nameOnly') ?? false;
  const cursorOpts = optionalDoc(cmd, 'cursor');
  const batchSize = cursorOpts ? optionalInt(cursorOpts, 'batchSize') : undefined;
  const docs = ctx.store
    .collections(ctx.db)
    .map(collectionInfo)
    .filter((d) => matcher.test(d))
    .map((d) => (nameOnly ? { name: d.name, type: d.type } : d));
  return { raw: ctx.cursors.first({ ns: `${ctx.db}.$cmd.listCollections`, docs }, batchSize, false) };
};

const renameCollection: CommandHandler = (cmd, ctx) => {
  if (ctx.db !== 'admin')
    throw new MongoServerError(
      ErrorCode.Unauthorized,
      'renameCollection may only be run against the admin database.',
    );
  const from = cmd.renameCollection;
  const to = cmd.to;
  if (typeof from !== 'string' || typeof to !== 'string') {
    throw new MongoServerError(ErrorCode.TypeMismatch, "'renameCollection' and 'to' must be strings");
  }
  const split = (ns: string): [string, string] => {
    const i = ns.indexOf('.');
    if (i <= 0 || i === ns.length - 1)
      throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid namespace specified '${ns}'`);
    return [ns.slice(0, i), ns.slice(i + 1)];
  };
  const [fromDb, fromColl] = split(from);
  const [toDb, toColl] = split(to);
  if (!ctx.store.getCollection(fromDb, fromColl))
    throw new MongoServerError(ErrorCode.NamespaceNotFound, 'source namespace does not exist');
  if (from === to)
    throw new MongoServerError(ErrorCode.IllegalOperation, "Can't rename a collection to itself");
  if (ctx.store.getCollection(toDb, toColl)) {
    if (optionalBool(cmd, 'dropTarget') !== true)
      throw new MongoServerError(ErrorCode.NamespaceExists, 'target namespace exists');
    ctx.store.dropCollection(toDb, toColl, ctx.log);
  }
  ctx.store.renameCollection(fromDb, fromColl, toDb, toColl, ctx.log);
  return { ok: OK };
};

const collMod: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'collMod');
  const coll = ctx.store.getCollection(ctx.db, name);
  if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const next: Doc = { ...coll.options };
  for (const key of Object.keys(cmd)) {
    if (key === 'collMod' || IGNORED_FIELDS.has(key)) continue;
    if (!['validator', 'validationLevel', 'validationAction'].includes(key)) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        `the '${key}' option of collMod is not supported by the embedded store`,
      );
    }
    next[key] = cmd[key];
  }
  createOptions({ ...next });
  ctx.store.setOptions(coll, next, ctx.log);
  return { ok: OK };
};

function collStatsDoc(coll: Collection, ctx: CommandContext): Doc {
  const size = approxSize(coll);
  return {
    ns: coll.ns,
    size,
    count: coll.count,
    avgObjSize: coll.count ? Math.round(size / coll.count) : 0,
    storageSize: size,
    nindexes: coll.indexes.length,
    indexSizes: Object.fromEntries(coll.indexes.map((i) => [i.name, i.list.size * 32])),
    totalIndexSize: coll.indexes.reduce((s, i) => s + i.list.size * 32, 0),
    capped: false,
    engine: ctx.server.persistence === 'journal' ? 'embedded-journal' : 'embedded-memory',
    ok: OK,
  };
}

const collStats: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'collStats');
  const coll = ctx.store.getCollection(ctx.db, name);
  if (!coll)
    throw new MongoServerError(ErrorCode.NamespaceNotFound, `Collection [${ctx.db}.${name}] not found.`);
  return collStatsDoc(coll, ctx);
};

const dbStats: CommandHandler = (_cmd, ctx) => {
  const colls = ctx.store.collections(ctx.db);
  const stats = colls.map((c) => collStatsDoc(c, ctx));
  const objects = colls.reduce((s, c) => s + c.count, 0);
  const dataSize = stats.reduce((s, c) => s + (c.size as number), 0);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize,
    storageSize: dataSize,
    indexes: colls.reduce((s, c) => s + c.indexes.length, 0),
    indexSize: stats.reduce((s, c) => s + (c.totalIndexSize as number), 0),
    ok: OK,
  };
};

export const catalogCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listDatabases,
  listCollections,
  renameCollection,
  collMod,
  collStats,
  dbStats,
};
