import {
  STAGE_IDS,
  diffCounties,
  diffSideOf,
  stageProcessId,
  type DiffSide,
  type FormDefinition,
} from '@pm/config';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import type { StudioContext } from './context';
import { effectiveManifest, workspaceOf, type CountyState } from './county-state';
import { outlineProcess } from '@pm/engine';
import { lintWorkspace, type CountyWorkspace } from './workspace';

export type DiffOf = 'draft' | 'deployed';
/** `base`, this county's `deployed` version, or another county's id (its deployed version). */
export type DiffAgainst = string;

const BASE_LABEL = '基础配置';

function nameOf(manifest: unknown, fallback: string): string {
  const name = (manifest as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : fallback;
}

/**
 * What a county's draft or deployed configuration changes, in a finance officer's words
 * (diffCounties): against the base forms and processes, against what is deployed, or against another
 * county as deployed. Another county's configuration is regulation turned into settings, not case data,
 * so any admin may compare with it; nothing of its projects or tasks is involved.
 */
export class DiffService {
  constructor(private readonly ctx: StudioContext) {}

  private async resolvedSide(workspace: CountyWorkspace, label: string): Promise<DiffSide> {
    const { resolved, problems } = await lintWorkspace(this.ctx.base, workspace);
    if (!resolved)
      throw new AppError(
        'CONFLICT',
        409,
        `${label}的县区配置有问题，无法比较`,
        problems.map(({ path, message }) => ({ path, message })),
      );
    return diffSideOf(resolved, outlineProcess, label);
  }

  /** The county as deployed, read from the stored versions (not re-resolved: the base may have moved since). */
  private async deployedSide(countyId: string): Promise<DiffSide> {
    const deployed = await this.ctx.versions.deployedCounty(countyId);
    if (!deployed.manifest) throw new AppError('NOT_FOUND', 404, `县区 ${countyId} 尚未发布`);
    const county = deployed.manifest.content;
    const forms = new Map<string, FormDefinition>(
      [...deployed.forms.values()].map((doc) => [doc.artifactId, doc.content as FormDefinition]),
    );
    const stages: DiffSide['stages'] = {};
    for (const stage of STAGE_IDS) {
      if (!county.stages[stage].enabled) continue;
      const process = await this.ctx.deps.deployments.latestProcess(countyId, stageProcessId(county, stage));
      if (process) stages[stage] = outlineProcess(process.definition);
    }
    return { label: `${county.name}（已发布第 ${deployed.manifest.version} 版）`, county, forms, stages };
  }

  private async side(state: CountyState, of: DiffOf): Promise<DiffSide> {
    if (of === 'deployed') return this.deployedSide(state.countyId);
    const name = nameOf(effectiveManifest(state), state.countyId);
    return this.resolvedSide(workspaceOf(state, this.ctx.base), `${name}（草稿）`);
  }

  async diff(user: AuthenticatedUser, countyId: string, query: { of: DiffOf; against: DiffAgainst }) {
    const state = await this.ctx.stateFor(user, countyId);
    const b = await this.side(state, query.of);
    let a: DiffSide;
    if (query.against === 'base') {
      // The same manifest over the base files: what this county's own forms and diagrams change.
      a = await this.resolvedSide(
        { countyId, manifest: b.county, formPatches: new Map(), processXml: new Map() },
        BASE_LABEL,
      );
    } else if (query.against === 'deployed') a = await this.deployedSide(countyId);
    else {
      const other = await this.deployedSide(query.against);
      a = { ...other, label: other.county.name };
    }
    const entries = diffCounties(a, b);
    return { a: a.label, b: b.label, entries, sentences: entries.map((entry) => entry.sentence) };
  }
}
