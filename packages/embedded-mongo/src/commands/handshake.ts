/**
 * Connection handshake and server introspection: hello/isMaster, buildInfo, ping,
 * sessions, getParameter, serverStatus and friends. The server presents itself as a
 * standalone MongoDB 7.0 (wire version 21) without replica set fields, so drivers do
 * not attempt transactions or retryable writes.
 */
import { Long, UUID } from 'bson';
import os from 'node:os';
import type { Doc } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { speculativeSaslStart, supportedMechanisms } from './auth';
import { type CommandContext, type CommandHandler, OK } from './context';

export const SERVER_VERSION = '7.0.14';
export const MAX_WIRE_VERSION = 21;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;
const SESSION_TIMEOUT_MINUTES = 30;

function helloReply(cmd: Doc, ctx: CommandContext, legacy: boolean): Doc {
  const reply: Doc = {};
  if (legacy) reply.ismaster = true;
  else reply.isWritablePrimary = true;
  Object.assign(reply, {
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  });
  const mechanisms = supportedMechanisms(cmd.saslSupportedMechs);
  if (mechanisms) reply.saslSupportedMechs = mechanisms;
  const speculative = speculativeSaslStart(cmd.speculativeAuthenticate, ctx);
  if (speculative) reply.speculativeAuthenticate = speculative;
  reply.ok = OK;
  return reply;
}

const hello: CommandHandler = (cmd, ctx) => helloReply(cmd, ctx, false);
const isMaster: CommandHandler = (cmd, ctx) => helloReply(cmd, ctx, true);

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded-mongo',
  allocator: 'system',
  javascriptEngine: 'none',
  sysInfo: 'deprecated',
  versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
  openssl: { running: 'disabled', compiled: 'disabled' },
  buildEnvironment: { distmod: 'embedded-mongo', target_os: process.platform, target_arch: process.arch },
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded-journal'],
  ok: OK,
});

const ping: CommandHandler = () => ({ ok: OK });

const endSessions: CommandHandler = () => ({ ok: OK });

const startSession: CommandHandler = () => ({
  id: { id: new UUID() },
  timeoutMinutes: SESSION_TIMEOUT_MINUTES,
  ok: OK,
});

const PARAMETERS: Doc = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: ['SCRAM-SHA-256'],
  maxBSONDepth: 100,
  cursorTimeoutMillis: Long.fromNumber(600000),
  internalQueryMaxBlockingSortMemoryUsageBytes: 104857600,
  ttlMonitorSleepSecs: 60,
  ttlMonitorEnabled: true,
  logLevel: 0,
  quiet: false,
};

const getParameter: CommandHandler = (cmd) => {
  const reply: Doc = {};
  const all =
    cmd.getParameter === '*' ||
    (typeof cmd.getParameter === 'object' &&
      cmd.getParameter !== null &&
      (cmd.getParameter as Doc).allParameters === true);
  for (const key of Object.keys(PARAMETERS)) {
    if (all || key in cmd) reply[key] = PARAMETERS[key];
  }
  const asked = Object.keys(cmd).filter(
    (k) => k !== 'getParameter' && !k.startsWith('$') && k !== 'lsid' && k !== 'comment',
  );
  if (!all && asked.length > 0 && Object.keys(reply).length === 0) {
    throw new MongoServerError(ErrorCode.InvalidOptions, 'no option found to get');
  }
  return { ...reply, ok: OK };
};

const serverStatus: CommandHandler = (_cmd, ctx) => {
  const mem = process.memoryUsage();
  const uptimeMs = Date.now() - ctx.server.startedAt.getTime();
  return {
    host: `${os.hostname()}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'embedded-mongo',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: Long.fromNumber(uptimeMs),
    uptimeEstimate: Long.fromNumber(Math.floor(uptimeMs / 1000)),
    localTime: new Date(),
    connections: {
      current: ctx.server.connections.current,
      available: 1000000 - ctx.server.connections.current,
      totalCreated: ctx.server.connections.totalCreated,
    },
    opcounters: { ...ctx.server.opcounters },
    mem: {
      bits: 64,
      resident: Math.round(mem.rss / 1048576),
      virtual: Math.round(mem.rss / 1048576),
      supported: true,
    },
    storageEngine: {
      name: ctx.server.persistence === 'journal' ? 'embedded-journal' : 'embedded-memory',
      supportsCommittedReads: false,
      persistent: ctx.server.persistence === 'journal',
    },
    ...(ctx.server.journalStats() ? { embeddedJournal: ctx.server.journalStats() } : {}),
    metrics: { cursor: { open: { total: ctx.cursors.size } } },
    ok: OK,
  };
};

const whatsmyuri: CommandHandler = (_cmd, ctx) => ({ you: ctx.connection.remote, ok: OK });

const getLog: CommandHandler = (cmd) => {
  if (cmd.getLog === '*') return { names: ['global', 'startupWarnings'], ok: OK };
  return { totalLinesWritten: 0, log: [], ok: OK };
};

const hostInfo: CommandHandler = () => ({
  system: {
    currentTime: new Date(),
    hostname: os.hostname(),
    cpuAddrSize: 64,
    numCores: os.cpus().length,
    memSizeMB: Math.round(os.totalmem() / 1048576),
  },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
  ok: OK,
});

const getCmdLineOpts: CommandHandler = (_cmd, ctx) => ({
  argv: ['embedded-mongo'],
  parsed: {
    net: { port: ctx.server.port, bindIp: ctx.server.host },
    storage: { dbPath: ctx.server.dbPath ?? '' },
  },
  ok: OK,
});

/** Commands that only make sense on replica sets / with transactions. */
const replicaSetOnly: CommandHandler = () => {
  throw new MongoServerError(
    ErrorCode.IllegalOperation,
    'Transaction numbers are only allowed on a replica set member or mongos',
  );
};

const replSetGetStatus: CommandHandler = () => {
  throw new MongoServerError(76, 'not running with --replSet');
};

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  buildInfo,
  buildinfo: buildInfo,
  ping,
  endSessions,
  startSession,
  refreshSessions: ping,
  killSessions: ping,
  killAllSessions: ping,
  getParameter,
  serverStatus,
  whatsmyuri,
  getLog,
  hostInfo,
  getCmdLineOpts,
  commitTransaction: replicaSetOnly,
  abortTransaction: replicaSetOnly,
  replSetGetStatus,
};
