/**
 * On-disk record framing shared by the journal and snapshots:
 * `[u32 payload length][u32 CRC-32 of payload][payload]`, little endian. A torn or
 * corrupted record fails the length or CRC check, and reading stops there.
 */
import { crc32 } from 'node:zlib';
import { deserialize, serialize } from 'bson';
import { normalizeIncoming } from '../bson/normalize';
import type { Doc } from '../bson/values';

export const HEADER_BYTES = 8;
/** Larger than any record we write; a bigger length means garbage. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export function frame(payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, HEADER_BYTES);
  return out;
}

export function frameDoc(doc: Doc): Buffer {
  return frame(serialize(doc));
}

export interface ReadResult {
  docs: Doc[];
  /** Bytes of intact records; anything after is torn or corrupt. */
  validBytes: number;
  /** Why reading stopped early, if it did. */
  problem?: string;
}

/** Decodes consecutive records, stopping at the first incomplete or corrupt one. */
export function readRecords(buf: Buffer): ReadResult {
  const docs: Doc[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < HEADER_BYTES)
      return { docs, validBytes: off, problem: `truncated header at offset ${off}` };
    const len = buf.readUInt32LE(off);
    const crc = buf.readUInt32LE(off + 4);
    if (len > MAX_RECORD_BYTES)
      return { docs, validBytes: off, problem: `implausible record length ${len} at offset ${off}` };
    const end = off + HEADER_BYTES + len;
    if (end > buf.length) return { docs, validBytes: off, problem: `truncated record at offset ${off}` };
    const payload = buf.subarray(off + HEADER_BYTES, end);
    if (crc32(payload) !== crc)
      return { docs, validBytes: off, problem: `checksum mismatch at offset ${off}` };
    try {
      docs.push(normalizeIncoming(deserialize(payload, { promoteValues: false })) as Doc);
    } catch (e) {
      return {
        docs,
        validBytes: off,
        problem: `undecodable record at offset ${off}: ${(e as Error).message}`,
      };
    }
    off = end;
  }
  return { docs, validBytes: off };
}
