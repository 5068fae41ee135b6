import type { Types } from 'mongoose';
import type { Models } from '../../models';
import type { Clock } from '../clock';

export type DraftKind = 'county' | 'form' | 'process';

export interface Draft {
  _id: Types.ObjectId;
  county: string;
  kind: DraftKind;
  artifactId: string;
  content: unknown;
  basedOn: number;
  rev: number;
  updatedBy: string;
  updatedAt: Date;
}

/** A county's drafts by kind and artifact. */
export interface CountyDrafts {
  manifest?: Draft;
  forms: Map<string, Draft>;
  processes: Map<string, Draft>;
  all: Draft[];
}

export class DraftStore {
  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
  ) {}

  async ofCounty(county: string): Promise<CountyDrafts> {
    const all = (await this.models.Draft.find({ county }).sort({ kind: 1, artifactId: 1 }).lean()) as Draft[];
    return {
      manifest: all.find((draft) => draft.kind === 'county'),
      forms: new Map(all.filter((d) => d.kind === 'form').map((d) => [d.artifactId, d])),
      processes: new Map(all.filter((d) => d.kind === 'process').map((d) => [d.artifactId, d])),
      all,
    };
  }

  /** Counties that exist only as a draft manifest so far (created in the studio, not yet published). */
  async draftCountyIds(): Promise<string[]> {
    return (await this.models.Draft.distinct('county', { kind: 'county' })) as string[];
  }

  async save(
    county: string,
    kind: DraftKind,
    artifactId: string,
    content: unknown,
    basedOn: number,
    actor: string,
  ): Promise<Draft> {
    const saved = await this.models.Draft.findOneAndUpdate(
      { county, kind, artifactId },
      { $set: { content, basedOn, updatedBy: actor, updatedAt: this.clock.now() }, $inc: { rev: 1 } },
      { upsert: true, new: true },
    ).lean();
    return saved as Draft;
  }

  async remove(county: string, kind: DraftKind, artifactId: string): Promise<boolean> {
    const result = await this.models.Draft.deleteOne({ county, kind, artifactId });
    return result.deletedCount > 0;
  }

  /**
   * Removes these drafts as they were read, e.g. those a publish took in. A draft saved again in the
   * meantime is newer than what was read, so it stays (matched on its revision).
   */
  async removeAsRead(drafts: Draft[]): Promise<void> {
    await Promise.all(drafts.map((draft) => this.models.Draft.deleteOne({ _id: draft._id, rev: draft.rev })));
  }
}
