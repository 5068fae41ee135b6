/**
 * Public API: an in-process MongoDB wire-protocol server that requires authentication
 * (SCRAM-SHA-256), as a mongod with `--auth` does.
 *
 *   const mongo = await startEmbeddedMongo({ dbPath: './data' });
 *   await mongoose.connect(mongo.uri); // the URI carries the credentials and authSource=admin
 *   ...
 *   await mongo.stop();
 */
import { DEFAULT_USERNAME, generatePassword, loadOrCreateCredentials } from './auth/credentials-file';
import { AUTH_DB, type EmbeddedMongoUser, UserDirectory } from './auth/users';
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
  /**
   * The users who may connect (all in `admin`, all with every privilege); `uri` logs in as the
   * first. Omitted: with a dbPath, the user in `<dbPath>/store-credentials.json` (created with a
   * random password on first start, mode 0600); in memory, a user with a random password.
   */
  auth?: EmbeddedMongoUser | readonly EmbeddedMongoUser[];
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
  /**
   * Connection string with the credentials, e.g.
   * `mongodb://pm:<password>@127.0.0.1:40123/?directConnection=true&authSource=admin`.
   * Pass it to drivers; do not print or log it.
   */
  uri: string;
  host: string;
  port: number;
  /** The user `uri` logs in as (the password is only in `uri`). */
  username: string;
  /** Where the credentials are kept, when they came from the data directory. */
  credentialsFile: string | undefined;
  /** Closes connections, compacts the journal into a snapshot, releases the lock. */
  stop(): Promise<void>;
}

export interface ConnectionStringParts {
  host: string;
  port: number;
  username: string;
  /** Omitted: a URI without the password (for messages; mongosh asks for it). */
  password?: string;
  /** Database in the path (default none). */
  dbName?: string;
}

/** The one place a URI to this store is built, always with `authSource=admin`. */
export function connectionString(parts: ConnectionStringParts): string {
  const host = parts.host.includes(':') ? `[${parts.host}]` : parts.host;
  const user = encodeURIComponent(parts.username);
  const auth = parts.password === undefined ? `${user}@` : `${user}:${encodeURIComponent(parts.password)}@`;
  return `mongodb://${auth}${host}:${parts.port}/${parts.dbName ?? ''}?directConnection=true&authSource=${AUTH_DB}`;
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
  let users: EmbeddedMongoUser[];
  let credentialsFile: string | undefined;
  let directory: UserDirectory;
  try {
    if (options.auth) {
      users = Array.isArray(options.auth) ? [...options.auth] : [options.auth as EmbeddedMongoUser];
    } else if (options.dbPath) {
      // Read under the data directory's lock, so two processes never race to create it.
      const file = await loadOrCreateCredentials(options.dbPath);
      users = [file.user];
      credentialsFile = file.path;
      if (file.created) logger.info(`已生成数据库凭据 created store credentials in ${file.path} (mode 0600)`);
    } else {
      users = [{ username: DEFAULT_USERNAME, password: generatePassword() }];
    }
    directory = new UserDirectory(users);
  } catch (e) {
    await persistence?.close();
    throw e;
  }
  const store = persistence?.store ?? new Store();
  const server = new EmbeddedMongoServer({
    host,
    port: options.port ?? 0,
    logger,
    store,
    users: directory,
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
  return {
    uri: connectionString({ ...address, username: users[0].username, password: users[0].password }),
    host: address.host,
    port: address.port,
    username: users[0].username,
    credentialsFile,
    stop: () => server.stop(),
  };
}

export { CREDENTIALS_FILE, CredentialsFileError, loadOrCreateCredentials } from './auth/credentials-file';
export { deriveScramCredential, SCRAM_SHA256_ITERATIONS } from './auth/scram';
export type { EmbeddedMongoUser } from './auth/users';
export type { Logger } from './logger';
