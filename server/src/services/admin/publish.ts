import { deploymentCandidates, planDeployment, type CountyManifest, type StoredVersion } from '@pm/config';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import { countyArtifact, refKey, type ArtifactContent, type StoredNewest } from '../deployments';
import { seedDemoUsers, syncOrgUnits } from '../seed';
import { refusal, type StudioContext } from './context';
import { workspaceOf } from './county-state';
import type { PublicationItem } from './publications';
import { lastRepositoryHash } from './repository-rule';
import { runningInstanceProblems } from './running-guard';
import { lintWorkspace, type CountyWorkspace } from './workspace';

export interface PublishResult {
  county: string;
  /** The publication's sequence number; null when nothing differed from what is deployed. */
  publication: number | null;
  created: PublicationItem[];
  unchanged: PublicationItem[];
}

/**
 * Publishing: the county with its drafts is linted exactly as a repository deploy would lint it, then
 * only what changed is stored as new versions (planDeployment), a publication records who, when and
 * which versions, and the drafts go. Every server process sees a new manifest at its next refresh.
 */
export class PublishService {
  constructor(private readonly ctx: StudioContext) {}

  /**
   * Lints the workspace and refuses on any problem; when the manifest changes, also on a setting or role
   * that running instances still read.
   */
  async lintForDeploy(workspace: CountyWorkspace, deployedManifestHash: string | undefined, message: string) {
    const { problems, resolved } = await lintWorkspace(this.ctx.base, workspace);
    if (resolved && problems.length === 0 && countyArtifact(resolved.county).hash !== deployedManifestHash) {
      const { models, deployments } = this.ctx.deps;
      problems.push(...(await runningInstanceProblems(models, deployments, resolved.county)));
    }
    if (problems.length > 0 || !resolved)
      throw refusal(`${message}：发现 ${problems.length} 处问题`, problems);
    return resolved;
  }

  async publish(user: AuthenticatedUser, countyId: string, note?: string): Promise<PublishResult> {
    const state = await this.ctx.stateFor(user, countyId);
    if (state.drafts.all.length === 0) throw new AppError('CONFLICT', 409, '没有待发布的草稿');
    const resolved = await this.lintForDeploy(
      workspaceOf(state, this.ctx.base),
      state.deployed.manifest?.hash,
      '未发布',
    );
    const result = await this.store([countyArtifact(resolved.county), ...deploymentCandidates([resolved])], {
      user,
      countyId,
      action: 'publish',
      note,
    });
    await this.ctx.drafts.removeAsRead(state.drafts.all);
    return result;
  }

  /** Stores what differs from the newest versions, records the publication, and brings the runtime up to date. */
  async store(
    candidates: ArtifactContent[],
    meta: { user: AuthenticatedUser; countyId: string; action: 'publish' | 'rollback'; note?: string },
  ): Promise<PublishResult> {
    const { deployments, clock } = this.ctx.deps;
    const newest = await deployments.newestVersions([meta.countyId]);
    const result: PublishResult = { county: meta.countyId, publication: null, created: [], unchanged: [] };
    for (const { candidate, action, version } of plan(candidates, newest)) {
      const { kind, county, artifactId } = candidate;
      const previous = newest.get(refKey(candidate));
      const done =
        action === 'create'
          ? await deployments.storeVersion(candidate, version, {
              actor: meta.user.username,
              source: 'studio',
              // The repository has not changed by this publish: the next repository deploy compares against it.
              repositoryHash: previous ? lastRepositoryHash(previous) : undefined,
              note: meta.note,
            })
          : { action, version };
      (done.action === 'create' ? result.created : result.unchanged).push({
        kind,
        county,
        artifactId,
        version: done.version,
      });
    }
    if (result.created.length > 0) {
      const publication = await deployments.publications.record({
        source: 'studio',
        action: meta.action,
        county: meta.countyId,
        actor: meta.user.username,
        at: clock.now(),
        ...(meta.note ? { note: meta.note } : {}),
        items: result.created,
      });
      result.publication = publication.seq;
      const manifest = candidates.find((c) => c.kind === 'county');
      if (manifest && result.created.some((item) => item.kind === 'county'))
        await this.afterManifest(manifest.content as CountyManifest);
    }
    return result;
  }

  /** A new manifest: this process serves it at once, and its org units (and demo logins) exist. */
  private async afterManifest(manifest: CountyManifest): Promise<void> {
    const { counties, models, seedDemoUsers: seed } = this.ctx.deps;
    await counties.refresh(true);
    await syncOrgUnits(models, [manifest]);
    if (seed) await seedDemoUsers(models, [manifest]);
  }
}

/**
 * A new version only where the content hash differs from the newest stored one: planDeployment for forms
 * and processes, the same rule for the manifest (config's planner knows only forms and processes).
 */
function plan(candidates: ArtifactContent[], newest: Map<string, StoredNewest>) {
  const stored: StoredVersion[] = [];
  for (const item of newest.values()) if (item.kind !== 'county') stored.push({ ...item, kind: item.kind });
  const artifacts = candidates.flatMap((c) => (c.kind === 'county' ? [] : [{ ...c, kind: c.kind }]));
  const planned = new Map(planDeployment(artifacts, stored).map((item) => [refKey(item), item]));
  return candidates.map((candidate) => {
    const item = planned.get(refKey(candidate));
    if (item) return { candidate, action: item.action, version: item.version };
    const previous = newest.get(refKey(candidate));
    return previous?.hash === candidate.hash
      ? { candidate, action: 'unchanged' as const, version: previous.version }
      : { candidate, action: 'create' as const, version: (previous?.version ?? 0) + 1 };
  });
}
