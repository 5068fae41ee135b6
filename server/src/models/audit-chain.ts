import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * The head of one county's audit chain (`_id` is the county, or `system`): the last sealed
 * position and its hash. Sealers advance it with a conditional update on `seq`, so concurrent
 * sealers in several processes cannot fork a chain. `pending` is the batch the last advance
 * claimed, written onto its events afterwards: a sealer that finds it there finishes it first
 * (the outbox pattern of the workflow runtime, for the same reason: no transactions).
 */
const auditChainSchema = new Schema(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    pending: {
      type: [
        {
          _id: false,
          eventId: { type: Schema.Types.Mixed, required: true },
          seq: { type: Number, required: true },
          prev: { type: String, required: true },
          hash: { type: String, required: true },
        },
      ],
      default: [],
    },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'auditChains', minimize: false },
);

export type AuditChainDoc = InferSchemaType<typeof auditChainSchema>;
export type AuditChainModel = Model<AuditChainDoc>;

export function auditChainModel(conn: Connection): AuditChainModel {
  return (
    (conn.models.AuditChain as AuditChainModel | undefined) ??
    conn.model<AuditChainDoc>('AuditChain', auditChainSchema)
  );
}
