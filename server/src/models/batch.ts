import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** A batch start of one stage for many projects (a monitoring round across a county), pollable. */
const batchSchema = new Schema(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    stageId: { type: String, required: true },
    round: { type: String, default: '' },
    projectIds: { type: [Schema.Types.ObjectId], required: true },
    due: { type: Date },
    status: { type: String, enum: ['running', 'finished'], required: true },
    started: { type: [Schema.Types.Mixed], default: [] },
    failed: { type: [Schema.Types.Mixed], default: [] },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date },
  },
  { collection: 'batches' },
);

export type BatchDoc = InferSchemaType<typeof batchSchema>;
export type BatchModel = Model<BatchDoc>;

export function batchModel(conn: Connection): BatchModel {
  return (conn.models.Batch as BatchModel | undefined) ?? conn.model<BatchDoc>('Batch', batchSchema);
}
