import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * An immutable, resolved artifact for one county: a form (Formily schema), a process (BPMN XML
 * plus its compiled definition) or the county's manifest itself. A new version is stored only when
 * the content hash changes; instances pin the form and process versions they started with.
 */
const deploymentSchema = new Schema(
  {
    kind: { type: String, enum: ['form', 'process', 'county'], required: true },
    county: { type: String, required: true },
    artifactId: { type: String, required: true },
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    /** Form: the resolved form object; process: the BPMN XML; county: the manifest. */
    content: { type: Schema.Types.Mixed, required: true },
    /** Form only: a valid filled record (preview, docs, tests). */
    example: { type: Schema.Types.Mixed },
    /** Process only: the engine's compiled, plain-data definition. */
    definition: { type: Schema.Types.Mixed },
    source: { type: String, enum: ['repository', 'studio'], default: 'repository' },
    /**
     * The hash of this artifact as the repository last had it when this version was stored (or when
     * a later repository deploy found the repository equal to it). Only this bookkeeping field ever
     * changes: it lets a repository deploy tell "the repository changed" from "the studio changed".
     */
    repositoryHash: { type: String },
    /** Why a studio version exists beyond "published", e.g. 恢复第 1 版. */
    note: { type: String },
    createdBy: { type: String, default: 'system' },
    createdAt: { type: Date, required: true },
  },
  { collection: 'deployments', minimize: false },
);
deploymentSchema.index({ kind: 1, county: 1, artifactId: 1, version: -1 }, { unique: true });
deploymentSchema.index({ kind: 1, county: 1, artifactId: 1, hash: 1 });

export type DeploymentDoc = InferSchemaType<typeof deploymentSchema>;
export type DeploymentModel = Model<DeploymentDoc>;

export function deploymentModel(conn: Connection): DeploymentModel {
  return (
    (conn.models.Deployment as DeploymentModel | undefined) ??
    conn.model<DeploymentDoc>('Deployment', deploymentSchema)
  );
}
