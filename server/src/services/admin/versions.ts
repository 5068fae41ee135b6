import type { CountyManifest, JsonObject } from '@pm/config';
import type { Models } from '../../models';
import type { DeployedKind } from '../deployments';
import type { ArtifactSource } from './repository-rule';

/** One stored version with its content, as the studio reads it. */
export interface StoredVersionDoc {
  kind: DeployedKind;
  county: string;
  artifactId: string;
  version: number;
  hash: string;
  content: unknown;
  example?: JsonObject;
  source: ArtifactSource;
  repositoryHash?: string;
  note?: string;
  createdBy: string;
  createdAt: Date;
}

/** A version in the history: everything but the content. */
export type VersionSummary = Omit<StoredVersionDoc, 'content' | 'example' | 'repositoryHash' | 'hash'>;

/** The newest version of each of a county's artifacts. */
export interface DeployedCounty {
  manifest?: StoredVersionDoc & { content: CountyManifest };
  forms: Map<string, StoredVersionDoc>;
  processes: Map<string, StoredVersionDoc>;
}

function toDoc(doc: Record<string, unknown>): StoredVersionDoc {
  return {
    kind: doc.kind as DeployedKind,
    county: doc.county as string,
    artifactId: doc.artifactId as string,
    version: doc.version as number,
    hash: doc.hash as string,
    content: doc.content,
    ...(doc.example ? { example: doc.example as JsonObject } : {}),
    source: (doc.source as ArtifactSource | undefined) ?? 'repository',
    ...(doc.repositoryHash ? { repositoryHash: doc.repositoryHash as string } : {}),
    ...(doc.note ? { note: doc.note as string } : {}),
    createdBy: (doc.createdBy as string | undefined) ?? 'system',
    createdAt: doc.createdAt as Date,
  };
}

/** Reads of the deployments collection that only the studio needs (history, old versions, a county's newest). */
export class VersionStore {
  constructor(private readonly models: Models) {}

  async deployedCounty(county: string): Promise<DeployedCounty> {
    const docs = await this.models.Deployment.find({ county }, { definition: 0 })
      .sort({ version: -1 })
      .lean();
    const result: DeployedCounty = { forms: new Map(), processes: new Map() };
    for (const raw of docs) {
      const doc = toDoc(raw as Record<string, unknown>);
      if (doc.kind === 'county') {
        result.manifest ??= doc as StoredVersionDoc & { content: CountyManifest };
        continue;
      }
      const byId = doc.kind === 'form' ? result.forms : result.processes;
      if (!byId.has(doc.artifactId)) byId.set(doc.artifactId, doc);
    }
    return result;
  }

  /** Every county that has a deployed manifest. */
  async countyIds(): Promise<string[]> {
    const ids = (await this.models.Deployment.distinct('county', { kind: 'county' })) as string[];
    return ids.sort();
  }

  async find(
    county: string,
    kind: DeployedKind,
    artifactId: string,
    version: number,
  ): Promise<StoredVersionDoc | undefined> {
    const doc = await this.models.Deployment.findOne(
      { county, kind, artifactId, version },
      { definition: 0 },
    ).lean();
    return doc ? toDoc(doc as Record<string, unknown>) : undefined;
  }

  /** A county's versions, newest first, optionally of one kind or one artifact. */
  async history(
    county: string,
    filter: { kind?: DeployedKind; artifactId?: string },
  ): Promise<VersionSummary[]> {
    const docs = await this.models.Deployment.find(
      { county, ...filter },
      { kind: 1, county: 1, artifactId: 1, version: 1, source: 1, note: 1, createdBy: 1, createdAt: 1 },
    )
      .sort({ kind: 1, artifactId: 1, version: -1 })
      .lean();
    return docs.map((raw) => {
      const { kind, artifactId, version, source, note, createdBy, createdAt } = toDoc({
        ...(raw as Record<string, unknown>),
        hash: '',
      });
      return { kind, county, artifactId, version, source, ...(note ? { note } : {}), createdBy, createdAt };
    });
  }
}
