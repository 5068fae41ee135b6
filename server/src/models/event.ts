import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * The append-only audit trail. Ids are derived from the instance and its revision, so replaying a
 * transition's outbox after a crash cannot write an event twice. Writers insert events without
 * `chain`; the sealer (services/audit) adds it afterwards: the event's place in its county's hash
 * chain. Anyone may insert events (account administration does, without an instance).
 */
const eventSchema = new Schema(
  {
    _id: { type: String, required: true },
    instanceId: { type: Schema.Types.ObjectId, index: true },
    projectId: { type: Schema.Types.ObjectId, index: true },
    county: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    taskId: { type: Schema.Types.ObjectId },
    taskName: { type: String },
    outcome: { type: String },
    outcomeLabel: { type: String },
    comment: { type: String },
    details: { type: Schema.Types.Mixed },
    seq: { type: Number, required: true },
    chain: {
      type: new Schema(
        {
          county: { type: String, required: true },
          seq: { type: Number, required: true },
          prev: { type: String, required: true },
          hash: { type: String, required: true },
        },
        { _id: false },
      ),
      required: false,
    },
  },
  { collection: 'events', minimize: false },
);
eventSchema.index({ instanceId: 1, seq: 1 });
// Walking a chain, a neighbour's lookup, and (at chain.county null) the events not sealed yet.
eventSchema.index({ 'chain.county': 1, 'chain.seq': 1 });
// Two events can never hold one place in a chain, whatever a sealer does.
eventSchema.index(
  { 'chain.seq': 1, 'chain.county': 1 },
  { unique: true, partialFilterExpression: { 'chain.seq': { $exists: true } } },
);
// The audit viewer (services/audit-log.ts): newest first, optionally one county or one actor.
eventSchema.index({ at: -1 });
eventSchema.index({ county: 1, at: -1 });
eventSchema.index({ actor: 1, at: -1 });

export type EventDoc = InferSchemaType<typeof eventSchema>;
export type EventModel = Model<EventDoc>;

export function eventModel(conn: Connection): EventModel {
  return (conn.models.Event as EventModel | undefined) ?? conn.model<EventDoc>('Event', eventSchema);
}
