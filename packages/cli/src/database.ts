import { CredentialsFileError, startEmbeddedMongo, type EmbeddedMongo } from '@pm/embedded-mongo';
import { connectDatabase } from '@pm/server/dist/bootstrap';
import { ConfigError, loadConfig, type AppConfig } from '@pm/server/dist/config';
import { createModels, type Models } from '@pm/server/dist/models';

import type { Io } from './io';

export class CliError extends Error {}

type Connection = Awaited<ReturnType<typeof connectDatabase>>;

export interface OpenDatabase {
  config: AppConfig;
  models: Models;
  db: Connection;
  /** Where the data lives, for messages: the embedded store's directory or "MONGODB_URI". */
  where: string;
  close(): Promise<void>;
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The database `npm start` would use: MONGODB_URI when set, else the embedded store in DATA_DIR (started
 * here, on a free loopback port, and stopped on close; it logs in with the credentials file in DATA_DIR,
 * the one the server created). Configuration is validated as the server does.
 */
export async function openDatabase(io: Io, repoDir: string): Promise<OpenDatabase> {
  let config: AppConfig;
  try {
    config = loadConfig({ ...io.env, REPO_DIR: repoDir });
  } catch (err) {
    throw err instanceof ConfigError ? new CliError(err.message) : err;
  }
  let embedded: EmbeddedMongo | undefined;
  if (!config.mongodbUri) {
    try {
      embedded = await startEmbeddedMongo({
        dbPath: config.dataDir,
        port: 0,
        logger: { ...quiet, error: io.err },
      });
    } catch (err) {
      if (err instanceof CredentialsFileError) throw new CliError(err.message);
      if (err instanceof Error && /locked|in use/.test(err.message)) {
        throw new CliError(
          `数据目录 ${config.dataDir} 正被另一个进程使用（多半是正在运行的服务器）：请先停止它，或设置 MONGODB_URI 连接同一个数据库`,
        );
      }
      throw err;
    }
  }
  const uri = config.mongodbUri ?? (embedded as EmbeddedMongo).uri;
  let db: Connection;
  try {
    db = await connectDatabase(uri, config.mongodbDb);
  } catch (err) {
    await embedded?.stop();
    throw new CliError(`无法连接数据库：${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    config,
    db,
    models: createModels(db),
    where: embedded ? `内置数据库 ${config.dataDir}` : 'MONGODB_URI',
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
