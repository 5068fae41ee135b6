/**
 * TTL monitor: deletes documents whose indexed date (the earliest, for arrays) is
 * older than `expireAfterSeconds`, walking the TTL index from the start of the date
 * range, like the server's periodic pass.
 */
import { Canon } from '../bson/values';
import { bracketEnd, bracketStart, encodeComponent, KEY_MAX_UNIT } from './key-encoding';
import { OpLog, type Store } from './store';

export function expireDocuments(store: Store, now: Date, durable: boolean): OpLog {
  const log = new OpLog(durable);
  for (const db of [...store.dbs.keys()]) {
    for (const coll of store.collections(db)) {
      for (const index of coll.indexes) {
        const ttl = index.spec.expireAfterSeconds;
        if (ttl === undefined) continue;
        const cutoff = new Date(now.getTime() - ttl * 1000);
        const list = index.list;
        const expired = new Set<number>();
        // Entries of the date bracket below the cutoff, in either index direction.
        const dir = index.dirs[0];
        const start = dir === 1 ? bracketStart(Canon.Date, 1) : encodeComponent(cutoff, -1) + KEY_MAX_UNIT;
        const end = dir === 1 ? encodeComponent(cutoff, 1) : bracketEnd(Canon.Date, -1);
        for (const e of list.iterate(list.seek({ s: start, k: [], r: -Infinity }), true)) {
          if (e.s >= end) break;
          expired.add(e.r);
        }
        for (const rid of expired) store.delete(coll, rid, log);
      }
    }
  }
  return log;
}
