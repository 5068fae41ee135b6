import {
  STAGE_LABELS,
  deploymentCandidates,
  formatLintProblem,
  planDeployment,
  resolveRepository,
  stageProcessId,
  type CountyManifest,
  type DeploymentCandidate,
  type DeploymentPlanItem,
  type JsonObject,
  type LintProblem,
  type LintServices,
  type StageId,
  type StoredVersion,
} from '@pm/config';
import { compileProcess, feelSyntaxError, summarizeProcess, type ProcessDefinition } from '@pm/engine';
import { ExpressionError, compileExpression } from '@pm/form-core';
import { Types } from 'mongoose';
import type { Models } from '../models';
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

export interface DeployReport {
  created: { kind: 'form' | 'process'; county: string; artifactId: string; version: number }[];
  unchanged: number;
  /** Every artifact with what was done: a new version created, or the stored version kept. */
  plan: DeploymentPlanItem[];
  /** Enabled stages that have no process in the repository yet: they cannot be started. */
  notConfigured: { county: string; stageId: StageId }[];
}

/**
 * Deploys the repository: the configuration lint (every file, every county against what it uses) must find
 * nothing, then each county's resolved forms and processes are stored as new immutable versions where the
 * content hash changed (planDeployment). Deployments never change, so they are cached in memory by id.
 */
export class DeploymentService {
  private readonly processCache = new Map<string, ProcessDeployment>();
  private readonly formCache = new Map<string, FormDeployment>();

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {}

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
    const candidates = deploymentCandidates(resolved);
    const planned = planDeployment(candidates, await this.storedVersions([...ids]));
    const report: DeployReport = {
      created: [],
      unchanged: 0,
      plan: [],
      notConfigured: resolved.flatMap(({ county, notConfigured }) =>
        notConfigured.map((stageId) => ({ county: county.id, stageId })),
      ),
    };
    for (const [index, item] of planned.entries()) {
      const done = item.action === 'create' ? await this.store(candidates[index], item.version, actor) : item;
      report.plan.push(done);
      if (done.action === 'create') {
        const { kind, county, artifactId, version } = done;
        report.created.push({ kind, county, artifactId, version });
      } else report.unchanged++;
    }
    return report;
  }

  /** Every stored version's identity and hash for these counties (planDeployment keeps the newest). */
  private async storedVersions(counties: string[]): Promise<StoredVersion[]> {
    const docs = await this.models.Deployment.find(
      { county: { $in: counties } },
      { kind: 1, county: 1, artifactId: 1, hash: 1, version: 1 },
    ).lean();
    return docs.map(({ kind, county, artifactId, hash, version }) => ({
      kind,
      county,
      artifactId,
      hash,
      version,
    }));
  }

  /**
   * Stores the planned version. Another process deploying the same artifact at the same moment makes the
   * insert collide on the unique version index: look again, and store after it unless it stored this content.
   */
  private async store(
    candidate: DeploymentCandidate<ProcessDefinition>,
    plannedVersion: number,
    actor: string,
  ): Promise<DeploymentPlanItem> {
    const { kind, county, artifactId, content, definition, example, hash } = candidate;
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
          createdBy: actor,
          createdAt: this.clock.now(),
        });
        return { kind, county, artifactId, hash, action: 'create', version };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      const latest = await this.models.Deployment.findOne(
        { kind, county, artifactId },
        { hash: 1, version: 1 },
      )
        .sort({ version: -1 })
        .lean();
      if (latest?.hash === hash)
        return { kind, county, artifactId, hash, action: 'unchanged', version: latest.version };
      version = (latest?.version ?? 0) + 1;
    }
    throw new Error(`deployment of ${kind} ${county}/${artifactId} kept colliding`);
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
