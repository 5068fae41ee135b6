import type { Connection } from 'mongoose';
import { orgUnitModel } from './org-unit';
import { projectModel } from './project';
import { sessionModel } from './session';
import { userModel } from './user';

export function createModels(conn: Connection) {
  return {
    User: userModel(conn),
    OrgUnit: orgUnitModel(conn),
    Session: sessionModel(conn),
    Project: projectModel(conn),
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
