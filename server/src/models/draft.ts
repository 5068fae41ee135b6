import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * Work in progress of the studio, one per county and artifact, until it is published (then removed).
 * County: the whole manifest; form: the JSON Merge Patch against the repository's base form (never
 * the resolved form, so a later change of the base still reaches the county); process: BPMN XML.
 */
const draftSchema = new Schema(
  {
    county: { type: String, required: true },
    kind: { type: String, enum: ['county', 'form', 'process'], required: true },
    /** Form or process id; the county id for a manifest. */
    artifactId: { type: String, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    /** The deployed version the draft started from (0: none), to show what it changes. */
    basedOn: { type: Number, default: 0 },
    /** Grows with every save: a publish removes only the draft revision it published. */
    rev: { type: Number, default: 0 },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'drafts', minimize: false },
);
draftSchema.index({ county: 1, kind: 1, artifactId: 1 }, { unique: true });

export type DraftDoc = InferSchemaType<typeof draftSchema>;
export type DraftModel = Model<DraftDoc>;

export function draftModel(conn: Connection): DraftModel {
  return (conn.models.Draft as DraftModel | undefined) ?? conn.model<DraftDoc>('Draft', draftSchema);
}
