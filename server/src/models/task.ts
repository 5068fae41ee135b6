import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A user task. Candidates are resolved once, at creation, from the county's roles to org units
 * (`$department` → the project's own department), so later changes to a manifest do not move
 * open work. `audience` is who has the task in their inbox now (every candidate, or only the
 * assignee once claimed): one indexed list, so the inbox is a plain index range.
 */
const taskSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    instanceId: { type: Schema.Types.ObjectId, required: true, index: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    county: { type: String, required: true },
    stageId: { type: String, required: true },
    taskRef: { type: String, required: true },
    elementId: { type: String, required: true },
    name: { type: String, required: true },
    formId: { type: String },
    formDeploymentId: { type: Schema.Types.ObjectId },
    mode: { type: String, enum: ['edit', 'review'], required: true },
    candidateRoles: { type: [String], default: [] },
    candidateUnits: { type: [String], default: [] },
    candidateUsers: { type: [String], default: [] },
    audience: { type: [String], default: [] },
    /** Every candidate's key, kept while the task is claimed so releasing it restores the audience. */
    candidateAudience: { type: [String], default: [] },
    assignee: { type: String },
    claimedAt: { type: Date },
    outcomes: { type: [{ _id: false, id: String, label: String }], default: [] },
    reviewPoints: { type: [String], default: [] },
    multiInstance: { type: Schema.Types.Mixed },
    status: { type: String, enum: ['open', 'completed', 'cancelled'], required: true },
    due: { type: Date },
    overdueNotifiedAt: { type: Date },
    draft: { type: Schema.Types.Mixed },
    draftSavedAt: { type: Date },
    draftSavedBy: { type: String },
    data: { type: Schema.Types.Mixed },
    outcome: { type: String },
    comment: { type: String },
    completedBy: { type: String },
    completedAt: { type: Date },
    cancelReason: { type: String },
    /** 委派: {owner, delegate, status: pending|resolved}; while pending only the delegate holds the task. */
    delegation: { type: Schema.Types.Mixed },
    /** 催办: the last reminder, at most one per the county's interval. */
    remindedAt: { type: Date },
    /** 撤回: the completion was taken back and the step reopened as a new task. */
    withdrawnAt: { type: Date },
    createdAt: { type: Date, required: true },
    /** For the inbox list without loading the project. */
    projectName: { type: String },
    year: { type: Number },
  },
  { collection: 'tasks', minimize: false },
);
taskSchema.index({ audience: 1, status: 1, due: 1 });
taskSchema.index({ completedBy: 1, completedAt: -1 });
taskSchema.index({ status: 1, due: 1 });
taskSchema.index({ projectId: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export type TaskModel = Model<TaskDoc>;

export function taskModel(conn: Connection): TaskModel {
  return (conn.models.Task as TaskModel | undefined) ?? conn.model<TaskDoc>('Task', taskSchema);
}
