import { createHash } from 'node:crypto';
import { BSON } from 'mongodb';
import type { Connection } from 'mongoose';

/**
 * The whole database as digests, to prove that a rejected request wrote nothing. Every collection is
 * read, every document of it, with these exclusions, each of which changes on requests that are
 * rightly refused or on any request at all:
 *
 *  - `sessions.lastSeenAt`: authentication refreshes it (at most once a minute) on every request that
 *    presents a valid token, before the handler decides to refuse; the idle timeout needs it.
 *  - `loginFailures` (the whole collection): the login throttle's counters. A failed login (401) must
 *    write exactly there, that is how failures are counted; and the limiter stamps its own expiry.
 *
 * `deployments` holds immutable versions (written by insert only, ~1 MB of forms, diagrams and compiled
 * definitions): the per-request snapshot keeps every field but the three bulky ones (`content`,
 * `definition`, `example`), so any insert, delete or other field change is still seen; `full()` reads
 * them too and the suites compare it at their start and end.
 */
export interface Snapshot {
  digests: Map<string, string>;
  /** Raw BSON of every document per collection, decoded only to describe a difference. */
  docs: Map<string, Buffer[]>;
}

const BULKY = { content: 0, definition: 0, example: 0 } as const;

/** The BSON of a document without what legitimately changes (see above). */
function normalized(collection: string, raw: Buffer): Buffer {
  if (collection !== 'sessions') return raw;
  const { lastSeenAt: _ignored, ...rest } = BSON.deserialize(raw);
  return Buffer.from(BSON.serialize(rest));
}

export async function snapshot(db: Connection, options: { full?: boolean } = {}): Promise<Snapshot> {
  const database = db.db!;
  const names = (await database.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => name !== 'loginFailures' && !name.startsWith('system.'))
    .sort();
  const digests = new Map<string, string>();
  const docs = new Map<string, Buffer[]>();
  // One collection after the other: the store answers one at a time anyway, and in parallel costs more.
  for (const name of names) {
    {
      const projection = name === 'deployments' && !options.full ? BULKY : undefined;
      // Raw BSON: nothing is decoded unless it differs.
      const found = (await database
        .collection(name)
        .find({}, { projection, sort: { _id: 1 }, raw: true })
        .toArray()) as unknown as Buffer[];
      const hash = createHash('sha1');
      const kept = found.map((raw) => normalized(name, Buffer.from(raw)));
      for (const doc of kept) hash.update(doc);
      digests.set(name, hash.digest('hex'));
      docs.set(name, kept);
    }
  }
  return { digests, docs };
}

/** The documents of a collection by their _id (EJSON), to say which were inserted, changed or deleted. */
export function byId(docs: Buffer[] = []): Map<string, Buffer> {
  return new Map(docs.map((raw) => [BSON.EJSON.stringify(BSON.deserialize(raw)._id), raw]));
}

const text = (raw: Buffer) => BSON.EJSON.stringify(BSON.deserialize(raw), { relaxed: true }).slice(0, 300);

/** What differs between two snapshots, in words a failure message can show (empty: nothing). */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const names = new Set([...before.digests.keys(), ...after.digests.keys()]);
  for (const name of [...names].sort()) {
    if (before.digests.get(name) === after.digests.get(name)) continue;
    const a = byId(before.docs.get(name));
    const b = byId(after.docs.get(name));
    for (const [id, raw] of b) {
      if (!a.has(id)) out.push(`${name}: inserted ${id} ${text(raw)}`);
      else if (!a.get(id)!.equals(raw)) out.push(`${name}: changed ${id} → ${text(raw)}`);
    }
    for (const id of a.keys()) if (!b.has(id)) out.push(`${name}: deleted ${id}`);
  }
  return out;
}
