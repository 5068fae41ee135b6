import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A list export that runs after its request (a workbook of many projects): progress that any app
 * process can answer, then the file. Removed a day after it was started.
 */
const exportJobSchema = new Schema(
  {
    _id: { type: String, required: true },
    createdBy: { type: String, required: true },
    status: { type: String, enum: ['running', 'done', 'failed'], required: true },
    done: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    filename: { type: String },
    contentType: { type: String },
    body: { type: Buffer },
    message: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'export_jobs', minimize: false },
);
exportJobSchema.index({ createdAt: 1 }, { expireAfterSeconds: 24 * 60 * 60 });

export type ExportJobDoc = InferSchemaType<typeof exportJobSchema>;
export type ExportJobModel = Model<ExportJobDoc>;

export function exportJobModel(conn: Connection): ExportJobModel {
  return (
    (conn.models.ExportJob as ExportJobModel | undefined) ??
    conn.model<ExportJobDoc>('ExportJob', exportJobSchema)
  );
}
