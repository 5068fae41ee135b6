import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A batch start of one stage for many projects (a monitoring round across a county), pollable. The
 * batch document stays small and is written three times (created, due date, finished); each project's
 * outcome is its own `batchItems` document, so a round of thousands of projects costs the journal one
 * small write per project instead of rewriting a growing batch document at every step.
 */
const batchSchema = new Schema(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    stageId: { type: String, required: true },
    round: { type: String, default: '' },
    total: { type: Number, required: true },
    due: { type: Date },
    status: { type: String, enum: ['running', 'finished'], required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date },
  },
  { collection: 'batches' },
);
batchSchema.index({ county: 1, stageId: 1, round: 1 });

/** One project of a batch: pending until its stage was started (or refused, with the reason). */
const batchItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    batchId: { type: String, required: true },
    /** Order of the project in the request, so a resumed batch goes on where it stopped. */
    position: { type: Number, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['pending', 'started', 'failed'], required: true },
    instanceId: { type: Schema.Types.ObjectId },
    code: { type: String },
    message: { type: String },
  },
  { collection: 'batchItems' },
);
batchItemSchema.index({ batchId: 1, position: 1 });
batchItemSchema.index({ batchId: 1, status: 1 });

export type BatchDoc = InferSchemaType<typeof batchSchema>;
export type BatchModel = Model<BatchDoc>;
export type BatchItemDoc = InferSchemaType<typeof batchItemSchema>;
export type BatchItemModel = Model<BatchItemDoc>;

export function batchModel(conn: Connection): BatchModel {
  return (conn.models.Batch as BatchModel | undefined) ?? conn.model<BatchDoc>('Batch', batchSchema);
}

export function batchItemModel(conn: Connection): BatchItemModel {
  return (
    (conn.models.BatchItem as BatchItemModel | undefined) ??
    conn.model<BatchItemDoc>('BatchItem', batchItemSchema)
  );
}
