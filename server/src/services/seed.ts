import type { CountyManifest } from '@pm/config';
import type { Models } from '../models';
import { hashPassword } from './passwords';

export const DEMO_PASSWORD = 'demo';

export interface DemoLogin {
  username: string;
  displayName: string;
  county?: string;
}

/** Org units mirror the deployed manifests, so users and tasks can reference them by code. */
export async function syncOrgUnits(models: Models, counties: CountyManifest[]): Promise<void> {
  const ops = counties.flatMap((county) =>
    county.orgUnits.map((unit) => ({
      updateOne: {
        filter: { county: county.id, code: unit.code },
        update: {
          $set: { name: unit.name, kind: unit.kind, readOnly: unit.readOnly ?? unit.kind === 'oversight' },
        },
        upsert: true,
      },
    })),
  );
  if (ops.length > 0) await models.OrgUnit.bulkWrite(ops, { ordered: false });
}

/** Every demo account DESIGN.md promises: admin, `<county>.admin`, and one per org unit `<county>.<code>`. */
export function demoLogins(
  counties: CountyManifest[],
): (DemoLogin & { orgUnit?: string; systemRoles: string[] })[] {
  return [
    { username: 'admin', displayName: '系统管理员', systemRoles: ['superadmin'] },
    ...counties.flatMap((county) => [
      {
        username: `${county.id}.admin`,
        displayName: `${county.name}管理员`,
        county: county.id,
        systemRoles: ['admin'],
      },
      ...county.orgUnits.map((unit) => ({
        username: `${county.id}.${unit.code}`,
        displayName: `${unit.name}（演示）`,
        county: county.id,
        orgUnit: unit.code,
        systemRoles: [] as string[],
      })),
    ]),
  ];
}

/**
 * Creates the demo accounts that do not exist yet (never touches an existing account, so a changed
 * password survives a restart). All demo accounts share the published password `demo`, so one
 * hash serves them all and seeding stays fast.
 */
export async function seedDemoUsers(models: Models, counties: CountyManifest[]): Promise<DemoLogin[]> {
  const logins = demoLogins(counties);
  const existing = new Set(
    (
      await models.User.find({ username: { $in: logins.map((l) => l.username) } }, { username: 1 }).lean()
    ).map((u) => u.username),
  );
  const missing = logins.filter((l) => !existing.has(l.username));
  if (missing.length > 0) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await models.User.insertMany(
      missing.map((l) => ({ ...l, passwordHash, demo: true, active: true })),
      { ordered: false },
    ).catch((err: { code?: number; writeErrors?: { code?: number }[] }) => {
      // Another process seeding at the same moment created some of them first: that is the goal.
      const codes = err.writeErrors?.map((e) => e.code) ?? [err.code];
      if (!codes.every((code) => code === 11000)) throw err;
    });
  }
  return logins.map(({ username, displayName, county }) => ({ username, displayName, county }));
}
