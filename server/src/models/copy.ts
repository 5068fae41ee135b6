import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * 抄送: one record per task and recipient (a user or an org unit, as an audience key), so 抄送我的 is
 * one index range per key, and read status is per person (`readBy`).
 */
const copySchema = new Schema(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    taskId: { type: Schema.Types.ObjectId, required: true },
    instanceId: { type: Schema.Types.ObjectId, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    to: { type: String, required: true },
    from: { type: String, required: true },
    comment: { type: String },
    createdAt: { type: Date, required: true },
    readBy: { type: [String], default: [] },
  },
  { collection: 'copies' },
);
copySchema.index({ to: 1, createdAt: -1 });
copySchema.index({ taskId: 1 });

export type CopyDoc = InferSchemaType<typeof copySchema>;
export type CopyModel = Model<CopyDoc>;

export function copyModel(conn: Connection): CopyModel {
  return (conn.models.Copy as CopyModel | undefined) ?? conn.model<CopyDoc>('Copy', copySchema);
}
