import type { CountyManifest } from '@pm/config';
import type { JsonValue } from '@pm/engine';
import type { Types } from 'mongoose';
import type { Models } from '../../models';
import type { ProjectRecord } from '../projects';
import { audience } from './ids';

export interface ServiceContext {
  models: Models;
  county: CountyManifest;
  project: ProjectRecord;
  instance: { _id: Types.ObjectId; stageId: string; data: Record<string, Record<string, unknown>> };
  input: Record<string, JsonValue>;
  now: Date;
  /** Stable per invocation: use it to make the handler's writes idempotent. */
  invocationId: string;
}

/** A service task's work (pm:handler). Must be idempotent: a crash may run it again. */
export type ServiceHandler = (ctx: ServiceContext) => Promise<JsonValue | void>;

export const FUNDS_STATUS: Record<string, string> = {
  hold: '暂缓拨款',
  stop: '停止拨款',
  release: '恢复拨款',
  recover: '收回资金',
};

/** Handlers every county's processes may name; the configuration lint checks the names. */
export const builtInHandlers: Record<string, ServiceHandler> = {
  /**
   * Records the stage's result on the project: `status` becomes its label (e.g. "已批复"), `record`
   * names fields of the stage form to copy (e.g. ["conclusion"]), other keys are stored as given.
   * County rules read them later (a pre-assessment gate checks `stage.result.conclusion`).
   */
  async setProjectStatus({ models, project, instance, input }) {
    const set: Record<string, unknown> = {};
    const prefix = `stages.${instance.stageId}`;
    for (const [key, value] of Object.entries(input)) {
      if (key === 'status') set[`${prefix}.statusLabel`] = value;
      else if (key === 'record' && Array.isArray(value)) {
        // Fields are looked up across the stage's forms.
        const fields: Record<string, unknown> = Object.assign({}, ...Object.values(instance.data));
        for (const field of value.map(String)) set[`${prefix}.result.${field}`] = fields[field] ?? null;
      } else set[`${prefix}.result.${key}`] = value;
    }
    if (Object.keys(set).length > 0) await models.Project.updateOne({ _id: project._id }, { $set: set });
  },

  /**
   * 暂缓/停止拨款, 恢复拨款, 收回资金: `{action: "hold" | "stop" | "release" | "recover", reason}`.
   * Recorded on the stage (`result.fundsStatus`, `result.fundsReason`) and on the project
   * (`funds`, which the treasury and the project page read); returns `{fundsStatus}` for the
   * gateways after it. Setting the same values again is harmless, so a replay changes nothing.
   */
  async holdFunds({ models, project, instance, input, now }) {
    const action = String(input.action);
    const fundsStatus = FUNDS_STATUS[action];
    if (!fundsStatus) throw new Error(`未知的拨款处理方式：${action}（应为 hold、stop、release 或 recover）`);
    const reason = input.reason === undefined || input.reason === null ? '' : String(input.reason);
    const prefix = `stages.${instance.stageId}.result`;
    await models.Project.updateOne(
      { _id: project._id },
      {
        $set: {
          [`${prefix}.fundsStatus`]: fundsStatus,
          [`${prefix}.fundsReason`]: reason,
          funds: {
            status: fundsStatus,
            action,
            reason,
            stageId: instance.stageId,
            instanceId: instance._id,
            at: now,
          },
        },
      },
    );
    return { fundsStatus };
  },

  /** Stores a notification for the org units behind `roles` (default: the project's department). */
  async notify({ models, county, project, input, now, invocationId }) {
    const roles = Array.isArray(input.roles) ? input.roles.map(String) : ['declarant'];
    const units = new Set<string>();
    for (const role of roles) {
      for (const member of county.roles[role as keyof typeof county.roles] ?? []) {
        units.add(member === '$department' ? project.department : member);
      }
    }
    await models.Notification.collection
      .insertOne({
        _id: `service:${invocationId}`,
        county: county.id,
        audience: [...units].map((code) => audience.unit(county.id, code)),
        kind: 'process.notice',
        title: String(input.title ?? `「${project.name}」有新的办理通知`),
        body: input.body === undefined ? undefined : String(input.body),
        projectId: project._id,
        createdAt: now,
        readBy: [],
      } as never)
      .catch((err: { code?: number }) => {
        if (err.code !== 11000) throw err;
      });
  },
};
