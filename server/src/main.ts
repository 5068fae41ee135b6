import type { Server } from 'node:http';
import {
  connectionString,
  CredentialsFileError,
  type EmbeddedMongo,
  startEmbeddedMongo,
} from '@pm/embedded-mongo';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { createApp } from './app';
import { connectDatabase, deployRepository } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config';
import type { Scheduler } from './jobs/scheduler';
import { guardProcess } from './http/request-guard';
import { createModels } from './models';
import { seedDemoProjects } from './services/demo';
import { missingFirstAccount } from './services/first-start';
import type { Runtime } from './services/runtime/runtime';
import type { DemoLogin } from './services/seed';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * How to open the embedded store by hand. The password is not printed: stdout usually ends up in a
 * log file. It stays in the owner-only credentials file, and mongosh asks for it.
 */
function embeddedStoreLines(config: AppConfig, store: EmbeddedMongo): string[] {
  const shell = connectionString({
    host: store.host,
    port: store.port,
    username: store.username,
    dbName: config.mongodbDb,
  });
  return [
    `  内置数据库: ${config.dataDir}（需要认证）`,
    `    账号 ${store.username}，密码在 ${store.credentialsFile ?? '内存中'}（仅本用户可读）`,
    `    命令行连接: mongosh "${shell}"（按提示输入上述文件中的密码）`,
  ];
}

function printWelcome(
  config: AppConfig,
  url: string,
  demoLogins: DemoLogin[],
  embedded: EmbeddedMongo | undefined,
): void {
  const lines = [
    '',
    `  预算绩效管理平台已启动: ${url}`,
    ...(embedded ? embeddedStoreLines(config, embedded) : ['  数据库: MONGODB_URI']),
  ];
  if (demoLogins.length > 0) {
    lines.push('', '  演示账号（密码均为 demo）:');
    const byCounty = new Map<string, string[]>();
    for (const login of demoLogins) {
      const key = login.county ?? '';
      const label = `${login.username}（${login.displayName.replace(/（演示）$/, '')}）`;
      byCounty.set(key, [...(byCounty.get(key) ?? []), label]);
    }
    for (const [county, names] of byCounty) {
      if (county) lines.push(`    ${county}:`);
      for (let i = 0; i < names.length; i += 4) lines.push(`      ${names.slice(i, i + 4).join('  ')}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const logger = pino({ level: config.logLevel });

  // Without MONGODB_URI the product runs on its embedded store, on a free loopback port so it never
  // collides with a real mongod or with a second copy of the product.
  // It requires authentication: the credentials live in DATA_DIR (created on first start) and in its uri.
  let embedded: EmbeddedMongo | undefined;
  if (!config.mongodbUri) {
    try {
      embedded = await startEmbeddedMongo({
        dbPath: config.dataDir,
        port: 0,
        logger: logger.child({ component: 'embedded-mongo' }),
      });
    } catch (err) {
      if (!(err instanceof CredentialsFileError)) throw err;
      process.stderr.write(`\n  内置数据库无法启动：${err.message}\n\n`);
      process.exit(1);
    }
  }
  const uri = config.mongodbUri ?? embedded!.uri;
  let db: Connection | undefined;
  let server: Server | undefined;
  let scheduler: Scheduler | undefined;
  let runtime: Runtime | undefined;
  let stopping = false;

  async function shutdown(signal: string, exitCode = 0): Promise<void> {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: closing HTTP, then the database, then the embedded store');
    const force = setTimeout(() => server?.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    if (server) {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    }
    clearTimeout(force);
    await scheduler?.stop();
    await runtime?.idle();
    await db?.close().catch((err: unknown) => logger.error({ err }, 'closing the database failed'));
    await embedded
      ?.stop()
      .catch((err: unknown) => logger.error({ err }, 'stopping the embedded store failed'));
    logger.info('stopped');
    process.exit(exitCode);
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A fault that belongs to one request is answered and logged there; only the others stop the process.
  guardProcess(logger, (reason) => void shutdown(reason, 1));

  try {
    db = await connectDatabase(uri, config.mongodbDb);
    const deployment = await deployRepository(db, config, logger);
    if (config.env === 'production') {
      const refusal = await missingFirstAccount(createModels(db), {
        dataDir: config.dataDir,
        mongodbUri: Boolean(config.mongodbUri),
      });
      if (refusal) {
        process.stderr.write(`${refusal}\n`);
        logger.fatal('no active superadmin: run `pm user create --role superadmin` first');
        await shutdown('no-superadmin', 1);
        return;
      }
    }
    const app = createApp({ db, config, counties: deployment.counties, logger });
    if (config.env !== 'production') {
      const samples = await seedDemoProjects(app.services, app.services.clock.now().getFullYear(), logger);
      if (samples > 0) logger.info({ samples }, 'demo projects created');
    }
    // Finish what a crash interrupted before taking new work, then poll timers and deadlines.
    await app.services.runtime.recover();
    await app.services.audit.sealAll();
    await app.services.stages.resumeBatches();
    scheduler = app.services.scheduler;
    runtime = app.services.runtime;
    scheduler.start(config.schedulerIntervalMs);
    server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server!.once('listening', resolve);
      server!.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    printWelcome(config, `http://${host}:${port}`, deployment.demoLogins, embedded);
    logger.info({ port }, 'listening');
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(
        `\n  端口 ${config.port} 已被占用：请关闭占用该端口的程序，或换一个端口启动，例如 PORT=${config.port + 1} npm start\n\n`,
      );
    }
    logger.fatal({ err }, 'start-up failed');
    await shutdown('startup-failure', 1);
  }
}

void main();
