import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A login session. Only the SHA-256 of the bearer token is stored, so reading the database does
 * not give anyone a usable token. Expired sessions are removed by the TTL index; revoked ones stay
 * until then so a revoked token is reported as such.
 */
const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    /** Why it ended before its time, so the user is told (services/sessions.ts). */
    revokedReason: { type: String },
    ip: { type: String },
    userAgent: { type: String },
  },
  { collection: 'sessions' },
);
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 60 * 60 });

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
export type SessionModel = Model<SessionDoc>;

export function sessionModel(conn: Connection): SessionModel {
  return (
    (conn.models.Session as SessionModel | undefined) ?? conn.model<SessionDoc>('Session', sessionSchema)
  );
}
