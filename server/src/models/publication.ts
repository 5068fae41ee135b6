import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * One deployment event that stored versions: a repository deploy, a studio publish or a rollback
 * (who, when, which versions). `seq` grows by one per event across every server process; the newest
 * `seq` is the cheap marker each process's CountyDirectory compares to know it must reload.
 */
const publicationSchema = new Schema(
  {
    seq: { type: Number, required: true },
    source: { type: String, enum: ['repository', 'studio'], required: true },
    action: { type: String, enum: ['deploy', 'publish', 'rollback'], required: true },
    /** The county a studio publish or rollback was for; absent for a repository deploy. */
    county: { type: String },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    note: { type: String },
    items: {
      type: [
        {
          _id: false,
          kind: { type: String, required: true },
          county: { type: String, required: true },
          artifactId: { type: String, required: true },
          version: { type: Number, required: true },
        },
      ],
      default: [],
    },
  },
  { collection: 'publications' },
);
publicationSchema.index({ seq: -1 }, { unique: true });
publicationSchema.index({ county: 1, seq: -1 });

export type PublicationDoc = InferSchemaType<typeof publicationSchema>;
export type PublicationModel = Model<PublicationDoc>;

export function publicationModel(conn: Connection): PublicationModel {
  return (
    (conn.models.Publication as PublicationModel | undefined) ??
    conn.model<PublicationDoc>('Publication', publicationSchema)
  );
}
