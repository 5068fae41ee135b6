import path from 'node:path';
import { loadCounties } from '@pm/config';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AppConfig } from './config';
import { createModels, syncIndexes } from './models';
import { systemClock, type Clock } from './services/clock';
import { CountyDirectory } from './services/county-directory';
import { DeploymentService, type DeployReport } from './services/deployments';
import { LoginThrottle } from './services/login-throttle';
import { seedDemoUsers, syncOrgUnits, type DemoLogin } from './services/seed';

export async function connectDatabase(uri: string, dbName: string): Promise<Connection> {
  // autoIndex off: indexes are built once, awaited, by syncIndexes before the server takes requests.
  return mongoose
    .createConnection(uri, { dbName, autoIndex: false, autoCreate: false, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
}

export interface Deployment {
  counties: CountyDirectory;
  demoLogins: DemoLogin[];
  report: DeployReport;
}

/**
 * Brings a database in line with the repository: indexes, every county's org units, and (outside
 * production) the demo accounts. Idempotent, so it runs at every start.
 */
export async function deployRepository(
  db: Connection,
  config: Pick<AppConfig, 'repoDir' | 'env'>,
  logger?: Logger,
  clock: Clock = systemClock,
): Promise<Deployment> {
  const manifests = loadCounties(path.join(config.repoDir, 'counties'));
  const models = createModels(db);
  await syncIndexes(models);
  await LoginThrottle.ensureIndexes(db);
  await syncOrgUnits(models, manifests);
  const report = await new DeploymentService(models, clock).deployRepository(config.repoDir, manifests);
  const demoLogins = config.env === 'production' ? [] : await seedDemoUsers(models, manifests);
  logger?.info(
    { counties: manifests.map((m) => m.id), created: report.created.length, unchanged: report.unchanged },
    'counties deployed',
  );
  return { counties: new CountyDirectory(manifests), demoLogins, report };
}
