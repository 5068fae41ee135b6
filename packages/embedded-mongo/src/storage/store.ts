/**
 * The catalog of databases and collections, and the only place that changes data.
 * Every change is described by a journal operation: live commands call the methods
 * below, which apply the change and append the operation to the command's `OpLog`;
 * recovery feeds the same operations to `replay`. Updates are logged as full
 * post-images, so replay never re-evaluates update operators.
 */
import { Binary, UUID } from 'bson';
import type { Doc } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { Collection } from './collection';
import { frameDoc } from './framing';
import { parseIndexSpec } from './index-spec';

export type JournalOp =
  | { o: 'cc'; db: string; c: string; opts: Doc; uuid: Binary }
  | { o: 'dc'; db: string; c: string }
  | { o: 'dd'; db: string }
  | { o: 'rc'; db: string; c: string; tdb: string; tc: string }
  | { o: 'co'; db: string; c: string; opts: Doc }
  | { o: 'ci'; db: string; c: string; spec: Doc }
  | { o: 'di'; db: string; c: string; name: string }
  | { o: 'i'; db: string; c: string; d: Doc }
  | { o: 'u'; db: string; c: string; d: Doc }
  | { o: 'd'; db: string; c: string; id: unknown };

/** Largest document accepted (the server's 16 MiB plus its internal headroom). */
const MAX_RECORD_PAYLOAD = 16 * 1024 * 1024 + 16 * 1024;

/**
 * The operations one command produced, framed for the journal; made durable before
 * the command is acknowledged. With a journal, each write is serialised *before* it
 * is applied in memory, so a document the journal could not hold is refused instead
 * of living only in memory.
 */
export class OpLog {
  readonly records: Buffer[] = [];
  count = 0;

  constructor(readonly durable: boolean) {}

  /** Frames an operation (when durable); throws if it is too large to store. */
  prepare(op: JournalOp): Buffer | undefined {
    if (!this.durable) return undefined;
    const rec = frameDoc(op as unknown as Doc);
    if (rec.length > MAX_RECORD_PAYLOAD) {
      const update = op.o === 'u';
      throw new MongoServerError(
        update ? 17419 : ErrorCode.BSONObjectTooLarge,
        update
          ? `Resulting document after update is larger than ${16 * 1024 * 1024}`
          : `object to insert too large. size in bytes: ${rec.length}, max size: ${16 * 1024 * 1024}`,
      );
    }
    return rec;
  }

  /** Records an operation that has been applied (with its frame from `prepare`). */
  push(op: JournalOp, framed?: Buffer): void {
    this.count++;
    if (!this.durable) return;
    this.records.push(framed ?? frameDoc(op as unknown as Doc));
  }
}

export class Store {
  readonly dbs = new Map<string, Map<string, Collection>>();

  getCollection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((d) => (this.dbs.get(d)?.size ?? 0) > 0);
  }

  createCollection(db: string, name: string, opts: Doc, log: OpLog | null, uuid?: Binary): Collection {
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const id = uuid ?? new UUID().toBinary();
    const coll = new Collection(db, name, opts, id);
    colls.set(name, coll);
    log?.push({ o: 'cc', db, c: name, opts, uuid: id });
    return coll;
  }

  /** The collection, created implicitly (as inserts and index builds do) when missing. */
  ensureCollection(db: string, name: string, log: OpLog | null): { coll: Collection; created: boolean } {
    const existing = this.getCollection(db, name);
    if (existing) return { coll: existing, created: false };
    return { coll: this.createCollection(db, name, {}, log), created: true };
  }

  dropCollection(db: string, name: string, log: OpLog | null): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.has(name)) return false;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    log?.push({ o: 'dc', db, c: name });
    return true;
  }

  dropDatabase(db: string, log: OpLog | null): boolean {
    const existed = this.dbs.delete(db);
    if (existed) log?.push({ o: 'dd', db });
    return existed;
  }

  renameCollection(db: string, name: string, toDb: string, toName: string, log: OpLog | null): void {
    const coll = this.getCollection(db, name);
    if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, 'source namespace does not exist');
    if (db !== toDb) {
      // Across databases: copy into a new collection with the same indexes.
      const target = this.createCollection(toDb, toName, coll.options, null, coll.uuid);
      for (const index of coll.indexes.slice(1)) target.addIndex(index.spec);
      for (const doc of coll.records.values()) target.insert(doc);
      this.dropCollection(db, name, null);
    } else {
      const colls = this.dbs.get(db) as Map<string, Collection>;
      colls.delete(name);
      coll.name = toName;
      colls.set(toName, coll);
    }
    log?.push({ o: 'rc', db, c: name, tdb: toDb, tc: toName });
  }

  setOptions(coll: Collection, opts: Doc, log: OpLog | null): void {
    coll.setOptions(opts);
    log?.push({ o: 'co', db: coll.db, c: coll.name, opts });
  }

  createIndex(coll: Collection, specDoc: Doc, log: OpLog | null): void {
    coll.addIndex(parseIndexSpec(specDoc));
    log?.push({ o: 'ci', db: coll.db, c: coll.name, spec: specDoc });
  }

  dropIndex(coll: Collection, name: string, log: OpLog | null): void {
    coll.dropIndex(name);
    log?.push({ o: 'di', db: coll.db, c: coll.name, name });
  }

  insert(coll: Collection, doc: Doc, log: OpLog | null): number {
    const op: JournalOp = { o: 'i', db: coll.db, c: coll.name, d: doc };
    const framed = log?.prepare(op);
    const rid = coll.insert(doc);
    log?.push(op, framed);
    return rid;
  }

  replace(coll: Collection, rid: number, doc: Doc, log: OpLog | null): void {
    const op: JournalOp = { o: 'u', db: coll.db, c: coll.name, d: doc };
    const framed = log?.prepare(op);
    coll.replace(rid, doc);
    log?.push(op, framed);
  }

  delete(coll: Collection, rid: number, log: OpLog | null): Doc | undefined {
    const old = coll.delete(rid);
    if (old) log?.push({ o: 'd', db: coll.db, c: coll.name, id: old._id });
    return old;
  }

  /** Applies a journal operation during recovery (idempotent where it can be). */
  replay(op: JournalOp): void {
    switch (op.o) {
      case 'cc':
        if (!this.getCollection(op.db, op.c)) this.createCollection(op.db, op.c, op.opts, null, op.uuid);
        return;
      case 'dc':
        this.dropCollection(op.db, op.c, null);
        return;
      case 'dd':
        this.dropDatabase(op.db, null);
        return;
      case 'rc':
        if (this.getCollection(op.db, op.c)) this.renameCollection(op.db, op.c, op.tdb, op.tc, null);
        return;
    }
    const { coll } = this.ensureCollection(op.db, op.c, null);
    switch (op.o) {
      case 'co':
        coll.setOptions(op.opts);
        return;
      case 'ci': {
        const spec = parseIndexSpec(op.spec);
        if (!coll.getIndex(spec.name)) coll.addIndex(spec);
        return;
      }
      case 'di':
        coll.dropIndex(op.name);
        return;
      case 'i':
      case 'u': {
        const rid = coll.ridOf(op.d._id);
        if (rid === undefined) coll.insert(op.d);
        else coll.replace(rid, op.d);
        return;
      }
      case 'd': {
        const rid = coll.ridOf(op.id);
        if (rid !== undefined) coll.delete(rid);
        return;
      }
    }
  }
}
