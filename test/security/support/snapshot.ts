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
  /** Documents per collection, kept for a readable diff when digests differ. */
  docs: Map<string, Map<string, string>>;
}

const BULKY = { content: 0, definition: 0, example: 0 } as const;

function normalize(collection: string, doc: Record<string, unknown>): Record<string, unknown> {
  if (collection === 'sessions') {
    const { lastSeenAt: _ignored, ...rest } = doc;
    return rest;
  }
  return doc;
}

export async function snapshot(db: Connection, options: { full?: boolean } = {}): Promise<Snapshot> {
  const database = db.db!;
  const names = (await database.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => name !== 'loginFailures' && !name.startsWith('system.'))
    .sort();
  const digests = new Map<string, string>();
  const docs = new Map<string, Map<string, string>>();
  await Promise.all(
    names.map(async (name) => {
      const projection = name === 'deployments' && !options.full ? BULKY : undefined;
      const found = await database
        .collection(name)
        .find({}, { projection, sort: { _id: 1 } })
        .toArray();
      const byId = new Map<string, string>();
      const hash = createHash('sha1');
      for (const doc of found) {
        const text = BSON.EJSON.stringify(normalize(name, doc), { relaxed: false });
        byId.set(BSON.EJSON.stringify(doc._id), text);
        hash.update(text).update('\n');
      }
      digests.set(name, hash.digest('hex'));
      docs.set(name, byId);
    }),
  );
  return { digests, docs };
}

/** What differs between two snapshots, in words a failure message can show (empty: nothing). */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const names = new Set([...before.digests.keys(), ...after.digests.keys()]);
  for (const name of [...names].sort()) {
    if (before.digests.get(name) === after.digests.get(name)) continue;
    const a = before.docs.get(name) ?? new Map<string, string>();
    const b = after.docs.get(name) ?? new Map<string, string>();
    for (const [id, text] of b) {
      if (!a.has(id)) out.push(`${name}: inserted ${id} ${text.slice(0, 300)}`);
      else if (a.get(id) !== text) out.push(`${name}: changed ${id} → ${text.slice(0, 300)}`);
    }
    for (const id of a.keys()) if (!b.has(id)) out.push(`${name}: deleted ${id}`);
  }
  return out;
}
