import type { CountyManifest, OrgUnit } from '@pm/config';

/** Where deployed manifests come from: the newest `county` deployments, and a marker that changes with them. */
export interface CountySource {
  /** Changes whenever a deployment event stored versions (the publication log's newest sequence number). */
  marker(): Promise<number>;
  latestCounties(): Promise<CountyManifest[]>;
}

/**
 * How stale a process's manifests may be. Each API request checks the marker at most this often, so
 * a publish in one server process reaches every other within about a second for one indexed read a
 * second per process, instead of one read per request or a change stream (which the embedded store
 * and a standalone mongod lack). The publishing process itself reloads at once.
 */
export const DEFAULT_MAX_AGE_MS = 1000;

/**
 * The deployed county manifests, indexed for the questions the runtime asks: which org unit is
 * this, which business roles does a member of it hold. Lookups stay synchronous (every service asks
 * them inline); `refresh()` swaps in newer manifests between requests when the marker moved.
 */
export class CountyDirectory {
  private byId: Map<string, CountyManifest>;
  private marker: number | undefined;
  private checkedAt = 0;
  private inFlight: Promise<void> | undefined;
  /** Runs started and the newest one applied: a slow older run never overwrites a newer one's manifests. */
  private started = 0;
  private applied = 0;

  constructor(
    manifests: CountyManifest[],
    private readonly source?: CountySource,
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
  ) {
    this.byId = new Map(manifests.map((m) => [m.id, m]));
  }

  /** A directory of what is deployed now, which follows later deployments. */
  static async load(source: CountySource, maxAgeMs = DEFAULT_MAX_AGE_MS): Promise<CountyDirectory> {
    const marker = await source.marker();
    const directory = new CountyDirectory(await source.latestCounties(), source, maxAgeMs);
    directory.marker = marker;
    directory.checkedAt = Date.now();
    return directory;
  }

  /**
   * Reloads when another deployment happened since the last look, at most once per `maxAgeMs`
   * unless `force`; concurrent callers share one check.
   */
  refresh(force = false): Promise<void> {
    if (!this.source) return Promise.resolve();
    if (!force && Date.now() - this.checkedAt < this.maxAgeMs) return Promise.resolve();
    if (this.inFlight && !force) return this.inFlight;
    const source = this.source;
    const generation = ++this.started;
    const run = (async () => {
      const marker = await source.marker();
      if (force || marker !== this.marker) {
        const manifests = await source.latestCounties();
        if (generation < this.applied) return;
        this.byId = new Map(manifests.map((m) => [m.id, m]));
        this.marker = marker;
        this.applied = generation;
      }
      this.checkedAt = Date.now();
    })().finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
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
