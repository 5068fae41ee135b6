import {
  STAGE_IDS,
  STAGE_LABELS,
  contentHash,
  readRepositoryArtifacts,
  resolveForm,
  resolveProcessXml,
  type CountyManifest,
  type JsonObject,
  type RepositoryArtifacts,
  type StageId,
} from '@pm/config';
import { compileProcess, summarizeProcess, type ProcessDefinition } from '@pm/engine';
import { Types } from 'mongoose';
import type { Models } from '../models';
import type { Clock } from './clock';

export interface DeploymentProblem {
  county: string;
  artifact: string;
  elementId?: string;
  message: string;
}

export class DeployError extends Error {
  constructor(public readonly problems: DeploymentProblem[]) {
    super(
      `部署失败，共 ${problems.length} 处问题：\n${problems
        .map((p) => `  - [${p.county}] ${p.artifact}${p.elementId ? `#${p.elementId}` : ''}: ${p.message}`)
        .join('\n')}`,
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
  /** Enabled stages that have no process in the repository yet: they cannot be started. */
  notConfigured: { county: string; stageId: StageId }[];
}

/**
 * Resolves every county's forms and processes from the repository, checks them against the
 * county (roles mapped, forms present, settings referenced exist, BPMN subset), and stores a new
 * immutable version only where the content hash changed. Deployments never change, so they are
 * cached in memory by id.
 */
export class DeploymentService {
  private readonly processCache = new Map<string, ProcessDeployment>();
  private readonly formCache = new Map<string, FormDeployment>();

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {}

  static processIdFor(county: CountyManifest, stageId: StageId): string {
    return county.stages[stageId]?.process ?? stageId;
  }

  async deployRepository(
    repoDir: string,
    counties: CountyManifest[],
    actor = 'system',
  ): Promise<DeployReport> {
    const artifacts = readRepositoryArtifacts(repoDir);
    const problems: DeploymentProblem[] = [];
    const planned: {
      kind: 'form' | 'process';
      county: string;
      artifactId: string;
      content: unknown;
      definition?: unknown;
      example?: JsonObject;
    }[] = [];
    const report: DeployReport = { created: [], unchanged: 0, notConfigured: [] };

    for (const county of counties) {
      const processIds = new Set<string>();
      for (const stageId of STAGE_IDS) {
        if (!county.stages[stageId]?.enabled) continue;
        const processId = DeploymentService.processIdFor(county, stageId);
        if (artifacts.processes.has(processId)) processIds.add(processId);
        else report.notConfigured.push({ county: county.id, stageId });
      }
      const formIds = new Set<string>();
      const queue = [...processIds];
      const seen = new Set<string>();
      while (queue.length > 0) {
        const processId = queue.shift()!;
        if (seen.has(processId)) continue;
        seen.add(processId);
        const result = await this.checkProcess(artifacts, county, processId, problems);
        if (!result) continue;
        planned.push({
          kind: 'process',
          county: county.id,
          artifactId: processId,
          content: result.xml,
          definition: result.definition,
        });
        result.forms.forEach((f) => formIds.add(f));
        queue.push(...result.calledProcesses);
      }
      for (const formId of formIds) {
        const artifact = artifacts.forms.get(formId);
        if (!artifact) continue; // reported by checkProcess
        const form = resolveForm(artifact, county.id);
        planned.push({
          kind: 'form',
          county: county.id,
          artifactId: formId,
          content: form,
          example: artifact.example,
        });
      }
    }
    if (problems.length > 0) throw new DeployError(problems);

    for (const item of planned) {
      const created = await this.store(item, actor);
      if (created)
        report.created.push({
          kind: item.kind,
          county: item.county,
          artifactId: item.artifactId,
          version: created,
        });
      else report.unchanged++;
    }
    return report;
  }

  private async checkProcess(
    artifacts: RepositoryArtifacts,
    county: CountyManifest,
    processId: string,
    problems: DeploymentProblem[],
  ): Promise<
    { xml: string; definition: ProcessDefinition; forms: string[]; calledProcesses: string[] } | undefined
  > {
    const artifact = artifacts.processes.get(processId);
    const label = `processes/${processId}`;
    if (!artifact) {
      problems.push({ county: county.id, artifact: label, message: `流程 ${processId} 不存在` });
      return undefined;
    }
    const { xml, overlay } = resolveProcessXml(artifact, county.id);
    const file = overlay ? `${label}/counties/${county.id}.bpmn` : `${label}/${processId}.bpmn`;
    const { definition, problems: bpmnProblems } = await compileProcess(xml);
    for (const p of bpmnProblems)
      problems.push({
        county: county.id,
        artifact: file,
        elementId: p.elementId ?? undefined,
        message: p.message,
      });
    if (!definition || bpmnProblems.length > 0) return undefined;
    const summary = summarizeProcess(definition);
    for (const task of summary.userTasks) {
      for (const role of task.candidateRoles) {
        if (!(role in county.roles)) {
          problems.push({
            county: county.id,
            artifact: file,
            elementId: task.id,
            message: `「${task.name}」的办理角色 ${role} 未在${county.name}的角色映射中配置`,
          });
        }
      }
      if (task.form && !artifacts.forms.has(task.form)) {
        problems.push({
          county: county.id,
          artifact: file,
          elementId: task.id,
          message: `「${task.name}」引用的表单 ${task.form} 不存在`,
        });
      }
    }
    for (const key of summary.settingsReferences) {
      if (!(key in county.settings)) {
        problems.push({
          county: county.id,
          artifact: file,
          message: `引用的县区参数 settings.${key} 未在${county.name}的配置中定义`,
        });
      }
    }
    return {
      xml,
      definition,
      forms: summary.userTasks.map((t) => t.form).filter((f): f is string => Boolean(f)),
      calledProcesses: summary.calledProcesses,
    };
  }

  /** Stores a new version when the hash differs from the latest; returns that version, or 0 when unchanged. */
  private async store(
    item: {
      kind: 'form' | 'process';
      county: string;
      artifactId: string;
      content: unknown;
      definition?: unknown;
      example?: JsonObject;
    },
    actor: string,
  ): Promise<number> {
    const { kind, county, artifactId, content, definition, example } = item;
    // The example record belongs to the form: a changed example is a new version too.
    const hash = contentHash(example ? { content, example } : content);
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.models.Deployment.findOne(
        { kind, county, artifactId },
        { hash: 1, version: 1 },
      )
        .sort({ version: -1 })
        .lean();
      if (latest?.hash === hash) return 0;
      const version = (latest?.version ?? 0) + 1;
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
        return version;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // Another process deployed the same version at the same moment: look again.
      }
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
