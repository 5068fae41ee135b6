import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * The append-only audit trail. Ids are derived from the instance and its revision, so replaying a
 * transition's outbox after a crash cannot write an event twice.
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
  },
  { collection: 'events', minimize: false },
);
eventSchema.index({ instanceId: 1, seq: 1 });

export type EventDoc = InferSchemaType<typeof eventSchema>;
export type EventModel = Model<EventDoc>;

export function eventModel(conn: Connection): EventModel {
  return (conn.models.Event as EventModel | undefined) ?? conn.model<EventDoc>('Event', eventSchema);
}
