/** What a command handler receives and returns, plus argument helpers shared by handlers. */
import { Double } from 'bson';
import { asInteger, type Doc, isNumeric, isPlainObject, typeName } from '../bson/values';
import type { ScramServerConversation } from '../auth/scram';
import type { UserDirectory } from '../auth/users';
import type { CursorManager } from '../cursors';
import { ErrorCode, MongoServerError } from '../errors';
import type { Logger } from '../logger';
import type { OpLog, Store } from '../storage/store';

/** Counters and identity reported by hello/serverStatus. */
export interface ServerInfo {
  readonly startedAt: Date;
  readonly host: string;
  readonly port: number;
  readonly opcounters: Record<'insert' | 'query' | 'update' | 'delete' | 'getmore' | 'command', number>;
  readonly connections: { current: number; totalCreated: number };
  readonly persistence: 'journal' | 'memory';
  readonly dbPath: string | undefined;
  /** Journal counters, when persistent. */
  readonly journalStats: () => Doc | undefined;
}

export interface ConnectionInfo {
  id: number;
  remote: string;
  /** Authentication is per connection, as in mongod: set by a successful SASL conversation. */
  user?: { name: string; db: string };
  /** The SASL conversation in progress on this connection, if any. */
  sasl?: { conversation: ScramServerConversation; db: string; skipEmptyExchange: boolean; proven: boolean };
}

export interface CommandContext {
  db: string;
  store: Store;
  cursors: CursorManager;
  /** Operations of this command; committed to the journal before the reply is sent. */
  log: OpLog;
  server: ServerInfo;
  connection: ConnectionInfo;
  users: UserDirectory;
  logger: Logger;
  now: Date;
}

/** A reply already encoded as BSON (cursor batches are assembled from raw documents). */
export interface RawReply {
  raw: Buffer;
}

export type Reply = Doc | RawReply;

export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Reply | Promise<Reply>;

/** `ok: 1.0` as the server sends it. */
export const OK = new Double(1);

export function isRawReply(r: Reply): r is RawReply {
  return Buffer.isBuffer((r as RawReply).raw);
}

/**
 * The collection name a command targets (`{find: "users"}`), validated like the server
 * does. `getMore`/`killCursors` also address the virtual namespaces of command cursors
 * (`$cmd.listCollections`, `$cmd.listIndexes.<coll>`, `$cmd.aggregate`).
 */
export function collectionArg(cmd: Doc, name: string, allowCommandNamespace = false): string {
  const v = cmd[name];
  if (typeof v !== 'string') {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `collection name has invalid type ${typeName(v)}`);
  }
  if (v.length === 0)
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid namespace specified '${''}.'`);
  if (allowCommandNamespace && v.startsWith('$cmd.')) return v;
  if (v.includes('\u0000') || v.startsWith('.') || v.includes('$')) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid collection name: ${v}`);
  }
  return v;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'object'`,
    );
  }
  return v;
}

export function optionalInt(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = asInteger(v);
  if (n === undefined || !isNumeric(v)) {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      `BSON field '${field}' is the wrong type '${typeName(v)}', expected types '[long, int, decimal, double]'`,
    );
  }
  return n;
}

export function optionalBool(cmd: Doc, field: string): boolean | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (isNumeric(v)) return asInteger(v) !== 0;
  throw new MongoServerError(
    ErrorCode.TypeMismatch,
    `BSON field '${field}' is the wrong type '${typeName(v)}', expected types '[bool, long, int, decimal, double]'`,
  );
}

export function requireArray(cmd: Doc, field: string, command: string): unknown[] {
  const v = cmd[field];
  if (v === undefined)
    throw new MongoServerError(40414, `BSON field '${command}.${field}' is missing but a required field`);
  if (!Array.isArray(v)) {
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      `BSON field '${command}.${field}' is the wrong type '${typeName(v)}', expected type 'array'`,
    );
  }
  return v;
}

/** Collations other than "simple" would change string comparison; refuse rather than ignore them. */
export function rejectCollation(cmd: Doc): void {
  const c = cmd.collation;
  if (c === undefined || c === null) return;
  if (isPlainObject(c) && c.locale === 'simple') return;
  throw new MongoServerError(
    ErrorCode.BadValue,
    'collation is not supported by the embedded store (only {locale: "simple"})',
  );
}
