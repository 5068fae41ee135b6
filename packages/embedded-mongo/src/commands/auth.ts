/**
 * Authentication commands as mongod answers them: saslStart / saslContinue with SCRAM-SHA-256
 * (conversation id always 1, `skipEmptyExchange` honoured), speculative authentication inside
 * hello, connectionStatus and logout. Every failure of a conversation is reported to the client
 * as 18 "Authentication failed." and logged here with its reason.
 */
import { Binary } from 'bson';
import { asInteger, type Doc, isPlainObject, typeName } from '../bson/values';
import { parseClientFirst, ScramError, ScramServerConversation } from '../auth/scram';
import { AUTH_DB, MECHANISM } from '../auth/users';
import { ErrorCode, MongoServerError } from '../errors';
import { type CommandContext, type CommandHandler, OK } from './context';

/** Commands mongod runs before authentication (`requiresAuth() == false`); all others answer 13. */
export const PRE_AUTH_COMMANDS = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'saslStart',
  'saslContinue',
  'authenticate',
  'logout',
  'connectionStatus',
  // MongoDB 7.0 answers buildInfo before authentication (8.x made it configurable).
  'buildInfo',
  'buildinfo',
]);

export function requireAuthentication(name: string, ctx: Pick<CommandContext, 'connection'>): void {
  if (!ctx.connection.user && !PRE_AUTH_COMMANDS.has(name)) {
    throw new MongoServerError(ErrorCode.Unauthorized, `Command ${name} requires authentication`);
  }
}

const authenticationFailed = (): MongoServerError =>
  new MongoServerError(ErrorCode.AuthenticationFailed, 'Authentication failed.');

function mechanismUnavailable(mechanism: string): MongoServerError {
  return new MongoServerError(
    ErrorCode.MechanismUnavailable,
    `Received authentication for mechanism ${mechanism} which is not enabled`,
  );
}

/** The payload as bytes, and whether the client sent it base64 in a string (then we answer so). */
function readPayload(cmd: Doc, command: string): { bytes: Buffer; asString: boolean } {
  const p = cmd.payload;
  if (p instanceof Binary) return { bytes: Buffer.from(p.buffer), asString: false };
  if (typeof p === 'string') return { bytes: Buffer.from(p, 'base64'), asString: true };
  if (p === undefined) {
    throw new MongoServerError(40414, `BSON field '${command}.payload' is missing but a required field`);
  }
  throw new MongoServerError(
    ErrorCode.TypeMismatch,
    `BSON field '${command}.payload' is the wrong type '${typeName(p)}', expected types '[string, binData]'`,
  );
}

function writePayload(text: string, asString: boolean): Binary | string {
  const bytes = Buffer.from(text, 'utf8');
  return asString ? bytes.toString('base64') : new Binary(bytes);
}

function fail(ctx: CommandContext, who: string, db: string, reason: string): never {
  ctx.connection.sasl = undefined;
  ctx.logger.warn(
    `认证失败 authentication failed: ${who}@${db} from ${ctx.connection.remote} (connection ${ctx.connection.id}): ${reason}`,
  );
  throw authenticationFailed();
}

function startConversation(cmd: Doc, db: string, ctx: CommandContext): Doc {
  const mechanism = cmd.mechanism;
  if (typeof mechanism !== 'string') {
    throw new MongoServerError(40414, "BSON field 'saslStart.mechanism' is missing but a required field");
  }
  if (mechanism !== MECHANISM) throw mechanismUnavailable(mechanism);
  const { bytes, asString } = readPayload(cmd, 'saslStart');
  ctx.connection.sasl = undefined;
  let conversation: ScramServerConversation;
  let first: string;
  try {
    const client = parseClientFirst(bytes.toString('utf8'));
    conversation = new ScramServerConversation(
      client,
      ctx.users.lookup(db, client.username),
      ctx.users.decoy(db, client.username),
    );
    first = conversation.first();
  } catch (e) {
    if (!(e instanceof ScramError)) throw e;
    return fail(ctx, '?', db, e.message);
  }
  const options = isPlainObject(cmd.options) ? cmd.options : {};
  ctx.connection.sasl = {
    conversation,
    db,
    skipEmptyExchange: options.skipEmptyExchange === true,
    proven: false,
  };
  return { conversationId: 1, done: false, payload: writePayload(first, asString), ok: OK };
}

const saslStart: CommandHandler = (cmd, ctx) => startConversation(cmd, ctx.db, ctx);

const saslContinue: CommandHandler = (cmd, ctx) => {
  const sasl = ctx.connection.sasl;
  if (asInteger(cmd.conversationId) !== 1) {
    throw new MongoServerError(ErrorCode.ProtocolError, 'sasl: Mismatched conversation id');
  }
  if (!sasl || sasl.db !== ctx.db) {
    throw new MongoServerError(ErrorCode.ProtocolError, 'No SASL session state found');
  }
  const { bytes, asString } = readPayload(cmd, 'saslContinue');
  const who = sasl.conversation.username;
  let reply = '';
  if (!sasl.proven) {
    try {
      reply = sasl.conversation.final(bytes.toString('utf8'));
    } catch (e) {
      if (!(e instanceof ScramError)) throw e;
      return fail(ctx, who, sasl.db, e.message);
    }
    sasl.proven = true;
  } else if (bytes.length > 0) {
    return fail(ctx, who, sasl.db, 'expected an empty final message');
  }
  // Without skipEmptyExchange the client sends one more, empty message before we are done.
  const done = sasl.proven && (sasl.skipEmptyExchange || reply === '');
  if (done) {
    ctx.connection.sasl = undefined;
    ctx.connection.user = { name: who, db: sasl.db };
  }
  return { conversationId: 1, done, payload: writePayload(reply, asString), ok: OK };
};

/**
 * `speculativeAuthenticate` of hello: a saslStart whose database is in `db`. Any failure
 * leaves the field out of the reply, so the driver falls back to a plain saslStart.
 */
export function speculativeSaslStart(spec: unknown, ctx: CommandContext): Doc | undefined {
  if (!isPlainObject(spec) || spec.saslStart === undefined || typeof spec.db !== 'string') return undefined;
  try {
    const { ok: _ok, ...reply } = startConversation(spec, spec.db, ctx);
    return reply;
  } catch {
    return undefined;
  }
}

/** `hello.saslSupportedMechs`: every user has SCRAM-SHA-256 and only that, so the answer is the same for all. */
export function supportedMechanisms(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || !/^[^.]+\..+$/s.test(value)) return undefined;
  return [MECHANISM];
}

const authenticate: CommandHandler = (cmd) => {
  throw mechanismUnavailable(typeof cmd.mechanism === 'string' ? cmd.mechanism : 'MONGODB-CR');
};

const logout: CommandHandler = (_cmd, ctx) => {
  ctx.connection.user = undefined;
  ctx.connection.sasl = undefined;
  return { ok: OK };
};

const connectionStatus: CommandHandler = (_cmd, ctx) => {
  const user = ctx.connection.user;
  return {
    authInfo: {
      authenticatedUsers: user ? [{ user: user.name, db: user.db }] : [],
      authenticatedUserRoles: user ? [{ role: 'root', db: AUTH_DB }] : [],
    },
    ok: OK,
  };
};

export const authCommands: Record<string, CommandHandler> = {
  saslStart,
  saslContinue,
  authenticate,
  logout,
  connectionStatus,
};
