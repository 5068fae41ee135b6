import type { Models } from '../../models';

export interface PublicationItem {
  kind: 'form' | 'process' | 'county';
  county: string;
  artifactId: string;
  version: number;
}

export interface PublicationRecord {
  seq: number;
  source: 'repository' | 'studio';
  action: 'deploy' | 'publish' | 'rollback';
  county?: string;
  actor: string;
  at: Date;
  note?: string;
  items: PublicationItem[];
}

const ATTEMPTS = 20;

/**
 * The log of deployment events. Every event that stores a version appends one record with the next
 * `seq`; two processes appending at once collide on the unique index and the loser takes the next
 * number, so `seq` orders events across processes and its newest value is a cheap change marker.
 */
export class PublicationLog {
  constructor(private readonly models: Models) {}

  async record(entry: Omit<PublicationRecord, 'seq'>): Promise<PublicationRecord> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const seq = (await this.marker()) + 1;
      try {
        await this.models.Publication.create({ ...entry, seq });
        return { ...entry, seq };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    }
    throw new Error('publication log: could not take a sequence number');
  }

  /** The newest sequence number, 0 before the first deployment: one index lookup. */
  async marker(): Promise<number> {
    const newest = await this.models.Publication.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean();
    return newest?.seq ?? 0;
  }

  /** A county's events, newest first: its studio publishes and rollbacks and the repository deploys that touched it. */
  async forCounty(county: string, limit = 50): Promise<PublicationRecord[]> {
    const docs = await this.models.Publication.find({ $or: [{ county }, { 'items.county': county }] })
      .sort({ seq: -1 })
      .limit(limit)
      .lean();
    return docs.map((doc) => ({
      seq: doc.seq,
      source: doc.source,
      action: doc.action,
      ...(doc.county ? { county: doc.county } : {}),
      actor: doc.actor,
      at: doc.at,
      ...(doc.note ? { note: doc.note } : {}),
      items: doc.items
        .filter((item) => item.county === county)
        .map((item) => ({
          kind: item.kind as PublicationItem['kind'],
          county: item.county,
          artifactId: item.artifactId,
          version: item.version,
        })),
    }));
  }
}
