import { countySettingValues } from '@pm/config';
import type { JsonValue } from '@pm/engine';
import { Types } from 'mongoose';
import { AppError, type ErrorDetail } from '../errors';
import type { Models } from '../models';
import type { EventDoc } from '../models/event';
import type { TaskDoc } from '../models/task';
import type { AccessPolicy } from './access';
import type { AuditTrail } from './audit/trail';
import type { AuthenticatedUser } from './auth';
import type { Clock } from './clock';
import type { CountyDirectory } from './county-directory';
import type { DeploymentService, FormDefinition } from './deployments';
import type { FormValidator } from './form-validation';
import type { ProjectRecord } from './projects';
import { enforce, prefill, progressFrom, type LoopProject } from './loop/record';
import { audience } from './runtime/ids';
import type { OutboxOp } from './runtime/ops';
import { pendingDelegation } from './task-operations/assignment';
import { RejectedCommand, type InstanceRecord, type Runtime } from './runtime/runtime';

export type TaskRecord = TaskDoc & { _id: Types.ObjectId };

/** Outcomes that send work back or refuse it: a reason is required, as every regulation asks. */
const NEEDS_COMMENT = new Set(['return', 'reject']);
const DUE_SOON_MS = 3 * 24 * 60 * 60 * 1000;

export interface InboxQuery {
  status: 'open' | 'completed';
  stage?: string;
  year?: number;
  q?: string;
  limit: number;
  offset: number;
}

export interface CompleteInput {
  outcome: string;
  comment?: string;
  data?: Record<string, unknown>;
}

export class TaskService {
  constructor(
    private readonly models: Models,
    private readonly runtime: Runtime,
    private readonly deployments: DeploymentService,
    private readonly counties: CountyDirectory,
    private readonly access: AccessPolicy,
    private readonly validator: FormValidator,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  /** The audience keys a user answers to: their user name, their org unit, and their county's admins. */
  audienceOf(user: AuthenticatedUser): string[] {
    const keys = [audience.user(user.username)];
    if (user.county && user.orgUnit) keys.push(audience.unit(user.county, user.orgUnit));
    if (user.county && this.access.isCountyAdmin(user, user.county))
      keys.push(audience.countyAdmins(user.county));
    return keys;
  }

  private canSee(user: AuthenticatedUser, task: TaskRecord): boolean {
    if (task.assignee === user.username || task.completedBy === user.username) return true;
    if (user.county !== task.county) return false;
    const keys = new Set(this.audienceOf(user));
    return [...task.audience, ...(task.candidateAudience ?? [])].some((key) => keys.has(key));
  }

  /** Only candidates and the assignee see a task; anything else is "not found", so ids cannot be probed. */
  async load(user: AuthenticatedUser, id: string): Promise<TaskRecord> {
    if (!Types.ObjectId.isValid(id)) throw new AppError('NOT_FOUND', 404, '任务不存在');
    const task = await this.models.Task.findById(id).lean<TaskRecord>();
    if (!task || !this.canSee(user, task)) throw new AppError('NOT_FOUND', 404, '任务不存在或您无权办理');
    return task;
  }

  async inbox(user: AuthenticatedUser, query: InboxQuery) {
    const filter: Record<string, unknown> = {};
    let sort: Record<string, 1 | -1>;
    if (query.status === 'open') {
      filter.audience = { $in: this.audienceOf(user) };
      filter.status = 'open';
      sort = { due: 1, _id: 1 };
    } else {
      filter.completedBy = user.username;
      sort = { completedAt: -1 };
    }
    if (query.stage) filter.stageId = query.stage;
    if (query.year) filter.year = query.year;
    if (query.q) filter.projectName = { $regex: query.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
    const [items, total] = await Promise.all([
      this.models.Task.find(filter, { draft: 0, data: 0 })
        .sort(sort)
        .skip(query.offset)
        .limit(query.limit)
        .lean<TaskRecord[]>(),
      this.models.Task.countDocuments(filter),
    ]);
    return { items: items.map((t) => this.summary(t)), total };
  }

  summary(task: TaskRecord) {
    const now = this.clock.now().getTime();
    const due = task.due ? new Date(task.due) : undefined;
    return {
      id: task._id.toHexString(),
      name: task.name,
      status: task.status,
      county: task.county,
      stageId: task.stageId,
      stageLabel: this.deployments.stageLabel(task.stageId as never),
      projectId: task.projectId.toHexString(),
      projectName: task.projectName ?? '',
      year: task.year ?? null,
      instanceId: task.instanceId.toHexString(),
      mode: task.mode,
      assignee: task.assignee ?? null,
      due: due?.toISOString() ?? null,
      overdue: task.status === 'open' && Boolean(due && due.getTime() < now),
      dueSoon:
        task.status === 'open' && Boolean(due && due.getTime() >= now && due.getTime() - now < DUE_SOON_MS),
      createdAt: new Date(task.createdAt).toISOString(),
      completedAt: task.completedAt ? new Date(task.completedAt).toISOString() : null,
      outcome: task.outcome ?? null,
    };
  }

  private async instanceOf(task: TaskRecord): Promise<InstanceRecord> {
    const instance = await this.models.Instance.findById(task.instanceId).lean<InstanceRecord>();
    if (!instance) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
    return instance;
  }

  private async formOf(
    task: TaskRecord,
  ): Promise<{ id: string; version: number; form: FormDefinition } | null> {
    if (!task.formDeploymentId) return null;
    const deployment = await this.deployments.form(task.formDeploymentId);
    return { id: deployment.formId, version: deployment.version, form: deployment.form };
  }

  async detail(user: AuthenticatedUser, id: string) {
    const task = await this.load(user, id);
    const instance = await this.instanceOf(task);
    const form = await this.formOf(task);
    const draft = task.draft as { data?: Record<string, unknown>; comment?: string } | undefined;
    const stored = task.formId ? instance.data?.[task.formId] : undefined;
    // A stage's form opens with what the project record holds for it (approved targets, x-bind from).
    const formData =
      stored ??
      (task.status === 'open' && task.mode === 'edit' && form
        ? prefill(form.form, await this.loopProject(task))
        : {});
    const data =
      task.status === 'open'
        ? (draft?.data ?? formData)
        : task.mode === 'edit'
          ? (task.data ?? formData)
          : formData;
    return {
      task: {
        ...this.summary(task),
        reviewPoints: task.reviewPoints,
        multiInstance: task.multiInstance ?? null,
        comment: task.comment ?? null,
        draftComment: draft?.comment ?? null,
        draftSavedAt: task.draftSavedAt ? new Date(task.draftSavedAt).toISOString() : null,
        readOnly: task.status !== 'open' || task.mode === 'review' || this.access.isReadOnly(user),
      },
      form: form
        ? { id: form.id, version: form.version, title: form.form.title, schema: form.form.schema }
        : null,
      data,
      outcomes: task.outcomes.map((o) => ({
        id: o.id,
        label: o.label,
        commentRequired: NEEDS_COMMENT.has(o.id!),
      })),
      candidates: await this.candidates(task),
      ...(await this.history(task.instanceId)),
    };
  }

  private async loopProject(task: TaskRecord): Promise<LoopProject> {
    const project = await this.models.Project.findById(task.projectId, {
      name: 1,
      targets: 1,
      ledger: 1,
    }).lean<ProjectRecord>();
    return project ?? { name: task.projectName ?? '' };
  }

  async candidates(
    task: TaskRecord,
  ): Promise<{ username: string; displayName: string; orgUnit: string | null }[]> {
    const users = await this.models.User.find(
      {
        active: true,
        $or: [
          { county: task.county, orgUnit: { $in: task.candidateUnits } },
          { username: { $in: [...task.candidateUsers, ...(task.assignee ? [task.assignee] : [])] } },
        ],
      },
      { username: 1, displayName: 1, orgUnit: 1 },
    )
      .sort({ username: 1 })
      .lean();
    return users.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      orgUnit: u.orgUnit ?? null,
    }));
  }

  /** An instance's events in order, with the verdict of their audit chain (see services/audit). */
  async history(instanceId: Types.ObjectId) {
    const events = (await this.models.Event.collection
      .find({ instanceId })
      .sort({ seq: 1, _id: 1 })
      .toArray()) as unknown as (EventDoc & { _id: unknown })[];
    const names = new Map(
      (
        await this.models.User.find(
          { username: { $in: [...new Set(events.map((e) => e.actor))] } },
          { username: 1, displayName: 1 },
        ).lean()
      ).map((u) => [u.username, u.displayName]),
    );
    const history = events.map((e) => ({
      id: String(e._id),
      at: new Date(e.at).toISOString(),
      actor: e.actor,
      actorName: e.actor === 'system' ? '系统' : (names.get(e.actor) ?? e.actor),
      action: e.action,
      taskName: e.taskName ?? null,
      outcome: e.outcome ?? null,
      outcomeLabel: e.outcomeLabel ?? null,
      comment: e.comment ?? null,
    }));
    return { history, historyIntegrity: await this.audit.verifyHistory(events) };
  }

  private assertOpen(task: TaskRecord): void {
    if (task.status === 'completed')
      throw new AppError('TASK_ALREADY_COMPLETED', 409, '该任务已办结，不能重复办理');
    if (task.status !== 'open') throw new AppError('CONFLICT', 409, '该任务已撤销（流程已变化），请刷新待办');
  }

  private assertNotClaimedByOther(user: AuthenticatedUser, task: TaskRecord): void {
    if (task.assignee && task.assignee !== user.username) {
      throw new AppError('CONFLICT', 409, `该任务已由 ${task.assignee} 签收`, { assignee: task.assignee });
    }
  }

  /**
   * Claiming records one event per change of hands: a repeated claim by the assignee changes
   * nothing, and of racing claims only the one whose conditional update matched records.
   */
  async claim(user: AuthenticatedUser, id: string) {
    this.access.assertCanWrite(user);
    const task = await this.load(user, id);
    this.assertOpen(task);
    this.assertNotClaimedByOther(user, task);
    if (task.assignee === user.username) return this.summary(task);
    const claimedAt = this.clock.now();
    const res = await this.models.Task.updateOne(
      { _id: task._id, status: 'open', $or: [{ assignee: { $exists: false } }, { assignee: null }] },
      // A claimed task leaves the other candidates' inboxes.
      { $set: { assignee: user.username, claimedAt, audience: [audience.user(user.username)] } },
    );
    if (res.matchedCount === 0) {
      // Changed between reading and writing: report what it is now (claimed by this user's own
      // concurrent request is the answer that request gives, and it is recorded there).
      const now = await this.load(user, id);
      this.assertOpen(now);
      this.assertNotClaimedByOther(user, now);
      return this.summary(now);
    }
    await this.recordTaskEvent(task, user.username, 'task.claimed');
    return this.summary({ ...task, assignee: user.username, claimedAt });
  }

  /**
   * Giving a claim back. Idempotent like claiming: when nobody holds the task (an earlier or a
   * racing unclaim already released it) the answer is its current state and nothing is recorded.
   */
  async unclaim(user: AuthenticatedUser, id: string) {
    const task = await this.load(user, id);
    this.assertOpen(task);
    if (!task.assignee) return this.summary(task);
    this.assertNotClaimedByOther(user, task);
    if (task.candidateUsers.includes(user.username)) {
      throw new AppError('CONFLICT', 409, '该任务指定由您办理，不能退回签收');
    }
    const res = await this.models.Task.updateOne(
      { _id: task._id, status: 'open', assignee: user.username },
      { $unset: { assignee: 1, claimedAt: 1 }, $set: { audience: task.candidateAudience ?? [] } },
    );
    if (res.matchedCount === 0) {
      const now = await this.load(user, id);
      this.assertOpen(now);
      this.assertNotClaimedByOther(user, now);
      return this.summary(now);
    }
    await this.recordTaskEvent(task, user.username, 'task.unclaimed');
    return this.summary({ ...task, assignee: undefined });
  }

  async saveDraft(
    user: AuthenticatedUser,
    id: string,
    draft: { data?: Record<string, unknown>; comment?: string },
  ) {
    this.access.assertCanWrite(user);
    const task = await this.load(user, id);
    this.assertOpen(task);
    this.assertNotClaimedByOther(user, task);
    const now = this.clock.now();
    const res = await this.models.Task.updateOne(
      { _id: task._id, status: 'open' },
      { $set: { draft, draftSavedAt: now, draftSavedBy: user.username } },
    );
    if (res.matchedCount === 0) this.assertOpen({ ...task, status: 'completed' });
    return { savedAt: now.toISOString() };
  }

  async complete(user: AuthenticatedUser, id: string, input: CompleteInput) {
    this.access.assertCanWrite(user);
    const task = await this.load(user, id);
    this.assertOpen(task);
    this.assertNotClaimedByOther(user, task);
    if (pendingDelegation(task))
      throw new AppError('DELEGATION_PENDING', 409, '委派的任务办理完毕后请交回委派人，由委派人决定办理结果');

    const outcome = task.outcomes.find((o) => o.id === input.outcome);
    if (!outcome) {
      throw new AppError('VALIDATION_FAILED', 400, '办理结果不在可选范围内', [
        {
          path: 'outcome',
          message: `可选结果：${task.outcomes.map((o) => `${o.label}（${o.id}）`).join('、')}`,
        },
      ]);
    }
    const comment = input.comment?.trim() || undefined;
    if (NEEDS_COMMENT.has(outcome.id!) && !comment) {
      throw new AppError('VALIDATION_FAILED', 400, `「${outcome.label}」须填写意见`, [
        { path: 'comment', message: `选择「${outcome.label}」时必须填写理由或修改意见` },
      ]);
    }

    const instance = await this.instanceOf(task);
    const project = await this.models.Project.findById(task.projectId).lean<ProjectRecord>();
    let values: Record<string, unknown>;
    let review: Record<string, unknown> | undefined;
    // What the submission writes back to the project record, in the same transition.
    const loopOps: OutboxOp[] = [];
    if (task.mode === 'edit') {
      const form = await this.formOf(task);
      if (!form) throw new AppError('CONFLICT', 409, '该任务未配置表单，请联系管理员');
      const county = this.counties.get(task.county)!;
      const bound = enforce(form.form, project ?? { name: task.projectName ?? '' }, input.data ?? {});
      if (bound.errors.length > 0)
        throw new AppError('VALIDATION_FAILED', 400, '表单填写有误，请按提示修改', bound.errors);
      const result = await this.validator.validate(form.form, bound.data, {
        settings: countySettingValues(county),
        project: project
          ? { name: project.name, amount: project.amount, year: project.year, category: project.category }
          : {},
      });
      if (!result.ok)
        throw new AppError('VALIDATION_FAILED', 400, '表单填写有误，请按提示修改', result.errors);
      values = result.values;
      const progress =
        project &&
        progressFrom(form.form, project, values, {
          instanceId: instance._id.toHexString(),
          round: instance.round,
          at: this.clock.now(),
        });
      if (progress)
        loopOps.push({
          op: 'updateProject',
          projectId: project._id,
          set: { [`progress.${task.stageId}`]: progress },
        });
    } else {
      // The reviewer passes the form as it stands: conditions after a review see its fields too.
      review = this.reviewData(task, input.data);
      const formData = (task.formId ? instance.data?.[task.formId] : undefined) ?? {};
      values = { ...formData, ...review };
    }

    const now = this.clock.now();
    try {
      await this.runtime.transition(
        instance._id,
        {
          type: 'completeTask',
          taskRef: task.taskRef,
          outcome: outcome.id!,
          data: values as Record<string, JsonValue>,
          actor: user.username,
        },
        {
          actor: user.username,
          event: {
            action: 'task.completed',
            taskId: task._id,
            taskName: task.name,
            outcome: outcome.id!,
            outcomeLabel: outcome.label!,
            comment,
          },
          ops: [
            {
              op: 'completeTask',
              taskId: task._id,
              outcome: outcome.id!,
              data: review ?? values,
              comment,
              actor: user.username,
              at: now,
            },
            ...loopOps,
          ],
          ...(task.mode === 'edit' && task.formId ? { data: { formId: task.formId, values } } : {}),
        },
        { instance, ...(project ? { project } : {}) },
      );
    } catch (err) {
      if (err instanceof RejectedCommand && err.rejection.code === 'UNKNOWN_TASK') {
        throw new AppError('TASK_ALREADY_COMPLETED', 409, '该任务已办结，不能重复办理');
      }
      if (err instanceof RejectedCommand)
        throw new AppError('CONFLICT', 409, err.rejection.message, { code: err.rejection.code });
      throw err;
    }
    return this.summary({
      ...task,
      status: 'completed',
      outcome: outcome.id,
      completedAt: now,
      completedBy: user.username,
    });
  }

  /** A reviewer's checklist: only the task's own review points, each ticked or not. */
  private reviewData(task: TaskRecord, data: Record<string, unknown> | undefined): Record<string, unknown> {
    const given = (data?.reviewPoints ?? {}) as Record<string, unknown>;
    const errors: ErrorDetail[] = [];
    if (typeof given !== 'object' || Array.isArray(given)) {
      errors.push({ path: 'data.reviewPoints', message: '审核要点应为 {要点: 是否符合} 的形式' });
    } else {
      for (const [point, value] of Object.entries(given)) {
        if (!task.reviewPoints.includes(point))
          errors.push({ path: `data.reviewPoints.${point}`, message: `「${point}」不是本环节的审核要点` });
        else if (typeof value !== 'boolean')
          errors.push({ path: `data.reviewPoints.${point}`, message: '请选择是否符合' });
      }
    }
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', 400, '审核要点填写有误', errors);
    return { reviewPoints: Object.fromEntries(task.reviewPoints.map((p) => [p, given[p] === true])) };
  }

  /**
   * An audit event about a task between the transitions around it (claim, unclaim, 转办, 委派, 催办,
   * 抄送), recorded through the audit trail so it is sealed into the county's chain before the answer.
   */
  async recordTaskEvent(
    task: TaskRecord,
    actor: string,
    action: string,
    fields: { comment?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    const now = this.clock.now();
    const rev = (await this.models.Instance.findById(task.instanceId, { rev: 1 }).lean())?.rev ?? 0;
    await this.audit.record({
      _id: `${task._id.toHexString()}:${action}:${now.getTime()}:${new Types.ObjectId().toHexString()}`,
      instanceId: task.instanceId,
      projectId: task.projectId,
      county: task.county,
      at: now,
      actor,
      action,
      taskId: task._id,
      taskName: task.name,
      ...fields,
      // Between the transitions around it, in time order.
      seq: rev * 1000 + 900,
    });
  }
}
