import type { CountyManifest, OrgUnit } from '@pm/config';

/**
 * The deployed county manifests, indexed for the questions the runtime asks: which org unit is
 * this, which business roles does a member of it hold.
 */
export class CountyDirectory {
  private readonly byId: Map<string, CountyManifest>;

  constructor(manifests: CountyManifest[]) {
    this.byId = new Map(manifests.map((m) => [m.id, m]));
  }

  list(): CountyManifest[] {
    return [...this.byId.values()];
  }

  get(id: string): CountyManifest | undefined {
    return this.byId.get(id);
  }

  orgUnit(countyId: string, code: string): OrgUnit | undefined {
    return this.byId.get(countyId)?.orgUnits.find((unit) => unit.code === code);
  }

  /** Roles are granted to org units; `$department` grants a role to every budget department (for its own projects). */
  rolesOf(countyId: string, orgUnitCode: string | undefined | null): string[] {
    const county = this.byId.get(countyId);
    if (!county || !orgUnitCode) return [];
    const unit = this.orgUnit(countyId, orgUnitCode);
    return Object.entries(county.roles)
      .filter(
        ([, holders]) =>
          holders.includes(orgUnitCode) || (unit?.kind === 'department' && holders.includes('$department')),
      )
      .map(([role]) => role)
      .sort();
  }
}
