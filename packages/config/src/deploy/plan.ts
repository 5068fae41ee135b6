import { contentHash, type JsonObject } from '../artifacts';
import type { ResolvedCounty } from '../lint/resolve-county';

export type ArtifactKind = 'form' | 'process';

/** One resolved artifact of one county, as it would be stored: what the hash covers and what goes beside it. */
export interface DeploymentCandidate<D = unknown> {
  kind: ArtifactKind;
  county: string;
  artifactId: string;
  /** Form: the resolved form; process: the diagram's XML. */
  content: unknown;
  /** Process only: the engine's compiled definition. */
  definition?: D;
  /** Form only: the example record, part of the form's version. */
  example?: JsonObject;
  hash: string;
}

/** The newest stored version of one artifact of one county. */
export interface StoredVersion {
  kind: ArtifactKind;
  county: string;
  artifactId: string;
  hash: string;
  version: number;
}

export interface DeploymentPlanItem {
  kind: ArtifactKind;
  county: string;
  artifactId: string;
  hash: string;
  /** create: store `version` as a new immutable version; unchanged: `version` is the stored one. */
  action: 'create' | 'unchanged';
  version: number;
}

/** The example record belongs to the form: a changed example is a new version too. */
export function deploymentHash(content: unknown, example?: JsonObject): string {
  return contentHash(example ? { content, example } : content);
}

/** What each county would store: its processes (XML + definition) and its resolved forms (+ example). */
export function deploymentCandidates<D>(counties: readonly ResolvedCounty<D>[]): DeploymentCandidate<D>[] {
  const candidates: DeploymentCandidate<D>[] = [];
  for (const { county, processes, forms } of counties) {
    for (const process of processes) {
      candidates.push({
        kind: 'process',
        county: county.id,
        artifactId: process.processId,
        content: process.xml,
        definition: process.definition,
        hash: deploymentHash(process.xml),
      });
    }
    for (const form of forms) {
      candidates.push({
        kind: 'form',
        county: county.id,
        artifactId: form.formId,
        content: form.form,
        ...(form.example ? { example: form.example } : {}),
        hash: deploymentHash(form.form, form.example),
      });
    }
  }
  return candidates;
}

export function artifactKey(item: Pick<StoredVersion, 'kind' | 'county' | 'artifactId'>): string {
  return `${item.kind}\u0000${item.county}\u0000${item.artifactId}`;
}

/**
 * A new version only where the resolved content's hash differs from the newest stored one (Camunda's rule:
 * publishing the same content twice changes nothing). Running instances keep the versions they pinned.
 */
export function planDeployment(
  candidates: readonly Pick<DeploymentCandidate, 'kind' | 'county' | 'artifactId' | 'hash'>[],
  latest: readonly StoredVersion[],
): DeploymentPlanItem[] {
  const newest = new Map<string, StoredVersion>();
  for (const stored of latest) {
    const key = artifactKey(stored);
    const known = newest.get(key);
    if (!known || stored.version > known.version) newest.set(key, stored);
  }
  return candidates.map(({ kind, county, artifactId, hash }) => {
    const stored = newest.get(artifactKey({ kind, county, artifactId }));
    return stored?.hash === hash
      ? { kind, county, artifactId, hash, action: 'unchanged', version: stored.version }
      : { kind, county, artifactId, hash, action: 'create', version: (stored?.version ?? 0) + 1 };
  });
}
