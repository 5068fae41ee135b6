import type { JsonObject } from '@pm/config';
import type { ProcessDefinition } from '@pm/engine';
import type { Models } from '@pm/server/dist/models';

/** One stored version of a county's form or process. */
export interface DeployedArtifact {
  kind: 'form' | 'process';
  artifactId: string;
  version: number;
  /** Form: the resolved form; process: the BPMN XML. */
  content: unknown;
  definition?: ProcessDefinition;
  example?: JsonObject;
}

/**
 * A county's deployed artifacts: for each form and process, its newest version, or with `atVersion` its
 * newest version not above that number (versions count per artifact, so "version 2 of hailin" is every
 * artifact as it stood at its own version 2 or earlier).
 */
export async function deployedArtifacts(
  models: Models,
  county: string,
  atVersion?: number,
): Promise<DeployedArtifact[]> {
  // County manifests are deployed artifacts too (kind county); export and diff read forms and processes.
  const kinds = { county, kind: { $in: ['form', 'process'] } };
  const filter = atVersion === undefined ? kinds : { ...kinds, version: { $lte: atVersion } };
  const docs = await models.Deployment.find(filter).sort({ version: -1 }).lean();
  const newest = new Map<string, DeployedArtifact>();
  for (const doc of docs) {
    const key = `${doc.kind}\u0000${doc.artifactId}`;
    if (newest.has(key)) continue;
    newest.set(key, {
      kind: doc.kind as DeployedArtifact['kind'],
      artifactId: doc.artifactId,
      version: doc.version,
      content: doc.content,
      ...(doc.definition ? { definition: doc.definition as ProcessDefinition } : {}),
      ...(doc.example ? { example: doc.example as JsonObject } : {}),
    });
  }
  return [...newest.values()].sort((a, b) =>
    a.kind === b.kind ? (a.artifactId < b.artifactId ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
}
