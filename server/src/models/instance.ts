import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A running stage of a project: the engine's plain-data state, a revision for optimistic
 * concurrency, the pinned deployment versions, and the outbox of database operations that the
 * last transition decided (written in the same document update as the state, applied
 * idempotently afterwards, replayed after a crash).
 */
const instanceSchema = new Schema(
  {
    county: { type: String, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    stageId: { type: String, required: true },
    /** Distinguishes parallel rounds of one stage (a monitoring round), '' otherwise. */
    round: { type: String, default: '' },
    processId: { type: String, required: true },
    processDeploymentId: { type: Schema.Types.ObjectId, required: true },
    /** formId → deployment id, fixed when the instance starts. */
    formDeployments: { type: Schema.Types.Mixed, default: {} },
    state: { type: Schema.Types.Mixed, required: true },
    rev: { type: Number, required: true },
    status: { type: String, enum: ['active', 'completed', 'terminated', 'failed'], required: true },
    /** The stage's main form data, as last submitted (reviewers see it read-only). */
    data: { type: Schema.Types.Mixed, default: {} },
    outbox: { type: [Schema.Types.Mixed], default: [] },
    /** Work to run after the outbox (service handlers, called processes), each cleared by the transition it leads to. */
    followUps: { type: [Schema.Types.Mixed], default: [] },
    pending: { type: Boolean, default: false },
    activeKey: { type: String, required: true },
    parent: { type: { _id: false, instanceId: Schema.Types.ObjectId, ref: String }, required: false },
    startedBy: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date },
    batchId: { type: String },
  },
  { collection: 'instances', minimize: false },
);
instanceSchema.index({ projectId: 1, stageId: 1, status: 1 });
instanceSchema.index({ county: 1, stageId: 1, status: 1 });
/** True while an outbox or follow-ups wait: the recovery job's entry point after a crash. */
instanceSchema.index({ pending: 1 });
/** 'active' while running, the instance id after: at most one running instance per project, stage and round. */
instanceSchema.index({ projectId: 1, stageId: 1, round: 1, activeKey: 1 }, { unique: true });

export type InstanceDoc = InferSchemaType<typeof instanceSchema>;
export type InstanceModel = Model<InstanceDoc>;

export function instanceModel(conn: Connection): InstanceModel {
  return (
    (conn.models.Instance as InstanceModel | undefined) ?? conn.model<InstanceDoc>('Instance', instanceSchema)
  );
}
