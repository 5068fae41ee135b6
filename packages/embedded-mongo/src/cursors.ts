/**
 * Server-side cursors. Results are materialised as document references when the
 * query runs (stored documents are immutable, so this is a consistent snapshot) and
 * serialised batch by batch. Cursors belong to the server, not to a connection: the
 * driver may send `getMore` on any pooled connection.
 */
import { Double, Long } from 'bson';
import { RawDocBuilder, serializeToBuffer } from './bson/raw';
import type { Doc } from './bson/values';
import { ErrorCode, MongoServerError } from './errors';

/** The server's limit for one batch (a reply must stay under 16 MB plus overhead). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const DEFAULT_FIRST_BATCH = 101;
/** `cursorTimeoutMillis` default. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const OK_DOUBLE = new Double(1);

interface ServerCursor {
  id: Long;
  ns: string;
  docs: readonly Doc[];
  pos: number;
  transform: ((doc: Doc, index: number) => Doc) | undefined;
  lastUsed: number;
}

export interface CursorSource {
  ns: string;
  docs: readonly Doc[];
  /** Applied to each document as it is sent (projection). */
  transform?: (doc: Doc, index: number) => Doc;
}

export class CursorManager {
  private readonly open = new Map<string, ServerCursor>();
  private counter = BigInt(Math.floor(Math.random() * 2 ** 40)) << 20n;

  get size(): number {
    return this.open.size;
  }

  private newId(): Long {
    this.counter += BigInt(1 + Math.floor(Math.random() * 1000));
    return Long.fromBigInt(this.counter & 0x7fffffffffffffffn);
  }

  /**
   * Builds the first batch and keeps a cursor when documents remain (unless
   * `singleBatch`). Returns the encoded `{cursor: {firstBatch, id, ns}, ok: 1}` reply.
   */
  first(source: CursorSource, batchSize: number | undefined, singleBatch: boolean): Buffer {
    const cursor: ServerCursor = {
      id: Long.ZERO,
      ns: source.ns,
      docs: source.docs,
      pos: 0,
      transform: source.transform,
      lastUsed: Date.now(),
    };
    const batch = this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (cursor.pos < cursor.docs.length && !singleBatch) {
      cursor.id = this.newId();
      this.open.set(cursor.id.toString(), cursor);
    }
    return reply('firstBatch', batch, cursor.id, cursor.ns);
  }

  more(id: Long, ns: string, batchSize: number | undefined): Buffer {
    const cursor = this.open.get(id.toString());
    if (!cursor) throw new MongoServerError(ErrorCode.CursorNotFound, `cursor id ${id.toString()} not found`);
    if (cursor.ns !== ns) {
      throw new MongoServerError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    cursor.lastUsed = Date.now();
    const batch = this.take(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    let replyId = cursor.id;
    if (cursor.pos >= cursor.docs.length) {
      this.open.delete(id.toString());
      replyId = Long.ZERO;
    }
    return reply('nextBatch', batch, replyId, cursor.ns);
  }

  kill(id: Long): boolean {
    return this.open.delete(id.toString());
  }

  /** Drops cursors idle for longer than the server's default cursor timeout. */
  reap(now = Date.now()): void {
    for (const [key, c] of this.open) if (now - c.lastUsed > IDLE_TIMEOUT_MS) this.open.delete(key);
  }

  clear(): void {
    this.open.clear();
  }

  private take(cursor: ServerCursor, limit: number): Buffer[] {
    const out: Buffer[] = [];
    let bytes = 0;
    while (cursor.pos < cursor.docs.length && out.length < limit) {
      const doc = cursor.docs[cursor.pos];
      const shaped = cursor.transform ? cursor.transform(doc, cursor.pos) : doc;
      const raw = serializeToBuffer(shaped);
      if (out.length > 0 && bytes + raw.length > MAX_BATCH_BYTES) break;
      out.push(raw);
      bytes += raw.length;
      cursor.pos++;
    }
    return out;
  }
}

function reply(batchField: 'firstBatch' | 'nextBatch', docs: Buffer[], id: Long, ns: string): Buffer {
  const cursor = new RawDocBuilder().rawArray(batchField, docs).value('id', id).value('ns', ns).finish();
  return new RawDocBuilder().rawDoc('cursor', cursor).value('ok', OK_DOUBLE).finish();
}
