/**
 * TTL monitor: deletes documents whose indexed date (the earliest, for arrays) is
 * older than `expireAfterSeconds`, walking the TTL index from the start of the date
 * range, like the server's periodic pass.
 */
import { Canon } from '../bson/values';
import { BracketEdge } from './index-keys';
import { OpLog, type Store } from './store';

export function expireDocuments(store: Store, now: Date): OpLog {
  const log = new OpLog();
  for (const db of [...store.dbs.keys()]) {
    for (const coll of store.collections(db)) {
      for (const index of coll.indexes) {
        const ttl = index.spec.expireAfterSeconds;
        if (ttl === undefined) continue;
        const cutoff = new Date(now.getTime() - ttl * 1000);
        const list = index.list;
        const expired = new Set<number>();
        // Entries of the date bracket below the cutoff, in either index direction.
        const start = index.dirs[0] === 1 ? new BracketEdge(Canon.Date, false) : cutoff;
        const end = index.dirs[0] === 1 ? cutoff : new BracketEdge(Canon.Date, false);
        const from = list.seek({ k: [start], r: index.dirs[0] === 1 ? -Infinity : Infinity });
        for (const e of list.iterate(from, true)) {
          if (index.compare(e, { k: [end], r: index.dirs[0] === 1 ? -Infinity : Infinity }) >= 0) break;
          expired.add(e.r);
        }
        for (const rid of expired) store.delete(coll, rid, log);
      }
    }
  }
  return log;
}
