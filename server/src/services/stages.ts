import {
  ROUND_STAGES,
  STAGE_IDS,
  STAGE_LABELS,
  countySettingValues,
  type CountyManifest,
  type StageId,
} from '@pm/config';
import { evaluateFeel, type FeelResult } from '@pm/engine';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import type { Models } from '../models';
import type { AccessPolicy } from './access';
import type { AuthenticatedUser } from './auth';
import type { Clock } from './clock';
import type { CountyDirectory } from './county-directory';
import { DeploymentService } from './deployments';
import { projectFields, type ProjectRecord, type ProjectService } from './projects';
import { derivedObjectId } from './runtime/ids';
import { RejectedCommand, type Runtime } from './runtime/runtime';

/** Finance sections, centers and admins launch stages county-wide; a department launches its own. */
const LAUNCHING_KINDS = new Set(['department', 'finance-section', 'center']);

export class StageService {
  constructor(
    private readonly models: Models,
    private readonly runtime: Runtime,
    private readonly deployments: DeploymentService,
    private readonly counties: CountyDirectory,
    private readonly projects: ProjectService,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  static assertStageId(stageId: string): StageId {
    if (!(STAGE_IDS as readonly string[]).includes(stageId))
      throw new AppError('NOT_FOUND', 404, `环节 ${stageId} 不存在`);
    return stageId as StageId;
  }

  private assertMayLaunch(user: AuthenticatedUser, county: string): void {
    this.access.assertCanWrite(user);
    if (this.access.isCountyAdmin(user, county)) return;
    const unit = this.access.orgUnitOf(user);
    if (!unit || !LAUNCHING_KINDS.has(unit.kind))
      throw new AppError('FORBIDDEN', 403, '您所在单位不能发起该环节');
  }

  /** The county's rules for starting a stage: enabled, configured, and its preconditions (e.g. hailin's 500万 gate). */
  checkPreconditions(county: CountyManifest, project: ProjectRecord, stageId: StageId): void {
    const label = STAGE_LABELS[stageId];
    const stage = county.stages[stageId];
    if (!stage?.enabled) {
      throw new AppError('STAGE_PRECONDITION_FAILED', 409, `${county.name}未启用「${label}」环节`, {
        rule: 'stage-enabled',
        stageId,
      });
    }
    const scope = {
      project: { ...projectFields(project) },
      settings: countySettingValues(county),
    };
    for (const rule of stage.preconditions ?? []) {
      if (rule.when) {
        const applies = evaluateFeel(rule.when, scope);
        if (!applies.ok) throw new Error(`precondition ${rule.id} of ${county.id}: ${applies.error}`);
        if (applies.value !== true) continue;
      }
      const required = (project.stages as Record<string, Record<string, unknown>> | undefined)?.[
        rule.requires.stage
      ] ?? { status: 'not-started' };
      const satisfied: FeelResult = rule.requires.condition
        ? evaluateFeel(rule.requires.condition, { stage: required, ...scope })
        : { ok: true, value: required.status === 'completed' };
      if (!satisfied.ok) throw new Error(`precondition ${rule.id} of ${county.id}: ${satisfied.error}`);
      if (satisfied.value !== true) {
        const clause = 'clause' in rule.source ? `（${county.source.title} ${rule.source.clause}）` : '';
        throw new AppError(
          'STAGE_PRECONDITION_FAILED',
          409,
          `不满足「${rule.label}」：${rule.message ?? `须先完成「${STAGE_LABELS[rule.requires.stage]}」`}${clause}`,
          { rule: rule.id, label: rule.label, requires: rule.requires, source: rule.source, note: rule.note },
        );
      }
    }
  }

  async start(
    user: AuthenticatedUser,
    projectId: string,
    stageIdParam: string,
    options: { round?: string } = {},
  ) {
    const stageId = StageService.assertStageId(stageIdParam);
    const project = await this.projects.get(user, projectId);
    this.assertMayLaunch(user, project.county);
    const round = StageService.roundFor(stageId, options.round);
    const instance = await this.startFor(project, stageId, user.username, { round });
    return { instanceId: instance._id.toHexString() };
  }

  private async startFor(
    project: ProjectRecord,
    stageId: StageId,
    actor: string,
    options: { round?: string; id?: Types.ObjectId; batchId?: string },
  ) {
    const county = this.counties.get(project.county)!;
    this.checkPreconditions(county, project, stageId);
    const deployment = await this.deployments.latestProcess(
      county.id,
      DeploymentService.processIdFor(county, stageId),
    );
    if (!deployment) {
      throw new AppError(
        'STAGE_PRECONDITION_FAILED',
        409,
        `${county.name}的「${STAGE_LABELS[stageId]}」环节尚未配置流程`,
        {
          rule: 'process-deployed',
          stageId,
        },
      );
    }
    const active = await this.models.Instance.exists({
      projectId: project._id,
      stageId,
      round: options.round ?? '',
      status: 'active',
    });
    if (active && (!options.id || !active._id.equals(options.id))) {
      throw new AppError('CONFLICT', 409, `该项目的「${STAGE_LABELS[stageId]}」环节正在办理中，不能重复发起`);
    }
    try {
      return await this.runtime.start({ project, stageId, processDeployment: deployment, actor, ...options });
    } catch (err) {
      if (err instanceof RejectedCommand) throw new AppError('CONFLICT', 409, err.rejection.message);
      throw err;
    }
  }

  /** Starts one stage for many projects (a monitoring round across the county); returns a batch to poll. */
  async startBatch(
    user: AuthenticatedUser,
    stageIdParam: string,
    input: { county: string; projectIds: string[]; round?: string; due?: Date },
  ) {
    const stageId = StageService.assertStageId(stageIdParam);
    if (!this.access.isSuperadmin(user) && user.county !== input.county)
      throw new AppError('FORBIDDEN', 403, '只能在本县区发起');
    this.assertMayLaunch(user, input.county);
    if (this.access.orgUnitOf(user)?.kind === 'department')
      throw new AppError('FORBIDDEN', 403, '批量发起须由财政部门办理');
    const county = this.counties.get(input.county);
    if (!county) throw new AppError('NOT_FOUND', 404, '县区不存在');
    const round = StageService.roundFor(stageId, input.round);
    const ids = [...new Set(input.projectIds.map((id) => id.toLowerCase()))];
    // Every project must be the county's before anything is written. A project elsewhere is named by its
    // position in the request only: the answer never confirms that an id exists in another county.
    const own = await this.models.Project.find(
      { _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, county: county.id },
      { _id: 1 },
    ).lean();
    const known = new Set(own.map((p) => p._id.toHexString()));
    const unknown = input.projectIds
      .map((id, index) => ({ index, id: id.toLowerCase() }))
      .filter(({ id }) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `有 ${unknown.length} 个项目不存在或不属于${county.name}，未发起任何项目`,
        unknown.slice(0, 20).map(({ index }) => ({
          path: `projectIds.${index}`,
          message: `第 ${index + 1} 个项目不存在或不属于${county.name}`,
        })),
      );
    }
    const batchId = randomUUID();
    await this.models.BatchItem.insertMany(
      ids.map((id, position) => ({
        _id: `${batchId}:${id}`,
        batchId,
        position,
        projectId: new Types.ObjectId(id),
        status: 'pending',
      })),
    );
    await this.models.Batch.create({
      _id: batchId,
      county: county.id,
      stageId,
      round,
      total: ids.length,
      due: input.due,
      status: 'running',
      createdBy: user.username,
      createdAt: this.clock.now(),
    });
    void this.runBatch(batchId).catch((err) =>
      this.logger.error({ err, batchId }, 'batch start failed; resumed at next start-up'),
    );
    return this.batchView(batchId, user);
  }

  /**
   * Only a stage that runs in rounds (绩效运行监控: 半年、前三季度、按月) may be started more than once at a
   * time; for any other stage a round would let one project hold several parallel declarations.
   */
  static roundFor(stageId: StageId, round: string | undefined): string {
    const value = round?.trim() ?? '';
    if (value && !(ROUND_STAGES as readonly string[]).includes(stageId)) {
      throw new AppError('VALIDATION_FAILED', 400, `「${STAGE_LABELS[stageId]}」不分轮次`, [
        { path: 'round', message: `「${STAGE_LABELS[stageId]}」不分轮次，请不要填写轮次` },
      ]);
    }
    return value;
  }

  /** Idempotent: instance ids derive from the batch and project, so a resumed batch starts nothing twice. */
  async runBatch(batchId: string): Promise<void> {
    const batch = await this.models.Batch.findById(batchId).lean();
    if (!batch || batch.status !== 'running') return;
    const pending = this.models.BatchItem.find({ batchId, status: 'pending' })
      .sort({ position: 1 })
      .lean()
      .cursor();
    for await (const item of pending) {
      const key = item.projectId.toHexString();
      const project = await this.models.Project.findById(item.projectId).lean<ProjectRecord>();
      try {
        if (!project || project.county !== batch.county)
          throw new AppError('NOT_FOUND', 404, '项目不存在或不属于本县区');
        const instance = await this.startFor(project, batch.stageId as StageId, batch.createdBy, {
          round: batch.round,
          id: derivedObjectId('batch', batchId, key),
          batchId,
        });
        await this.models.BatchItem.updateOne(
          { _id: item._id },
          { $set: { status: 'started', instanceId: instance._id } },
        );
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        await this.models.BatchItem.updateOne(
          { _id: item._id },
          { $set: { status: 'failed', code: err.code, message: err.message } },
        );
      }
    }
    await this.models.Batch.updateOne(
      { _id: batchId },
      { $set: { status: 'finished', finishedAt: this.clock.now() } },
    );
  }

  async resumeBatches(): Promise<void> {
    const running = await this.models.Batch.find({ status: 'running' }, { _id: 1 }).lean();
    for (const batch of running) await this.runBatch(batch._id);
  }

  /** Progress of a batch, for whoever may launch or oversee work county-wide (never a department). */
  async batchView(batchId: string, user: AuthenticatedUser) {
    const batch = await this.models.Batch.findById(batchId).lean();
    const scope = this.access.projectScope(user);
    const visible =
      batch &&
      (scope.kind === 'all' ||
        (scope.kind === 'county' && scope.county === batch.county) ||
        batch.createdBy === user.username);
    if (!batch || !visible) throw new AppError('NOT_FOUND', 404, '批量任务不存在');
    const done = await this.models.BatchItem.find(
      { batchId, status: { $in: ['started', 'failed'] } },
      { projectId: 1, status: 1, instanceId: 1, code: 1, message: 1 },
    )
      .sort({ position: 1 })
      .lean();
    return {
      id: batch._id,
      county: batch.county,
      stageId: batch.stageId,
      round: batch.round,
      status: batch.status,
      total: batch.total,
      done: done.length,
      started: done
        .filter((i) => i.status === 'started')
        .map((i) => ({ projectId: i.projectId.toHexString(), instanceId: i.instanceId!.toHexString() })),
      failed: done
        .filter((i) => i.status === 'failed')
        .map((i) => ({ projectId: i.projectId.toHexString(), code: i.code!, message: i.message! })),
    };
  }

  /** The projects a batch covers, for the finance views (报送情况 of a round). */
  async batchProjectIds(batchId: string): Promise<Types.ObjectId[]> {
    const items = await this.models.BatchItem.find({ batchId }, { projectId: 1 }).lean();
    return items.map((i) => i.projectId);
  }
}
