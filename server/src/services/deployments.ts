import {
  STAGE_LABELS,
  deploymentCandidates,
  deploymentHash,
  formatLintProblem,
  resolveRepository,
  stageProcessId,
  type ArtifactKind,
  type CountyManifest,
  type DeploymentPlanItem,
  type JsonObject,
  type LintProblem,
  type LintServices,
  type StageId,
} from '@pm/config';
import { compileProcess, feelSyntaxError, summarizeProcess, type ProcessDefinition } from '@pm/engine';
import { ExpressionError, compileExpression } from '@pm/form-core';
import { Types } from 'mongoose';
import type { Models } from '../models';
import { PublicationLog, type PublicationItem } from './admin/publications';
import { decideRepositoryVersion, type ArtifactSource, type NewestVersion } from './admin/repository-rule';
import type { Clock } from './clock';

/** The engine and the form model, handed to the configuration lint (which depends on neither). */
export const lintServices: LintServices<ProcessDefinition> = {
  compileProcess,
  summarizeProcess,
  feelSyntaxError,
  checkExpression(source) {
    try {
      compileExpression(source);
      return null;
    } catch (err) {
      if (err instanceof ExpressionError) return err.message;
      throw err;
    }
  },
};

/** Refusal to deploy: the lint's problems, one Chinese line each, as `pm validate` prints them. */
export class DeployError extends Error {
  constructor(public readonly problems: LintProblem[]) {
    super(
      `部署失败，共 ${problems.length} 处问题：\n${problems.map((p) => `  - ${formatLintProblem(p)}`).join('\n')}`,
    );
    this.name = 'DeployError';
  }
}

export interface FormDefinition {
  id: string;
  title: string;
  version: string;
  schemaVersion: number;
  schema: JsonObject;
}

export interface ProcessDeployment {
  id: Types.ObjectId;
  county: string;
  processId: string;
  version: number;
  definition: ProcessDefinition;
  formIds: string[];
}

export interface FormDeployment {
  id: Types.ObjectId;
  county: string;
  formId: string;
  version: number;
  form: FormDefinition;
  example?: JsonObject;
}

/** A county's form, process or manifest. */
export type DeployedKind = ArtifactKind | 'county';

export interface ArtifactRef {
  kind: DeployedKind;
  county: string;
  artifactId: string;
}

/** One artifact as it is stored: what the hash covers and what goes beside it. */
export interface ArtifactContent extends ArtifactRef {
  /** Form: the resolved form; process: the diagram's XML; county: the manifest. */
  content: unknown;
  definition?: ProcessDefinition;
  example?: JsonObject;
  hash: string;
}

export type StoredNewest = ArtifactRef & NewestVersion;

export interface VersionMeta {
  actor: string;
  source: ArtifactSource;
  repositoryHash?: string;
  note?: string;
}

export interface DeployReport {
  created: { kind: ArtifactKind; county: string; artifactId: string; version: number }[];
  unchanged: number;
  /** Every form and process with what was done: a new version created, or the stored version kept. */
  plan: DeploymentPlanItem[];
  /** Enabled stages that have no process in the repository yet: they cannot be started. */
  notConfigured: { county: string; stageId: StageId }[];
  /** County manifests, kept apart from `created`/`unchanged`, which count forms and processes as before. */
  counties: { county: string; action: 'create' | 'unchanged'; version: number }[];
  /** Newer studio versions that stay because the repository did not change since its last deploy. */
  keptStudio: (ArtifactRef & { version: number })[];
  /** Repository and studio both changed: the studio version stays until someone reconciles them. */
  conflicts: (ArtifactRef & { studioVersion: number; message: string })[];
  /** The publication recorded for this deploy, when it stored anything. */
  publication?: number;
}

const KIND_LABELS: Record<DeployedKind, string> = { form: '表单', process: '流程', county: '县区配置' };

export function refKey(ref: ArtifactRef): string {
  return `${ref.kind}\u0000${ref.county}\u0000${ref.artifactId}`;
}

/** A county's manifest as a deployable artifact: versioned like its forms and processes. */
export function countyArtifact(manifest: CountyManifest): ArtifactContent {
  return {
    kind: 'county',
    county: manifest.id,
    artifactId: manifest.id,
    content: manifest,
    hash: deploymentHash(manifest),
  };
}

/**
 * Deploys the repository: the configuration lint (every file, every county against what it uses) must find
 * nothing, then each county's manifest, resolved forms and processes are stored as new immutable versions
 * where the repository's content changed (see repository-rule.ts for studio versions). Deployments never
 * change, so forms and processes are cached in memory by id.
 */
export class DeploymentService {
  private readonly processCache = new Map<string, ProcessDeployment>();
  private readonly formCache = new Map<string, FormDeployment>();
  readonly publications: PublicationLog;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {
    this.publications = new PublicationLog(models);
  }

  static processIdFor(county: CountyManifest, stageId: StageId): string {
    return stageProcessId(county, stageId);
  }

  /** Deploys `counties` (all of the repository's, or a few); problems of other counties do not block them. */
  async deployRepository(
    repoDir: string,
    counties: CountyManifest[],
    actor = 'system',
  ): Promise<DeployReport> {
    const ids = new Set(counties.map((county) => county.id));
    const resolution = await resolveRepository(repoDir, lintServices);
    const problems = resolution.problems.filter((p) => p.county === undefined || ids.has(p.county));
    if (problems.length > 0) throw new DeployError(problems);

    const resolved = resolution.counties.filter(({ county }) => ids.has(county.id));
    const candidates: ArtifactContent[] = [
      ...resolved.map(({ county }) => countyArtifact(county)),
      ...deploymentCandidates(resolved),
    ];
    const newest = await this.newestVersions([...ids]);
    const report: DeployReport = {
      created: [],
      unchanged: 0,
      plan: [],
      notConfigured: resolved.flatMap(({ county, notConfigured }) =>
        notConfigured.map((stageId) => ({ county: county.id, stageId })),
      ),
      counties: [],
      keptStudio: [],
      conflicts: [],
    };
    const stored: PublicationItem[] = [];
    for (const candidate of candidates) {
      const { version, action } = await this.deployFromRepository(
        candidate,
        newest.get(refKey(candidate)),
        actor,
        report,
      );
      const { kind, county, artifactId, hash } = candidate;
      if (action === 'create') stored.push({ kind, county, artifactId, version });
      if (kind === 'county') {
        report.counties.push({ county, action, version });
        continue;
      }
      report.plan.push({ kind, county, artifactId, hash, action, version });
      if (action === 'create') report.created.push({ kind, county, artifactId, version });
      else report.unchanged++;
    }
    if (stored.length > 0) {
      const publication = await this.publications.record({
        source: 'repository',
        action: 'deploy',
        actor,
        at: this.clock.now(),
        items: stored,
      });
      report.publication = publication.seq;
    }
    return report;
  }

  /** One artifact of a repository deploy, by the repository-vs-studio rule. */
  private async deployFromRepository(
    candidate: ArtifactContent,
    newest: StoredNewest | undefined,
    actor: string,
    report: DeployReport,
  ): Promise<{ action: 'create' | 'unchanged'; version: number }> {
    const decision = decideRepositoryVersion(candidate.hash, newest);
    if (decision === 'create') {
      const version = (newest?.version ?? 0) + 1;
      return this.storeVersion(candidate, version, {
        actor,
        source: 'repository',
        repositoryHash: candidate.hash,
      });
    }
    const kept = newest as StoredNewest;
    const ref = { kind: candidate.kind, county: candidate.county, artifactId: candidate.artifactId };
    if (decision === 'adopt') {
      await this.models.Deployment.updateOne(
        { ...ref, version: kept.version },
        { $set: { repositoryHash: candidate.hash } },
      );
    } else if (decision === 'kept-studio') report.keptStudio.push({ ...ref, version: kept.version });
    else if (decision === 'conflict') {
      report.conflicts.push({
        ...ref,
        studioVersion: kept.version,
        message: `${candidate.county} ${KIND_LABELS[candidate.kind]} ${candidate.artifactId}：仓库文件和工作室都改过，保留工作室发布的第 ${kept.version} 版，仓库的修改未部署；请把工作室的版本合并进仓库（表单和流程可用 pm export 导出）后重新部署`,
      });
    }
    return { action: 'unchanged', version: kept.version };
  }

  /** The newest stored version of every artifact of these counties. */
  async newestVersions(counties: string[]): Promise<Map<string, StoredNewest>> {
    const docs = await this.models.Deployment.find(
      { county: { $in: counties } },
      { kind: 1, county: 1, artifactId: 1, hash: 1, version: 1, source: 1, repositoryHash: 1 },
    ).lean();
    const newest = new Map<string, StoredNewest>();
    for (const doc of docs) {
      const key = refKey(doc as ArtifactRef);
      const known = newest.get(key);
      if (known && known.version > doc.version) continue;
      newest.set(key, {
        kind: doc.kind as DeployedKind,
        county: doc.county,
        artifactId: doc.artifactId,
        hash: doc.hash,
        version: doc.version,
        source: doc.source as ArtifactSource,
        repositoryHash: doc.repositoryHash ?? null,
      });
    }
    return newest;
  }

  /**
   * Stores the planned version. Another process deploying the same artifact at the same moment makes the
   * insert collide on the unique version index: look again, and store after it unless it stored this content.
   */
  async storeVersion(
    artifact: ArtifactContent,
    plannedVersion: number,
    meta: VersionMeta,
  ): Promise<{ action: 'create' | 'unchanged'; version: number }> {
    const { kind, county, artifactId, content, definition, example, hash } = artifact;
    let version = plannedVersion;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.models.Deployment.create({
          kind,
          county,
          artifactId,
          version,
          hash,
          content,
          definition,
          example,
          source: meta.source,
          repositoryHash: meta.repositoryHash,
          note: meta.note,
          createdBy: meta.actor,
          createdAt: this.clock.now(),
        });
        return { action: 'create', version };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      const latest = await this.models.Deployment.findOne(
        { kind, county, artifactId },
        { hash: 1, version: 1 },
      )
        .sort({ version: -1 })
        .lean();
      if (latest?.hash === hash) return { action: 'unchanged', version: latest.version };
      version = (latest?.version ?? 0) + 1;
    }
    throw new Error(`deployment of ${kind} ${county}/${artifactId} kept colliding`);
  }

  /** Every county's newest manifest: what the runtime's CountyDirectory serves. */
  async latestCounties(): Promise<CountyManifest[]> {
    const docs = await this.models.Deployment.find({ kind: 'county' }, { county: 1, version: 1, content: 1 })
      .sort({ version: -1 })
      .lean();
    const newest = new Map<string, CountyManifest>();
    for (const doc of docs)
      if (!newest.has(doc.county)) newest.set(doc.county, doc.content as CountyManifest);
    return [...newest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async latestProcess(county: string, processId: string): Promise<ProcessDeployment | undefined> {
    const doc = await this.models.Deployment.findOne(
      { kind: 'process', county, artifactId: processId },
      { _id: 1 },
    )
      .sort({ version: -1 })
      .lean();
    return doc ? this.process(doc._id) : undefined;
  }

  async latestForm(county: string, formId: string): Promise<FormDeployment | undefined> {
    const doc = await this.models.Deployment.findOne({ kind: 'form', county, artifactId: formId }, { _id: 1 })
      .sort({ version: -1 })
      .lean();
    return doc ? this.form(doc._id) : undefined;
  }

  async process(id: Types.ObjectId | string): Promise<ProcessDeployment> {
    const key = String(id);
    const cached = this.processCache.get(key);
    if (cached) return cached;
    const doc = await this.models.Deployment.findById(id).lean();
    if (!doc || doc.kind !== 'process') throw new Error(`process deployment ${key} not found`);
    const definition = doc.definition as ProcessDefinition;
    const deployment: ProcessDeployment = {
      id: doc._id,
      county: doc.county,
      processId: doc.artifactId,
      version: doc.version,
      definition,
      formIds: [
        ...new Set(
          summarizeProcess(definition)
            .userTasks.map((t) => t.form)
            .filter((f): f is string => Boolean(f)),
        ),
      ],
    };
    this.processCache.set(key, deployment);
    return deployment;
  }

  async form(id: Types.ObjectId | string): Promise<FormDeployment> {
    const key = String(id);
    const cached = this.formCache.get(key);
    if (cached) return cached;
    const doc = await this.models.Deployment.findById(id).lean();
    if (!doc || doc.kind !== 'form') throw new Error(`form deployment ${key} not found`);
    const deployment: FormDeployment = {
      id: doc._id,
      county: doc.county,
      formId: doc.artifactId,
      version: doc.version,
      form: doc.content as FormDefinition,
      example: (doc.example as JsonObject | undefined) ?? undefined,
    };
    this.formCache.set(key, deployment);
    return deployment;
  }

  stageLabel(stageId: StageId): string {
    return STAGE_LABELS[stageId];
  }
}
