import path from 'node:path';
import { loadCounties } from '@pm/config';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AppConfig } from './config';
import { createModels, syncIndexes } from './models';
import { systemClock, type Clock } from './services/clock';
import { CountyDirectory, type CountySource } from './services/county-directory';
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

/** The deployed manifests as the runtime's CountyDirectory reads them, from any DeploymentService. */
export function countySource(deployments: DeploymentService): CountySource {
  return {
    marker: () => deployments.publications.marker(),
    latestCounties: () => deployments.latestCounties(),
  };
}

/**
 * Brings a database in line with the repository: indexes, the repository's counties, forms and
 * processes (a newer studio version of an artifact whose file did not change stays: see
 * DeploymentService), every deployed county's org units, and (outside production) the demo accounts.
 * Idempotent, so it runs at every start.
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
  const deployments = new DeploymentService(models, clock);
  const report = await deployments.deployRepository(config.repoDir, manifests);
  for (const conflict of report.conflicts) {
    logger?.warn(
      { kind: conflict.kind, county: conflict.county, artifactId: conflict.artifactId },
      conflict.message,
    );
  }
  // Studio-created counties have no file, and a studio version of a manifest may be newer than its
  // file: the directory serves what is deployed, not what the repository holds.
  const counties = await CountyDirectory.load(countySource(deployments));
  await syncOrgUnits(models, counties.list());
  const demoLogins = config.env === 'production' ? [] : await seedDemoUsers(models, counties.list());
  logger?.info(
    {
      counties: counties.list().map((m) => m.id),
      created: report.created.length + report.counties.filter((c) => c.action === 'create').length,
      unchanged: report.unchanged,
      keptStudio: report.keptStudio.length,
      conflicts: report.conflicts.length,
    },
    'counties deployed',
  );
  return { counties, demoLogins, report };
}
