import { randomBytes } from 'node:crypto';
import { startEmbeddedMongo } from '@pm/embedded-mongo';
import mongoose from 'mongoose';

export interface TestDatabase {
  uri: string;
  dbName: string;
  stop(): Promise<void>;
}

/**
 * The database a test file runs against: the embedded store in memory by default, or the real
 * MongoDB named by MONGODB_URI (a fresh database per file, dropped afterwards), so the whole suite
 * holds both to one standard.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const external = process.env.MONGODB_URI;
  if (external) {
    return {
      uri: external,
      dbName,
      async stop() {
        const conn = await mongoose.createConnection(external, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  }
  // The TTL monitor works in real time while tests run on a FakeClock fixed in 2026-03: once real time
  // is past the fake sessions' expiry, its first sweep (after 60 s) would log every user of a long
  // test file out. Tests move time with the fake clock, so the monitor is kept out of their way.
  const store = await startEmbeddedMongo({ ttlIntervalMs: 2 ** 31 - 1 });
  return { uri: store.uri, dbName, stop: () => store.stop() };
}
