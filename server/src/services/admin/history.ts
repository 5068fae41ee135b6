import { compileProcess } from '@pm/engine';
import { createMergePatch, type Json, type JsonObject } from '@pm/config';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import type { ArtifactContent, DeployedKind } from '../deployments';
import type { StudioContext } from './context';
import { workspaceOf } from './county-state';
import type { PublishResult, PublishService } from './publish';
import type { VersionSummary } from './versions';

export interface ArtifactHistory {
  kind: DeployedKind;
  artifactId: string;
  versions: Omit<VersionSummary, 'kind' | 'county' | 'artifactId'>[];
}

/** Deployment history of a county, and rollback: a new version with an earlier version's content. */
export class HistoryService {
  constructor(
    private readonly ctx: StudioContext,
    private readonly publisher: PublishService,
  ) {}

  async history(
    user: AuthenticatedUser,
    countyId: string,
    filter: { kind?: DeployedKind; artifactId?: string },
  ) {
    await this.ctx.stateFor(user, countyId);
    const artifacts = new Map<string, ArtifactHistory>();
    for (const { kind, artifactId, county: _county, ...version } of await this.ctx.versions.history(
      countyId,
      filter,
    )) {
      const key = `${kind}:${artifactId}`;
      const entry = artifacts.get(key) ?? { kind, artifactId, versions: [] };
      entry.versions.push({ ...version, createdAt: version.createdAt });
      artifacts.set(key, entry);
    }
    return {
      county: countyId,
      artifacts: [...artifacts.values()],
      publications: await this.ctx.deps.deployments.publications.forCounty(countyId),
    };
  }

  /**
   * Rolls one artifact back: its earlier version's content becomes a new version (history is never
   * rewritten, and running instances keep what they pinned). The county as deployed, with that one
   * artifact replaced, must pass the same checks as a publish.
   */
  async rollback(
    user: AuthenticatedUser,
    countyId: string,
    target: { kind: DeployedKind; artifactId: string; version: number },
  ): Promise<PublishResult> {
    const state = await this.ctx.stateFor(user, countyId);
    const old = await this.ctx.versions.find(countyId, target.kind, target.artifactId, target.version);
    if (!old) throw new AppError('NOT_FOUND', 404, `没有第 ${target.version} 版`);
    const workspace = workspaceOf(state, this.ctx.base, false);
    if (target.kind === 'county') workspace.manifest = old.content;
    else if (target.kind === 'form') {
      const base = this.ctx.base.form(target.artifactId);
      if (!base) throw new AppError('CONFLICT', 409, `仓库中已没有表单 ${target.artifactId}，无法恢复`);
      const patch = createMergePatch(base as unknown as Json, old.content as Json) as JsonObject | undefined;
      workspace.formPatches = new Map(workspace.formPatches).set(target.artifactId, patch ?? {});
    } else workspace.processXml = new Map(workspace.processXml).set(target.artifactId, String(old.content));
    await this.publisher.lintForDeploy(workspace, state.deployed.manifest?.hash, '未恢复');

    const artifact: ArtifactContent = {
      kind: target.kind,
      county: countyId,
      artifactId: target.artifactId,
      content: old.content,
      ...(old.example ? { example: old.example } : {}),
      hash: old.hash,
    };
    if (target.kind === 'process') {
      // The compiled form is derived data: compile the old XML with today's engine.
      const compiled = await compileProcess(String(old.content));
      artifact.definition = compiled.definition ?? undefined;
    }
    const result = await this.publisher.store([artifact], {
      user,
      countyId,
      action: 'rollback',
      note: `恢复第 ${target.version} 版`,
    });
    if (result.created.length === 0)
      throw new AppError('CONFLICT', 409, `当前版本的内容已与第 ${target.version} 版相同，无需恢复`);
    return result;
  }
}
