import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** System roles; business roles (first-reviewer, approver, ...) come from the county manifest via the org unit. */
export const SYSTEM_ROLES = ['superadmin', 'admin'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];

const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true, trim: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, required: true },
    /** Absent only for a superadmin, who belongs to no county. */
    county: { type: String, index: true },
    orgUnit: { type: String },
    systemRoles: { type: [String], enum: SYSTEM_ROLES, default: [] },
    active: { type: Boolean, default: true },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ county: 1, orgUnit: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;
export type UserModel = Model<UserDoc>;

export function userModel(conn: Connection): UserModel {
  return (conn.models.User as UserModel | undefined) ?? conn.model<UserDoc>('User', userSchema);
}
