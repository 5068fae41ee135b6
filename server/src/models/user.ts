import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * System roles; business roles (first-reviewer, approver, ...) come from the county manifest via the
 * org unit. `superadmin` and `admin` are 系统管理员 (the platform's and a county's), `security-admin`
 * is 安全管理员 and `auditor` is 安全审计员: 三员分立 forbids one account holding two of the three
 * (services/system-roles.ts).
 */
export const SYSTEM_ROLES = ['superadmin', 'admin', 'security-admin', 'auditor'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];

const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true, trim: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, required: true },
    /** Hashes of the passwords before the current one, newest first (the policy refuses reusing them). */
    passwordHistory: { type: [String], default: [] },
    passwordChangedAt: { type: Date },
    /** Set at creation and by a reset: the one-time password must be replaced at the next login. */
    mustChangePassword: { type: Boolean, default: false },
    /** Absent for the superadmin, the 安全管理员 and a platform-wide 安全审计员, who belong to no county. */
    county: { type: String, index: true },
    orgUnit: { type: String },
    systemRoles: { type: [String], enum: SYSTEM_ROLES, default: [] },
    active: { type: Boolean, default: true },
    demo: { type: Boolean, default: false },
    lastLoginAt: { type: Date },
    createdBy: { type: String },
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ county: 1, orgUnit: 1 });
userSchema.index({ systemRoles: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;
export type UserModel = Model<UserDoc>;

export function userModel(conn: Connection): UserModel {
  return (conn.models.User as UserModel | undefined) ?? conn.model<UserDoc>('User', userSchema);
}
