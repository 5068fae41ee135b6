/**
 * Test target: a fresh embedded server, or the real MongoDB named by MONGODB_URI so
 * the same conformance suite holds both to one standard. Each test file uses its own
 * database and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src';
import { silentLogger } from '../src/logger';

export const externalUri = process.env.MONGODB_URI;
export const usingEmbedded = !externalUri;
/** `describe` for behaviour only the embedded server has (wire abuse, its files). */
export const describeEmbedded = usingEmbedded ? describe : describe.skip;

export interface Target {
  uri: string;
  client: MongoClient;
  db: Db;
  dbName: string;
  close(): Promise<void>;
}

export function uniqueDbName(file: string): string {
  return `emtest_${basename(file).replace(/\W+/g, '_').slice(0, 30)}_${randomBytes(3).toString('hex')}`;
}

export async function openTarget(file: string): Promise<Target> {
  const server = externalUri ? undefined : await startEmbeddedMongo({ logger: silentLogger });
  const uri = externalUri ?? (server as { uri: string }).uri;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const dbName = uniqueDbName(file);
  return {
    uri,
    client,
    db: client.db(dbName),
    dbName,
    async close() {
      await client
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
      await server?.stop();
    },
  };
}
