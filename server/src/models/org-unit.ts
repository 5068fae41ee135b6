import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const orgUnitSchema = new Schema(
  {
    county: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    readOnly: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'orgUnits' },
);
orgUnitSchema.index({ county: 1, code: 1 }, { unique: true });

export type OrgUnitDoc = InferSchemaType<typeof orgUnitSchema>;
export type OrgUnitModel = Model<OrgUnitDoc>;

export function orgUnitModel(conn: Connection): OrgUnitModel {
  return (
    (conn.models.OrgUnit as OrgUnitModel | undefined) ?? conn.model<OrgUnitDoc>('OrgUnit', orgUnitSchema)
  );
}
