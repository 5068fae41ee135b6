/**
 * Public API: an in-process MongoDB wire-protocol server.
 *
 *   const mongo = await startEmbeddedMongo({ dbPath: './data' });
 *   await mongoose.connect(mongo.uri);
 *   ...
 *   await mongo.stop();
 */
import { type Logger, stderrLogger } from './logger';
import { EmbeddedMongoServer } from './server';
import { Persistence } from './storage/persistence';
import { Store } from './storage/store';

export interface EmbeddedMongoOptions {
  /** Data directory (created if missing). Omit for a purely in-memory store. */
  dbPath?: string;
  /** TCP port; 0 or omitted picks a free port. */
  port?: number;
  /** Interface to listen on; defaults to 127.0.0.1 (loopback only). */
  host?: string;
  /** fdatasync the journal before acknowledging writes (default true). */
  fsync?: boolean;
  /** Receives info/warn/error lines; a pino logger fits. Defaults to stderr. */
  logger?: Logger;
  /** Journal size in bytes that triggers compaction (default 64 MiB). */
  compactBytes?: number;
  /** Interval of the TTL monitor in milliseconds (default 60 s, as in MongoDB). */
  ttlIntervalMs?: number;
}

export interface EmbeddedMongo {
  /** Connection string, e.g. `mongodb://127.0.0.1:40123/?directConnection=true`. */
  uri: string;
  host: string;
  port: number;
  /** Closes connections, compacts the journal into a snapshot, releases the lock. */
  stop(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = options.logger ?? stderrLogger;
  const host = options.host ?? '127.0.0.1';
  const persistence = options.dbPath
    ? await Persistence.open({
        dbPath: options.dbPath,
        fsync: options.fsync ?? true,
        logger,
        compactBytes: options.compactBytes,
      })
    : undefined;
  const store = persistence?.store ?? new Store();
  const server = new EmbeddedMongoServer({
    host,
    port: options.port ?? 0,
    logger,
    store,
    persistence,
    ttlIntervalMs: options.ttlIntervalMs,
  });
  let address: { host: string; port: number };
  try {
    address = await server.start();
  } catch (e) {
    await persistence?.close();
    throw e;
  }
  const hostPart = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    uri: `mongodb://${hostPart}:${address.port}/?directConnection=true`,
    host: address.host,
    port: address.port,
    stop: () => server.stop(),
  };
}

export type { Logger } from './logger';
