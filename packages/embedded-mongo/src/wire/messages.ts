/**
 * Decoding requests (OP_MSG, and OP_QUERY for the legacy handshake) and encoding
 * replies (OP_MSG, OP_REPLY). Anything malformed raises ProtocolError, after which
 * the connection is closed: the stream position can no longer be trusted.
 */
import { deserialize } from 'bson';
import { normalizeIncoming } from '../bson/normalize';
import type { Doc } from '../bson/values';
import { crc32c } from './crc32c';
import { HEADER_SIZE, ProtocolError } from './framer';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
const EXHAUST_ALLOWED = 1 << 16;
/** Bits 0–15 are "required": a server must reject bits it does not know. */
const KNOWN_REQUIRED = CHECKSUM_PRESENT | MORE_TO_COME;

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface CommandRequest {
  kind: 'msg' | 'query';
  requestId: number;
  body: Doc;
  /** OP_MSG moreToCome: the client expects no reply. */
  moreToCome: boolean;
  exhaustAllowed: boolean;
  /** OP_QUERY: the namespace the query addressed (`admin.$cmd`). */
  namespace?: string;
}

export function readHeader(msg: Buffer): Header {
  return {
    length: msg.readInt32LE(0),
    requestId: msg.readInt32LE(4),
    responseTo: msg.readInt32LE(8),
    opCode: msg.readInt32LE(12),
  };
}

function readDoc(buf: Buffer, off: number, limit: number): { doc: Doc; size: number } {
  if (off + 5 > limit) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(off);
  if (size < 5 || off + size > limit) throw new ProtocolError(`invalid BSON document size ${size}`);
  try {
    const doc = deserialize(buf.subarray(off, off + size), { promoteValues: false });
    return { doc: normalizeIncoming(doc) as Doc, size };
  } catch (e) {
    throw new ProtocolError(`invalid BSON: ${(e as Error).message}`);
  }
}

function readCString(buf: Buffer, off: number, limit: number): { value: string; next: number } {
  const end = buf.indexOf(0, off);
  if (end < 0 || end >= limit) throw new ProtocolError('unterminated C string');
  return { value: buf.toString('utf8', off, end), next: end + 1 };
}

export function parseOpMsg(msg: Buffer, header: Header): CommandRequest {
  if (msg.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
  const flags = msg.readUInt32LE(HEADER_SIZE);
  if ((flags & 0xffff & ~KNOWN_REQUIRED) !== 0)
    throw new ProtocolError(`unknown required OP_MSG flag bits 0x${flags.toString(16)}`);
  let end = msg.length;
  if (flags & CHECKSUM_PRESENT) {
    end -= 4;
    if (end < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short for its checksum');
    if (crc32c(msg.subarray(0, end)) !== msg.readUInt32LE(end))
      throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  let off = HEADER_SIZE + 4;
  while (off < end) {
    const kind = msg[off++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with more than one body section');
      const { doc, size } = readDoc(msg, off, end);
      body = doc;
      off += size;
    } else if (kind === 1) {
      if (off + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = msg.readInt32LE(off);
      const sectionEnd = off + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError(`invalid document sequence size ${size}`);
      const id = readCString(msg, off + 4, sectionEnd);
      const docs: Doc[] = [];
      let p = id.next;
      while (p < sectionEnd) {
        const { doc, size: dsize } = readDoc(msg, p, sectionEnd);
        docs.push(doc);
        p += dsize;
      }
      sequences.push([id.value, docs]);
      off = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [id, docs] of sequences) {
    if (id in body)
      throw new ProtocolError(`OP_MSG field '${id}' given both in the body and as a document sequence`);
    body[id] = docs;
  }
  return {
    kind: 'msg',
    requestId: header.requestId,
    body,
    moreToCome: (flags & MORE_TO_COME) !== 0,
    exhaustAllowed: (flags & EXHAUST_ALLOWED) !== 0,
  };
}

export function parseOpQuery(msg: Buffer, header: Header): CommandRequest {
  let off = HEADER_SIZE + 4; // flags
  const ns = readCString(msg, off, msg.length);
  off = ns.next + 8; // numberToSkip, numberToReturn
  let { doc } = readDoc(msg, off, msg.length);
  // Legacy drivers wrap commands as {$query: {...}, $readPreference: ...}.
  if (doc.$query && typeof doc.$query === 'object') doc = doc.$query as Doc;
  return {
    kind: 'query',
    requestId: header.requestId,
    body: doc,
    moreToCome: false,
    exhaustAllowed: false,
    namespace: ns.value,
  };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeOpMsg(responseTo: number, body: Buffer): Buffer[] {
  const prefix = Buffer.alloc(5); // flagBits 0, section kind 0
  return [header(HEADER_SIZE + 5 + body.length, responseTo, OP_MSG), prefix, body];
}

export function encodeOpReply(responseTo: number, doc: Buffer, queryFailure = false): Buffer[] {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(queryFailure ? 2 : 8, 0); // QueryFailure, or AwaitCapable as mongod sets
  // cursorID 0, startingFrom 0
  fields.writeInt32LE(1, 16); // numberReturned
  return [header(HEADER_SIZE + 20 + doc.length, responseTo, OP_REPLY), fields, doc];
}
