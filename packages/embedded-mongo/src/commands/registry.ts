/**
 * Command dispatch: finds the handler by the first field of the body, runs it, makes
 * its journal operations durable, and turns every failure into MongoDB's error reply
 * shape. Nothing a client sends may escape as an exception.
 */
import type { Doc } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import type { Logger } from '../logger';
import { OpLog, type Store } from '../storage/store';
import type { UserDirectory } from '../auth/users';
import { aggregateCommands } from './aggregate';
import { authCommands, requireAuthentication } from './auth';
import { catalogCommands } from './catalog';
import type { CommandContext, CommandHandler, ConnectionInfo, Reply, ServerInfo } from './context';
import { countCommands } from './count-distinct';
import { explainCommands } from './explain';
import { findCommands } from './find';
import { findAndModifyCommands } from './find-and-modify';
import { handshakeCommands } from './handshake';
import { indexCommands } from './indexes';
import { writeCommands } from './writes';
import type { CursorManager } from '../cursors';

const COMMANDS = new Map<string, CommandHandler>(
  Object.entries({
    ...handshakeCommands,
    ...authCommands,
    ...catalogCommands,
    ...indexCommands,
    ...findCommands,
    ...writeCommands,
    ...findAndModifyCommands,
    ...countCommands,
    ...aggregateCommands,
    ...explainCommands,
  }),
);

/** Commands that never touch data and are not counted in opcounters.command. */
const QUIET = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions']);

export function isHandshake(name: string): boolean {
  return name === 'hello' || name === 'isMaster' || name === 'ismaster';
}

export interface DispatchEnv {
  store: Store;
  cursors: CursorManager;
  server: ServerInfo;
  users: UserDirectory;
  logger: Logger;
  /** Whether writes go to a journal (then they are framed as they happen). */
  durable: boolean;
  /** Makes a command's journal operations durable. */
  commit: (log: OpLog) => Promise<void>;
}

export async function dispatch(
  body: Doc,
  connection: ConnectionInfo,
  env: DispatchEnv,
  defaultDb?: string,
): Promise<Doc | Reply> {
  const name = Object.keys(body)[0] ?? '';
  const handler = COMMANDS.get(name);
  const log = new OpLog(env.durable);
  let reply: Reply;
  try {
    if (!handler) throw new MongoServerError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
    const db = body.$db ?? defaultDb;
    if (typeof db !== 'string' || db.length === 0) {
      throw new MongoServerError(40571, 'OP_MSG requests require a $db argument');
    }
    requireAuthentication(name, { connection });
    if (
      body.txnNumber !== undefined ||
      body.startTransaction !== undefined ||
      body.autocommit !== undefined
    ) {
      throw new MongoServerError(
        ErrorCode.IllegalOperation,
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    if (!QUIET.has(name)) env.server.opcounters.command++;
    const ctx: CommandContext = {
      db,
      store: env.store,
      cursors: env.cursors,
      log,
      server: env.server,
      connection,
      users: env.users,
      logger: env.logger,
      now: new Date(),
    };
    reply = await handler(body, ctx);
  } catch (e) {
    reply = errorReply(e, name, env.logger);
  }
  try {
    // Acknowledge only what is durable: the journal commit happens before any reply.
    await env.commit(log);
  } catch (e) {
    env.logger.error(`journal commit failed: ${(e as Error).message}`);
    return new MongoServerError(
      ErrorCode.InternalError,
      `write could not be made durable: ${(e as Error).message}`,
    ).toReply();
  }
  return reply;
}

function errorReply(e: unknown, name: string, logger: Logger): Doc {
  if (e instanceof MongoServerError) return e.toReply();
  // A bug in this server, not a client error: log it, answer, keep serving.
  logger.error(`command ${name} failed unexpectedly: ${(e as Error)?.stack ?? String(e)}`);
  return new MongoServerError(
    ErrorCode.InternalError,
    `internal error in ${name}: ${(e as Error)?.message ?? String(e)}`,
  ).toReply();
}
