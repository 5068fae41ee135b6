import type { Connection } from 'mongoose';
import { auditChainModel } from './audit-chain';
import { batchItemModel, batchModel } from './batch';
import { copyModel } from './copy';
import { deploymentModel } from './deployment';
import { draftModel } from './draft';
import { eventModel } from './event';
import { instanceModel } from './instance';
import { notificationModel } from './notification';
import { orgUnitModel } from './org-unit';
import { projectModel } from './project';
import { publicationModel } from './publication';
import { reportPackageModel } from './report-package';
import { exportJobModel } from './export-job';
import { sessionModel } from './session';
import { settingModel } from './setting';
import { taskModel } from './task';
import { timerModel } from './timer';
import { userModel } from './user';

export function createModels(conn: Connection) {
  return {
    User: userModel(conn),
    OrgUnit: orgUnitModel(conn),
    Session: sessionModel(conn),
    Project: projectModel(conn),
    Deployment: deploymentModel(conn),
    Instance: instanceModel(conn),
    Task: taskModel(conn),
    Event: eventModel(conn),
    AuditChain: auditChainModel(conn),
    Timer: timerModel(conn),
    Notification: notificationModel(conn),
    Batch: batchModel(conn),
    BatchItem: batchItemModel(conn),
    Draft: draftModel(conn),
    Publication: publicationModel(conn),
    ReportPackage: reportPackageModel(conn),
    ExportJob: exportJobModel(conn),
    Copy: copyModel(conn),
    Setting: settingModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds every declared index before the app serves (autoIndex is off so this happens once, awaited). */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createCollection().catch((err: { code?: number }) => {
      if (err.code !== 48) throw err; // NamespaceExists: already there
    });
    await model.createIndexes();
  }
}
