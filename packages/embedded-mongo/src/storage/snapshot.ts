/**
 * Snapshots: the whole store as framed records (a header, one record per collection
 * with its options and indexes, documents in chunks, and an end marker that proves
 * the file is complete). Written to a temporary name, fsynced, then renamed into
 * place, so a snapshot file either is complete or does not exist.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import type { Binary } from 'bson';
import { RawDocBuilder, serializeToBuffer } from '../bson/raw';
import type { Doc } from '../bson/values';
import { frame, frameDoc, readRecords } from './framing';
import { fsyncDir, PRIVATE_FILE } from './journal';
import type { Store } from './store';

const FORMAT = 'embedded-mongo-snapshot';
const CHUNK_BYTES = 4 * 1024 * 1024;
const CHUNK_DOCS = 2000;

/** What a snapshot holds, captured synchronously so it is one consistent point in time. */
export interface Capture {
  collections: Array<{ db: string; c: string; opts: Doc; uuid: Binary; indexes: Doc[]; docs: Doc[] }>;
}

export function capture(store: Store): Capture {
  const collections: Capture['collections'] = [];
  for (const db of store.dbs.keys()) {
    for (const coll of store.collections(db)) {
      collections.push({
        db,
        c: coll.name,
        opts: coll.options,
        uuid: coll.uuid,
        indexes: coll.indexes.slice(1).map((i) => i.spec.doc),
        // Documents are immutable once stored, so the references are a consistent copy.
        docs: Array.from(coll.records.values()),
      });
    }
  }
  return { collections };
}

export async function writeSnapshot(path: string, snap: Capture, gen: number): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await fsp.open(tmp, 'w', PRIVATE_FILE);
  let docs = 0;
  try {
    let pending: Buffer[] = [frameDoc({ t: 'header', format: FORMAT, version: 1, gen })];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pending.length > 0) await fh.writev(pending);
      pending = [];
      pendingBytes = 0;
    };
    for (const c of snap.collections) {
      pending.push(frameDoc({ t: 'coll', db: c.db, c: c.c, opts: c.opts, uuid: c.uuid, indexes: c.indexes }));
      for (let i = 0; i < c.docs.length;) {
        // Documents are serialised one by one so a chunk stays near CHUNK_BYTES whatever their size.
        const chunk: Buffer[] = [];
        let bytes = 0;
        while (i < c.docs.length && chunk.length < CHUNK_DOCS && bytes < CHUNK_BYTES) {
          const raw = serializeToBuffer(c.docs[i++]);
          chunk.push(raw);
          bytes += raw.length;
        }
        const payload = new RawDocBuilder()
          .value('t', 'docs')
          .value('db', c.db)
          .value('c', c.c)
          .rawArray('docs', chunk);
        const rec = frame(payload.finish());
        pending.push(rec);
        pendingBytes += rec.length;
        docs += chunk.length;
        if (pendingBytes > CHUNK_BYTES) await flush();
        await new Promise((r) => setImmediate(r));
      }
    }
    pending.push(frameDoc({ t: 'end', collections: snap.collections.length, docs }));
    await flush();
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, path);
  await fsyncDir(dirname(path));
}

export interface LoadedSnapshot {
  gen: number;
  collections: number;
  docs: number;
}

/** Loads a snapshot into an empty store; throws if the file is incomplete or corrupt. */
export async function loadSnapshot(path: string, store: Store): Promise<LoadedSnapshot> {
  const buf = await fsp.readFile(path);
  const { docs: records, problem } = readRecords(buf);
  if (problem) throw new Error(`snapshot ${path} is corrupt: ${problem}`);
  const header = records[0];
  const end = records[records.length - 1];
  if (!header || header.t !== 'header' || header.format !== FORMAT)
    throw new Error(`${path} is not a snapshot`);
  if (!end || end.t !== 'end') throw new Error(`snapshot ${path} is incomplete`);
  const pendingIndexes: Array<{ db: string; c: string; indexes: Doc[] }> = [];
  let docs = 0;
  for (const rec of records.slice(1, -1)) {
    const db = rec.db as string;
    const c = rec.c as string;
    if (rec.t === 'coll') {
      store.createCollection(db, c, rec.opts as Doc, null, rec.uuid as Binary);
      pendingIndexes.push({ db, c, indexes: rec.indexes as Doc[] });
    } else if (rec.t === 'docs') {
      const coll = store.getCollection(db, c);
      if (!coll) throw new Error(`snapshot ${path}: documents for unknown collection ${db}.${c}`);
      coll.bulkLoad(rec.docs as Doc[]);
      docs += (rec.docs as Doc[]).length;
    }
  }
  // Secondary indexes are built once over the loaded documents (one sort each).
  for (const p of pendingIndexes) {
    const coll = store.getCollection(p.db, p.c);
    if (!coll) continue;
    coll.rebuildIndexes();
    for (const spec of p.indexes) store.createIndex(coll, spec, null);
  }
  if (end.docs !== docs)
    throw new Error(
      `snapshot ${path} is inconsistent: ${docs} documents, end marker says ${String(end.docs)}`,
    );
  return { gen: header.gen as number, collections: pendingIndexes.length, docs };
}
