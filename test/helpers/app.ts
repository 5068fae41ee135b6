import path from 'node:path';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createApp } from '../../server/src/app';
import { connectDatabase, deployRepository, type Deployment } from '../../server/src/bootstrap';
import { loadConfig, type AppConfig } from '../../server/src/config';
import { FakeClock } from '../../server/src/services/clock';
import { startTestDatabase, type TestDatabase } from './database';

export const REPO_DIR = path.resolve(__dirname, '..', '..');

export interface TestContext {
  app: ReturnType<typeof createApp>;
  http: ReturnType<typeof request>;
  db: Connection;
  /** The database's connection string (with the embedded store's credentials), for raw drivers and the CLI. */
  uri: string;
  clock: FakeClock;
  config: AppConfig;
  deployment: Deployment;
  /** Logs a demo user in (password `demo`) and returns its bearer token. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** A fully deployed app (every county, demo users) on a fresh database with a fake clock. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const database: TestDatabase = await startTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', REPO_DIR, ...env });
  const db = await connectDatabase(database.uri, database.dbName);
  let deployment: Deployment;
  try {
    deployment = await deployRepository(db, config);
  } catch (err) {
    // Leave nothing running, so jest can report the failure and exit.
    await db.close();
    await database.stop();
    throw err;
  }
  const clock = new FakeClock();
  const app = createApp({ db, config, counties: deployment.counties, clock });
  const http = request(app);
  return {
    app,
    http,
    db,
    uri: database.uri,
    clock,
    config,
    deployment,
    async login(username, password = 'demo') {
      const res = await http.post('/api/auth/login').send({ username, password });
      if (res.status !== 200)
        throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async close() {
      await app.services.scheduler.stop();
      await app.services.runtime.idle();
      await db.close();
      await database.stop();
    },
  };
}
