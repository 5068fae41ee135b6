import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** A pending engine timer. Any server process may fire it after claiming its lease. */
const timerSchema = new Schema(
  {
    _id: { type: String, required: true },
    instanceId: { type: Schema.Types.ObjectId, required: true },
    timerRef: { type: String, required: true },
    elementId: { type: String },
    fireAt: { type: Date, required: true },
    status: { type: String, enum: ['scheduled', 'fired', 'cancelled'], required: true },
    leaseOwner: { type: String },
    leaseUntil: { type: Date },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
  },
  { collection: 'timers' },
);
timerSchema.index({ status: 1, fireAt: 1 });

export type TimerDoc = InferSchemaType<typeof timerSchema>;
export type TimerModel = Model<TimerDoc>;

export function timerModel(conn: Connection): TimerModel {
  return (conn.models.Timer as TimerModel | undefined) ?? conn.model<TimerDoc>('Timer', timerSchema);
}
