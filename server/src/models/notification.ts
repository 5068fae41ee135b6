import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** Stored notifications (待办提醒, 逾期提醒, process notices), addressed like tasks by audience. */
const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    audience: { type: [String], required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String },
    taskId: { type: Schema.Types.ObjectId },
    projectId: { type: Schema.Types.ObjectId },
    createdAt: { type: Date, required: true },
    readBy: { type: [String], default: [] },
  },
  { collection: 'notifications' },
);
notificationSchema.index({ audience: 1, createdAt: -1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema>;
export type NotificationModel = Model<NotificationDoc>;

export function notificationModel(conn: Connection): NotificationModel {
  return (
    (conn.models.Notification as NotificationModel | undefined) ??
    conn.model<NotificationDoc>('Notification', notificationSchema)
  );
}
