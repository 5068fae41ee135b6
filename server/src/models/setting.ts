import { Schema, type Connection, type Model } from 'mongoose';

/** Platform-wide settings that are not a county's (the password policy), one document per key. */
const settingSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'settings', minimize: false },
);

export interface SettingDoc {
  _id: string;
  value: unknown;
  updatedAt: Date;
  updatedBy: string;
}
export type SettingModel = Model<SettingDoc>;

export function settingModel(conn: Connection): SettingModel {
  return (
    (conn.models.Setting as SettingModel | undefined) ?? conn.model<SettingDoc>('Setting', settingSchema)
  );
}
