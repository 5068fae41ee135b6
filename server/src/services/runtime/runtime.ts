import {
  countySettingValues,
  resolveRoleOrgUnits,
  RoleResolutionError,
  type CountyManifest,
} from '@pm/config';
import {
  step,
  type Command,
  type Effect,
  type InstanceState,
  type JsonValue,
  type Rejection,
} from '@pm/engine';
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { AppError } from '../../errors';
import type { Models } from '../../models';
import type { AuditTrail } from '../audit/trail';
import type { Clock } from '../clock';
import type { CountyDirectory } from '../county-directory';
import type { DeploymentService, ProcessDeployment } from '../deployments';
import { projectFields, type ProjectRecord } from '../projects';
import type { FollowUp } from './follow-ups';
import type { ServiceHandler } from './handlers';
import { audience, childInstanceIdFor, taskIdFor, timerIdFor } from './ids';
import { applyOp, type OutboxOp } from './ops';

export interface InstanceRecord {
  _id: Types.ObjectId;
  county: string;
  projectId: Types.ObjectId;
  stageId: string;
  round: string;
  processId: string;
  processDeploymentId: Types.ObjectId;
  formDeployments: Record<string, Types.ObjectId>;
  state: InstanceState;
  rev: number;
  status: 'active' | 'completed' | 'terminated' | 'failed';
  /** formId → the values last submitted with that form in this instance. */
  data: Record<string, Record<string, unknown>>;
  outbox: OutboxOp[];
  followUps: FollowUp[];
  pending: boolean;
  activeKey: string;
  parent?: { instanceId: Types.ObjectId; ref: string };
  startedBy: string;
  startedAt: Date;
  endedAt?: Date;
}

/** What the caller of a transition adds: who acts, the audit line, and its own outbox operations. */
export interface TransitionMeta {
  actor: string;
  event?: {
    action: string;
    taskId?: Types.ObjectId;
    taskName?: string;
    outcome?: string;
    outcomeLabel?: string;
    comment?: string;
    details?: Record<string, unknown>;
  };
  ops?: OutboxOp[];
  /** An edit task was submitted: its form's data on the instance becomes these values. */
  data?: { formId: string; values: Record<string, unknown> };
  /** The follow-up this transition completes (removed in the same write). */
  resolvesFollowUp?: string;
}

export class RejectedCommand extends Error {
  constructor(public readonly rejection: Rejection) {
    super(rejection.message);
  }
}

const MAX_ATTEMPTS = 100;
const SYSTEM = 'system';

/**
 * Drives instances through the engine. One transition = read the instance, run the pure step, and
 * write the new state together with an outbox of idempotent operations in one conditional update
 * (on `rev`); then apply the outbox and clear it. A crash after the write is repaired by replaying
 * the outbox (recover()); a crash before it loses nothing because nothing was acknowledged. No
 * multi-document transaction is needed, so the same code runs on the embedded store and on a
 * replica set.
 */
export class Runtime {
  private readonly handlers = new Map<string, ServiceHandler>();

  constructor(
    private readonly models: Models,
    private readonly deployments: DeploymentService,
    private readonly counties: CountyDirectory,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly audit: AuditTrail,
    handlers: Record<string, ServiceHandler>,
  ) {
    for (const [name, handler] of Object.entries(handlers)) this.handlers.set(name, handler);
  }

  private county(id: string): CountyManifest {
    const county = this.counties.get(id);
    if (!county) throw new Error(`county ${id} is not deployed`);
    return county;
  }

  private async project(id: Types.ObjectId): Promise<ProjectRecord> {
    const project = await this.models.Project.findById(id).lean<ProjectRecord>();
    if (!project) throw new Error(`project ${String(id)} not found`);
    return project;
  }

  private stepContext(county: CountyManifest, project: ProjectRecord) {
    return { now: this.clock.now(), settings: countySettingValues(county), project: projectFields(project) };
  }

  /** Starts a process for a project's stage. With an `id`, starting twice is harmless (batches, called processes). */
  async start(options: {
    project: ProjectRecord;
    stageId: string;
    processDeployment: ProcessDeployment;
    actor: string;
    round?: string;
    id?: Types.ObjectId;
    variables?: Record<string, JsonValue>;
    parent?: { instanceId: Types.ObjectId; ref: string };
    batchId?: string;
  }): Promise<InstanceRecord> {
    const { project, stageId, processDeployment, actor } = options;
    const county = this.county(project.county);
    const id = options.id ?? new Types.ObjectId();
    const existing = await this.models.Instance.findById(id).lean<InstanceRecord>();
    if (existing) return this.settle(existing);

    const formDeployments: Record<string, Types.ObjectId> = {};
    for (const formId of processDeployment.formIds) {
      const form = await this.deployments.latestForm(county.id, formId);
      if (form) formDeployments[formId] = form.id;
    }
    const result = step(
      processDeployment.definition,
      null,
      { type: 'start', variables: options.variables ?? {} },
      this.stepContext(county, project),
    );
    if (!result.ok) throw new RejectedCommand(result.rejection);

    const now = this.clock.now();
    const rev = 1;
    const base: InstanceRecord = {
      _id: id,
      county: county.id,
      projectId: project._id,
      stageId,
      round: options.round ?? '',
      processId: processDeployment.processId,
      processDeploymentId: processDeployment.id,
      formDeployments,
      state: result.state,
      rev,
      status: result.state.status,
      data: {},
      outbox: [],
      followUps: [],
      pending: true,
      activeKey: result.state.status === 'active' ? 'active' : id.toHexString(),
      ...(options.parent ? { parent: options.parent } : {}),
      startedBy: actor,
      startedAt: now,
    };
    const stageKey = `stages.${stageId}`;
    const planned = this.plan(
      base,
      result.effects,
      rev,
      {
        actor,
        event: {
          action: 'instance.started',
          details: { processVersion: processDeployment.version, round: base.round },
        },
        ops: [
          {
            op: 'updateProject',
            projectId: project._id,
            set: {
              [`${stageKey}.status`]: 'active',
              [`${stageKey}.instances.${id.toHexString()}`]: {
                status: 'active',
                round: base.round,
                startedAt: now,
                processVersion: processDeployment.version,
              },
            },
          },
        ],
      },
      county,
      project,
      result.state,
    );
    const doc = { ...base, outbox: planned.ops, followUps: planned.followUps, batchId: options.batchId };
    try {
      await this.models.Instance.collection.insertOne(doc as never);
    } catch (err) {
      if ((err as { code?: number; keyPattern?: Record<string, unknown> }).code === 11000) {
        const again = await this.models.Instance.findById(id).lean<InstanceRecord>();
        if (again) return this.settle(again);
        throw new AppError('CONFLICT', 409, '该项目的这一环节正在办理中，不能重复启动', {
          stageId,
          round: base.round,
        });
      }
      throw err;
    }
    return this.settle(doc);
  }

  /** Applies a command to an instance, retrying on concurrent changes; rejections throw RejectedCommand. */
  async transition(
    instanceId: Types.ObjectId,
    command: Command,
    meta: TransitionMeta,
    /** What the caller already read: used for the first attempt only; the revision check catches staleness. */
    known: { instance?: InstanceRecord; project?: ProjectRecord } = {},
  ): Promise<InstanceRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const instance =
        attempt === 0 && known.instance
          ? known.instance
          : await this.models.Instance.findById(instanceId).lean<InstanceRecord>();
      if (!instance) throw new AppError('NOT_FOUND', 404, '流程实例不存在');
      if (instance.outbox.length > 0) {
        // Finish the previous transition first, so this one sees its effects.
        await this.applyOutbox(instance);
        continue;
      }
      const county = this.county(instance.county);
      const project = attempt === 0 && known.project ? known.project : await this.project(instance.projectId);
      const deployment = await this.deployments.process(instance.processDeploymentId);
      const result = step(deployment.definition, instance.state, command, this.stepContext(county, project));
      if (!result.ok) throw new RejectedCommand(result.rejection);

      const rev = instance.rev + 1;
      const planned = this.plan(instance, result.effects, rev, meta, county, project, result.state);
      const followUps = [
        ...instance.followUps.filter((f) => f.id !== meta.resolvesFollowUp),
        ...planned.followUps,
      ];
      const status = result.state.status;
      const set: Record<string, unknown> = {
        state: result.state,
        rev,
        status,
        outbox: planned.ops,
        followUps,
        pending: true,
        activeKey: status === 'active' ? 'active' : instance._id.toHexString(),
      };
      if (meta.data) set[`data.${meta.data.formId}`] = meta.data.values;
      if (status !== 'active' && !instance.endedAt) set.endedAt = this.clock.now();
      const written = await this.models.Instance.updateOne(
        { _id: instance._id, rev: instance.rev },
        { $set: set },
      );
      if (written.matchedCount === 0) continue; // someone else moved it: read again
      return this.settle({ ...instance, ...set } as InstanceRecord);
    }
    throw new AppError('CONFLICT', 409, '该流程正被多人同时办理，请稍后重试');
  }

  /** Turns engine effects (and the caller's own operations) into outbox operations and follow-ups. */
  private plan(
    instance: InstanceRecord,
    effects: Effect[],
    rev: number,
    meta: TransitionMeta,
    county: CountyManifest,
    project: ProjectRecord,
    state: InstanceState,
  ): { ops: OutboxOp[]; followUps: FollowUp[] } {
    const now = this.clock.now();
    const ops: OutboxOp[] = [...(meta.ops ?? [])];
    const followUps: FollowUp[] = [];
    let seq = 0;
    const event = (action: string, fields: Record<string, unknown> = {}, actor = meta.actor) => {
      ops.push({
        op: 'insertEvent',
        doc: {
          _id: `${instance._id.toHexString()}:${rev}:${seq}`,
          instanceId: instance._id,
          projectId: instance.projectId,
          county: instance.county,
          at: now,
          actor,
          action,
          seq: rev * 1000 + seq++,
          ...fields,
        },
      });
    };
    if (meta.event) {
      const { action, ...fields } = meta.event;
      event(action, fields);
    }
    const stageKey = `stages.${instance.stageId}`;
    const instanceKey = `${stageKey}.instances.${instance._id.toHexString()}`;
    for (const effect of effects) {
      switch (effect.type) {
        case 'createTask': {
          const taskId = taskIdFor(instance._id, effect.taskRef);
          const resolved = this.resolveCandidates(county, project, effect.candidateRoles);
          const audienceKeys = [
            ...resolved.units.map((code) => audience.unit(county.id, code)),
            ...(effect.assignee ? [audience.user(effect.assignee)] : []),
            ...(resolved.unresolved.length > 0 ? [audience.countyAdmins(county.id)] : []),
          ];
          const name = effect.name ?? effect.elementId;
          ops.push({
            op: 'insertTask',
            doc: {
              _id: taskId,
              instanceId: instance._id,
              projectId: instance.projectId,
              county: instance.county,
              stageId: instance.stageId,
              taskRef: effect.taskRef,
              elementId: effect.elementId,
              name,
              formId: effect.form ?? undefined,
              formDeploymentId: effect.form ? instance.formDeployments[effect.form] : undefined,
              mode: effect.outcomes.some((o) => o.id === 'submit') ? 'edit' : 'review',
              candidateRoles: effect.candidateRoles,
              candidateUnits: resolved.units,
              candidateUsers: effect.assignee ? [effect.assignee] : [],
              // Who has it in their inbox now: the assignee alone once there is one, else every candidate.
              audience: effect.assignee ? [audience.user(effect.assignee)] : audienceKeys,
              candidateAudience: audienceKeys,
              ...(effect.assignee ? { assignee: effect.assignee, claimedAt: now } : {}),
              outcomes: effect.outcomes.map((o) => ({ id: o.id, label: o.label })),
              reviewPoints: effect.reviewPoints,
              multiInstance: effect.multiInstance ?? undefined,
              status: 'open',
              due: effect.due ?? undefined,
              createdAt: now,
              projectName: project.name,
              year: project.year,
            },
          });
          ops.push({
            op: 'notify',
            doc: {
              _id: `task:${taskId.toHexString()}:assigned`,
              county: instance.county,
              audience: audienceKeys,
              kind: 'task.assigned',
              title: `新待办：「${project.name}」${name}`,
              taskId,
              projectId: instance.projectId,
              createdAt: now,
              readBy: [],
            },
          });
          if (resolved.unresolved.length > 0) {
            event(
              'task.unassignable',
              { taskId, taskName: name, details: { roles: resolved.unresolved } },
              SYSTEM,
            );
          }
          break;
        }
        case 'cancelTask':
          ops.push({
            op: 'cancelTask',
            taskId: taskIdFor(instance._id, effect.taskRef),
            reason: effect.reason,
            at: now,
          });
          break;
        case 'scheduleTimer':
          ops.push({
            op: 'scheduleTimer',
            doc: {
              _id: timerIdFor(instance._id, effect.timerRef),
              instanceId: instance._id,
              timerRef: effect.timerRef,
              elementId: effect.elementId,
              fireAt: new Date(effect.fireAt),
              status: 'scheduled',
              attempts: 0,
            },
          });
          break;
        case 'cancelTimer':
          ops.push({ op: 'cancelTimer', timerId: timerIdFor(instance._id, effect.timerRef) });
          break;
        case 'invokeService':
          followUps.push({
            id: `service:${effect.ref}`,
            kind: 'service',
            ref: effect.ref,
            elementId: effect.elementId,
            handler: effect.handler,
            input: effect.input,
          });
          break;
        case 'startCallActivity':
          followUps.push({
            id: `start:${effect.ref}`,
            kind: 'startChild',
            ref: effect.ref,
            processId: effect.processId,
            variables: effect.variables,
          });
          break;
        case 'cancelCallActivity':
          followUps.push({
            id: `cancel:${effect.ref}`,
            kind: 'cancelChild',
            ref: effect.ref,
            reason: effect.reason,
          });
          break;
        case 'processCompleted':
        case 'processTerminated':
        case 'processFailed': {
          const status =
            effect.type === 'processCompleted'
              ? 'completed'
              : effect.type === 'processTerminated'
                ? 'terminated'
                : 'failed';
          event(
            `instance.${status}`,
            effect.type === 'processFailed' ? { details: { errorCode: effect.errorCode } } : {},
            SYSTEM,
          );
          ops.push({
            op: 'updateProject',
            projectId: instance.projectId,
            set: {
              [`${stageKey}.status`]: status,
              [`${stageKey}.lastInstanceId`]: instance._id,
              [`${instanceKey}.status`]: status,
              [`${instanceKey}.endedAt`]: now,
            },
          });
          if (instance.parent) {
            followUps.push({
              id: `parent:${status}`,
              kind: 'notifyParent',
              parentId: instance.parent.instanceId,
              ref: instance.parent.ref,
              result: status === 'completed' ? 'completed' : 'failed',
              variables:
                status === 'completed' ? calledProcessResult(state, instance.data, meta.data) : undefined,
              errorCode:
                effect.type === 'processFailed' ? (effect.errorCode ?? 'PROCESS_FAILED') : 'TERMINATED',
            });
          }
          break;
        }
        case 'incident':
          event(
            'incident',
            {
              details: {
                elementId: effect.elementId,
                message: effect.message,
                incidentId: effect.incidentId,
              },
            },
            SYSTEM,
          );
          ops.push({
            op: 'notify',
            doc: {
              _id: `incident:${instance._id.toHexString()}:${effect.incidentId}`,
              county: instance.county,
              audience: [audience.countyAdmins(instance.county)],
              kind: 'instance.incident',
              title: `流程异常：「${project.name}」${effect.message}`,
              projectId: instance.projectId,
              createdAt: now,
              readBy: [],
            },
          });
          break;
      }
    }
    return { ops, followUps };
  }

  private resolveCandidates(
    county: CountyManifest,
    project: ProjectRecord,
    roles: string[],
  ): { units: string[]; unresolved: string[] } {
    const units = new Set<string>();
    const unresolved: string[] = [];
    for (const role of roles) {
      try {
        for (const unit of resolveRoleOrgUnits(county, role as never, project.department))
          units.add(unit.code);
      } catch (err) {
        if (!(err instanceof RoleResolutionError)) throw err;
        unresolved.push(role);
      }
    }
    return { units: [...units], unresolved };
  }

  /** Applies the outbox, clears it (only if no newer transition did), then runs the follow-ups. */
  private async settle(instance: InstanceRecord): Promise<InstanceRecord> {
    await this.applyOutbox(instance);
    if (instance.followUps.length > 0) await this.runFollowUps(instance._id);
    return instance;
  }

  private async applyOutbox(instance: InstanceRecord): Promise<void> {
    if (instance.outbox.length === 0) return;
    // The operations of one transition touch different documents and are each idempotent, so they
    // can run together (and share the store's journal flushes).
    await Promise.all(instance.outbox.map((op) => applyOp(this.models, op)));
    // Its events go into the county's audit chain before the caller reads the history.
    if (instance.outbox.some((op) => op.op === 'insertEvent')) await this.audit.seal(instance.county);
    const clear = this.models.Instance.updateOne(
      { _id: instance._id, rev: instance.rev },
      { $set: { outbox: [], pending: instance.followUps.length > 0 } },
    );
    if (instance.followUps.length > 0) {
      await clear;
      return;
    }
    // Everything the transition decided is durable now; clearing the outbox only spares a later
    // reader an idempotent replay, so the caller need not wait for it (idle() does, at shutdown).
    this.track(clear.exec());
  }

  private readonly background = new Set<Promise<unknown>>();

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((err: unknown) =>
        this.logger.warn({ err }, 'clearing an applied outbox failed; recovery replays it'),
      )
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  /** Resolves when no background write is in flight (before closing the database). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  /**
   * Runs the instance's follow-ups one at a time until none is left; each ends in a transition (or
   * a removal) that takes it off the list. Bounded per call: a diagram that loops through service
   * tasks forever is left to the recovery job instead of blocking the request.
   */
  async runFollowUps(instanceId: Types.ObjectId): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const instance = await this.models.Instance.findById(instanceId).lean<InstanceRecord>();
      if (!instance) return;
      if (instance.outbox.length > 0) {
        await this.applyOutbox(instance);
        continue;
      }
      const next = instance.followUps[0];
      if (!next) {
        if (instance.pending) {
          await this.models.Instance.updateOne(
            { _id: instanceId, rev: instance.rev },
            { $set: { pending: false } },
          );
        }
        return;
      }
      try {
        await this.runFollowUp(instance, next);
      } catch (err) {
        this.logger.error(
          { err, instanceId: String(instanceId), followUp: next.id },
          'follow-up failed; recovery retries it',
        );
        return;
      }
    }
  }

  private async removeFollowUp(instanceId: Types.ObjectId, id: string): Promise<void> {
    // Bumping rev makes a transition that read the old list retry instead of writing it back.
    await this.models.Instance.updateOne(
      { _id: instanceId, 'followUps.id': id },
      { $pull: { followUps: { id } }, $inc: { rev: 1 } },
    );
  }

  private async runFollowUp(instance: InstanceRecord, followUp: FollowUp): Promise<void> {
    switch (followUp.kind) {
      case 'service': {
        const handler = this.handlers.get(followUp.handler);
        const county = this.county(instance.county);
        let command: Command;
        if (!handler) {
          command = {
            type: 'failService',
            ref: followUp.ref,
            message: `未注册的服务处理器 ${followUp.handler}`,
          };
        } else {
          try {
            const project = await this.project(instance.projectId);
            const output = await handler({
              models: this.models,
              county,
              project,
              instance: { _id: instance._id, stageId: instance.stageId, data: instance.data },
              input: followUp.input,
              now: this.clock.now(),
              invocationId: `${instance._id.toHexString()}:${followUp.ref}`,
            });
            command = { type: 'completeService', ref: followUp.ref, result: output ?? null };
          } catch (err) {
            this.logger.error({ err, handler: followUp.handler }, 'service handler failed');
            command = {
              type: 'failService',
              ref: followUp.ref,
              message: err instanceof Error ? err.message : String(err),
            };
          }
        }
        await this.transitionOrDrop(instance._id, command, followUp.id);
        return;
      }
      case 'startChild': {
        const project = await this.project(instance.projectId);
        const deployment = await this.deployments.latestProcess(instance.county, followUp.processId);
        if (!deployment) {
          await this.transitionOrDrop(
            instance._id,
            { type: 'failCallActivity', ref: followUp.ref, errorCode: 'PROCESS_NOT_DEPLOYED' },
            followUp.id,
          );
          return;
        }
        await this.start({
          project,
          stageId: instance.stageId,
          round: `${instance.round}/${followUp.ref}`,
          processDeployment: deployment,
          actor: SYSTEM,
          id: childInstanceIdFor(instance._id, followUp.ref),
          variables: followUp.variables,
          parent: { instanceId: instance._id, ref: followUp.ref },
        });
        await this.removeFollowUp(instance._id, followUp.id);
        return;
      }
      case 'cancelChild': {
        const childId = childInstanceIdFor(instance._id, followUp.ref);
        try {
          await this.transition(childId, { type: 'terminate', reason: followUp.reason }, { actor: SYSTEM });
        } catch (err) {
          if (!(err instanceof RejectedCommand) && !(err instanceof AppError && err.code === 'NOT_FOUND'))
            throw err;
        }
        await this.removeFollowUp(instance._id, followUp.id);
        return;
      }
      case 'notifyParent': {
        const command: Command =
          followUp.result === 'completed'
            ? { type: 'completeCallActivity', ref: followUp.ref, variables: followUp.variables ?? {} }
            : {
                type: 'failCallActivity',
                ref: followUp.ref,
                errorCode: followUp.errorCode ?? 'PROCESS_FAILED',
              };
        try {
          await this.transition(followUp.parentId, command, { actor: SYSTEM });
        } catch (err) {
          if (!(err instanceof RejectedCommand)) throw err;
        }
        await this.removeFollowUp(instance._id, followUp.id);
        return;
      }
    }
  }

  /** A transition that completes a follow-up; if the engine already moved on (a replay), just drop the follow-up. */
  private async transitionOrDrop(
    instanceId: Types.ObjectId,
    command: Command,
    followUpId: string,
  ): Promise<void> {
    try {
      await this.transition(instanceId, command, { actor: SYSTEM, resolvesFollowUp: followUpId });
    } catch (err) {
      if (!(err instanceof RejectedCommand)) throw err;
      await this.removeFollowUp(instanceId, followUpId);
    }
  }

  /** After a crash: finish every transition whose outbox or follow-ups were not done. */
  async recover(limit = 1000): Promise<number> {
    const pending = await this.models.Instance.find({ pending: true }, { _id: 1 }).limit(limit).lean();
    for (const { _id } of pending) await this.runFollowUps(_id);
    return pending.length;
  }
}

/** What a finished called process hands back to its caller: its variables and the stage data. */
function calledProcessResult(
  state: InstanceState,
  data: Record<string, unknown>,
  latest?: TransitionMeta['data'],
): Record<string, JsonValue> {
  const forms = latest ? { ...data, [latest.formId]: latest.values } : data;
  return { ...(state.variables ?? {}), forms: forms as JsonValue };
}
