import { applyMergePatch, createMergePatch, type Json, type JsonObject } from '@pm/config';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../auth';
import type { DeployedKind } from '../deployments';
import { refusal, type StudioContext } from './context';
import { deployedPatch, effectiveManifest, workspaceOf, type CountyState } from './county-state';
import type { DraftKind } from './drafts';
import { lintWorkspace, type ArtifactProblem, type CountyWorkspace } from './workspace';

/** The paths where a JSON value holds null: a merge patch reads null as "delete", so a form cannot keep one. */
function nullPaths(value: unknown, at = ''): string[] {
  if (value === null) return [at];
  if (typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    nullPaths(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

function versionInfo(
  doc: { version: number; source: string; createdBy: string; createdAt: Date } | undefined,
) {
  return doc
    ? {
        version: doc.version,
        source: doc.source,
        createdBy: doc.createdBy,
        createdAt: doc.createdAt.toISOString(),
      }
    : null;
}

function draftInfo(draft: { updatedBy: string; updatedAt: Date; basedOn: number } | undefined) {
  return draft
    ? {
        updatedBy: draft.updatedBy,
        updatedAt: new Date(draft.updatedAt).toISOString(),
        basedOn: draft.basedOn,
      }
    : null;
}

/**
 * Reading and saving drafts. Each save lints the county as it would be with the new draft in place
 * and refuses the draft for its own problems (at their JSON path or BPMN element); problems elsewhere
 * in the county are returned with the saved draft, and block publishing until they are fixed.
 */
export class DraftsService {
  constructor(private readonly ctx: StudioContext) {}

  private async saveChecked(
    user: AuthenticatedUser,
    state: CountyState,
    target: { kind: DraftKind; artifactId: string; content: unknown; basedOn: number },
    workspace: CountyWorkspace,
  ) {
    const { problems } = await lintWorkspace(this.ctx.base, workspace);
    const own = (p: ArtifactProblem) =>
      p.kind === target.kind && p.artifactId === target.artifactId && !p.inBase;
    const refused = problems.filter(own);
    if (refused.length > 0) throw refusal(`草稿有 ${refused.length} 处问题，未保存`, refused);
    const draft = await this.ctx.drafts.save(
      state.countyId,
      target.kind,
      target.artifactId,
      target.content,
      target.basedOn,
      user.username,
    );
    return {
      kind: target.kind as DeployedKind,
      artifactId: target.artifactId,
      draft: draftInfo(draft),
      problems: problems.filter((p) => !own(p)),
    };
  }

  async county(user: AuthenticatedUser, countyId: string) {
    const state = await this.ctx.stateFor(user, countyId);
    const { manifest } = state.deployed;
    const { base } = this.ctx;
    const artifacts = [...state.deployed.forms.values(), ...state.deployed.processes.values()].map((doc) => ({
      kind: doc.kind,
      artifactId: doc.artifactId,
      ...versionInfo(doc)!,
      hasDraft: (doc.kind === 'form' ? state.drafts.forms : state.drafts.processes).has(doc.artifactId),
    }));
    // Every form and process of the repository, as the studio lists them to edit for this county.
    const forms = base.formIds().map((id) => {
      const deployed = state.deployed.forms.get(id);
      const patch = deployed ? deployedPatch(base, deployed) : undefined;
      return {
        id,
        title: base.form(id)?.title ?? id,
        overridden: Boolean(patch && Object.keys(patch).length > 0),
        draft: state.drafts.forms.has(id),
      };
    });
    const processes = base.processIds().map((id) => {
      const xml = base.process(id) ?? '';
      const deployed = state.deployed.processes.get(id);
      return {
        id,
        name: /<bpmn:process\b[^>]*\bname="([^"]*)"/.exec(xml)?.[1] ?? id,
        replaced: deployed !== undefined && String(deployed.content) !== xml,
        draft: state.drafts.processes.has(id),
      };
    });
    return {
      id: countyId,
      manifest: effectiveManifest(state),
      hasDraft: state.drafts.all.length > 0,
      deployed: manifest ? { ...versionInfo(manifest)!, manifest: manifest.content } : null,
      draft: state.drafts.manifest
        ? { ...draftInfo(state.drafts.manifest)!, manifest: state.drafts.manifest.content }
        : null,
      forms,
      processes,
      artifacts,
      drafts: state.drafts.all.map((draft) => ({
        kind: draft.kind,
        artifactId: draft.artifactId,
        ...draftInfo(draft)!,
      })),
    };
  }

  async saveManifest(user: AuthenticatedUser, countyId: string, manifest: Record<string, unknown>) {
    const state = await this.ctx.stateFor(user, countyId);
    if (manifest.id !== countyId)
      throw new AppError('VALIDATION_FAILED', 400, '县区编号不能修改', [
        { path: '/id', message: `县区编号应为 ${countyId}` },
      ]);
    const workspace = { ...workspaceOf(state, this.ctx.base), manifest };
    return this.saveChecked(
      user,
      state,
      {
        kind: 'county',
        artifactId: countyId,
        content: manifest,
        basedOn: state.deployed.manifest?.version ?? 0,
      },
      workspace,
    );
  }

  private baseForm(formId: string) {
    const base = this.ctx.base.form(formId);
    if (!base) throw new AppError('NOT_FOUND', 404, `表单 ${formId} 不存在`);
    return base;
  }

  async form(user: AuthenticatedUser, countyId: string, formId: string) {
    const state = await this.ctx.stateFor(user, countyId);
    const base = this.baseForm(formId);
    const deployed = state.deployed.forms.get(formId);
    const overlay = deployed ? (deployedPatch(this.ctx.base, deployed) ?? {}) : null;
    const draft = state.drafts.forms.get(formId);
    const patch = (draft?.content as JsonObject | undefined) ?? overlay ?? {};
    const resolved = applyMergePatch(base as unknown as Json, patch);
    return {
      formId,
      county: countyId,
      base,
      overlay,
      draft: draft ? { ...draftInfo(draft)!, patch: draft.content } : null,
      hasDraft: draft !== undefined,
      resolved,
      form: resolved,
      deployed: versionInfo(deployed),
      example: deployed?.example ?? this.ctx.base.example(formId) ?? null,
    };
  }

  /** The studio sends the whole form as the county should have it; only its difference from the base is kept. */
  async saveForm(user: AuthenticatedUser, countyId: string, formId: string, form: Record<string, unknown>) {
    const state = await this.ctx.stateFor(user, countyId);
    const base = this.baseForm(formId);
    const nulls = nullPaths(form);
    if (nulls.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        '表单中不能有 null 值',
        nulls.map((path) => ({ path, message: '不能为 null：删除某项请直接去掉它' })),
      );
    const patch = (createMergePatch(base as unknown as Json, form as Json) as JsonObject | undefined) ?? {};
    const workspace = workspaceOf(state, this.ctx.base);
    const formPatches = new Map(workspace.formPatches).set(formId, patch);
    return this.saveChecked(
      user,
      state,
      {
        kind: 'form',
        artifactId: formId,
        content: patch,
        basedOn: state.deployed.forms.get(formId)?.version ?? 0,
      },
      { ...workspace, formPatches },
    );
  }

  private baseProcess(processId: string): string {
    const base = this.ctx.base.process(processId);
    if (base === undefined) throw new AppError('NOT_FOUND', 404, `流程 ${processId} 不存在`);
    return base;
  }

  async process(user: AuthenticatedUser, countyId: string, processId: string) {
    const state = await this.ctx.stateFor(user, countyId);
    const base = this.baseProcess(processId);
    const deployed = state.deployed.processes.get(processId);
    const draft = state.drafts.processes.get(processId);
    return {
      processId,
      county: countyId,
      base,
      baseXml: base,
      replaced: deployed !== undefined && String(deployed.content) !== base,
      hasDraft: draft !== undefined,
      deployed: deployed ? { ...versionInfo(deployed)!, xml: String(deployed.content) } : null,
      draft: draft ? { ...draftInfo(draft)!, xml: String(draft.content) } : null,
      xml: String(draft?.content ?? deployed?.content ?? base),
    };
  }

  async saveProcess(user: AuthenticatedUser, countyId: string, processId: string, xml: string) {
    const state = await this.ctx.stateFor(user, countyId);
    const base = this.baseProcess(processId);
    const workspace = workspaceOf(state, this.ctx.base);
    const processXml = new Map(workspace.processXml);
    if (xml === base) processXml.delete(processId);
    else processXml.set(processId, xml);
    return this.saveChecked(
      user,
      state,
      {
        kind: 'process',
        artifactId: processId,
        content: xml,
        basedOn: state.deployed.processes.get(processId)?.version ?? 0,
      },
      { ...workspace, processXml },
    );
  }

  async discard(
    user: AuthenticatedUser,
    countyId: string,
    kind: DraftKind,
    artifactId: string,
  ): Promise<void> {
    const state = await this.ctx.stateFor(user, countyId);
    if (!(await this.ctx.drafts.remove(countyId, kind, artifactId)))
      throw new AppError('NOT_FOUND', 404, '没有这份草稿');
    // A county never published is nothing but its drafts: without its manifest, the rest goes with it.
    if (kind === 'county' && !state.deployed.manifest) await this.ctx.drafts.removeAsRead(state.drafts.all);
  }

  /** What publishing now would refuse: the county's problems with every draft in place. */
  async problems(user: AuthenticatedUser, countyId: string): Promise<ArtifactProblem[]> {
    const state = await this.ctx.stateFor(user, countyId);
    return (await lintWorkspace(this.ctx.base, workspaceOf(state, this.ctx.base))).problems;
  }
}
