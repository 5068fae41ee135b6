import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * 报送材料: what a 报送人大/政府/市财政 step left behind — one PDF with a cover listing the tables of the
 * project concerned. Keyed by the step's invocation, so a replayed step stores it once.
 */
const reportPackageSchema = new Schema(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    instanceId: { type: Schema.Types.ObjectId, required: true },
    stageId: { type: String, required: true },
    /** Who it goes to, e.g. 区人大, 市人大和市政府, 市财政部门. */
    recipient: { type: String, required: true },
    title: { type: String, required: true },
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    body: { type: Buffer, required: true },
    /** The cover's list: each table with the page it starts on. */
    contents: { type: [{ _id: false, title: String, project: String, page: Number }], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'report_packages', minimize: false },
);
reportPackageSchema.index({ instanceId: 1, createdAt: 1 });
reportPackageSchema.index({ county: 1, createdAt: -1 });

export type ReportPackageDoc = InferSchemaType<typeof reportPackageSchema>;
export type ReportPackageModel = Model<ReportPackageDoc>;

export function reportPackageModel(conn: Connection): ReportPackageModel {
  return (
    (conn.models.ReportPackage as ReportPackageModel | undefined) ??
    conn.model<ReportPackageDoc>('ReportPackage', reportPackageSchema)
  );
}
