import { createHash } from 'node:crypto';

/** The chain every event without a county (account administration, system work) goes into. */
export const SYSTEM_CHAIN = 'system';

/** `prev` of a chain's first event. */
export const GENESIS = '0'.repeat(64);

/** Where an event is chained, as the sealer decides it and the verifier checks it. */
export interface ChainLink {
  /** The chain: the event's county, or `system`. */
  county: string;
  seq: number;
  prev: string;
  hash: string;
}

export function chainKeyOf(event: object): string {
  const county = (event as { county?: unknown }).county;
  return typeof county === 'string' && county !== '' ? county : SYSTEM_CHAIN;
}

/**
 * A serialization that depends only on an event's stored content: keys sorted, every BSON type
 * tagged (so a date and the string of that date differ, and an ObjectId and its hex), numbers as
 * JSON writes them. It is computed from the document as read back from the database, by the
 * sealer and the verifier alike, so whatever a driver did on the way in (undefined → null) is what
 * gets hashed.
 */
export function canonicalize(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : `{"$number":"${String(value)}"}`;
    case 'bigint':
      return `{"$long":"${value.toString()}"}`;
    case 'object':
      break;
    default:
      return `{"$unsupported":${JSON.stringify(typeof value)}}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  if (value instanceof Date) {
    const time = value.getTime();
    return `{"$date":${Number.isNaN(time) ? '"invalid"' : JSON.stringify(value.toISOString())}}`;
  }
  if (value instanceof RegExp) return `{"$regex":${JSON.stringify(value.source)},"$flags":"${value.flags}"}`;
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (typeof bsonType === 'string') {
    if (bsonType === 'Binary') {
      const binary = value as { sub_type: number; buffer: Uint8Array };
      return `{"$binary":"${Buffer.from(binary.buffer).toString('base64')}","$type":${binary.sub_type}}`;
    }
    // ObjectId, Long, Decimal128, Timestamp, ...: their string form is their value.
    return `{${JSON.stringify(`$${bsonType}`)}:${JSON.stringify(String(value))}}`;
  }
  if (Buffer.isBuffer(value)) return `{"$binary":"${value.toString('base64')}","$type":0}`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalize(record[key])}`).join(',')}}`;
}

/** Everything an event says, i.e. the whole stored document except the seal itself. */
export function eventContent(event: Record<string, unknown>): Record<string, unknown> {
  const { chain: _chain, ...content } = event;
  return content;
}

/** SHA-256 over the event's content and its place in its chain (county, seq and the previous hash). */
export function linkHash(event: Record<string, unknown>, place: Omit<ChainLink, 'hash'>): string {
  return createHash('sha256')
    .update('pm-audit-chain/1\n')
    .update(`${JSON.stringify(place.county)}\n${place.seq}\n${place.prev}\n`)
    .update(canonicalize(eventContent(event)))
    .digest('hex');
}
