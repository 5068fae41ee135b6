import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { Models } from '../../models';
import type { Clock } from '../clock';
import { chainKeyOf, GENESIS, linkHash, SYSTEM_CHAIN, type ChainLink } from './canonical';

/** One place the head claimed for an event, written onto the event afterwards. */
interface PendingLink {
  eventId: unknown;
  seq: number;
  prev: string;
  hash: string;
}

interface HeadDoc {
  _id: string;
  seq: number;
  hash: string;
  pending?: PendingLink[];
}

type RawEvent = Record<string, unknown> & { _id: unknown };

const BATCH = 500;
const MAX_LOST_RACES = 100;

/** Events not sealed yet are those without `chain.county` (the chain index holds them at null). */
export function unsealedFilter(chain?: string): Record<string, unknown> {
  if (chain === undefined) return { 'chain.county': null };
  if (chain !== SYSTEM_CHAIN) return { 'chain.county': null, county: chain };
  return {
    'chain.county': null,
    $or: [{ county: SYSTEM_CHAIN }, { county: '' }, { county: { $not: { $type: 'string' } } }],
  };
}

/**
 * Chains events after they were written. Writers insert events as they always did (derived ids,
 * idempotent replays); the sealer takes a county's unsealed events in a deterministic order
 * (time, instance sequence, id), numbers and hashes them after the chain's head, and claims those
 * places by advancing the head with one conditional update. Only then are the links written onto
 * the events; a crash in between leaves them in the head's `pending`, which the next sealer
 * finishes before anything else. The loser of a race between processes re-reads and retries, so
 * a chain never forks. In one process, concurrent requests for a chain share sealing runs.
 */
export class AuditSealer {
  private readonly runs = new Map<string, { current?: Promise<number>; next?: Promise<number> }>();

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Seals every event of the chain inserted before the call; resolves with how many this run sealed. */
  seal(chain: string): Promise<number> {
    let run = this.runs.get(chain);
    if (!run) this.runs.set(chain, (run = {}));
    if (run.next) return run.next;
    const state = run;
    const begin = (): Promise<number> => {
      const current: Promise<number> = this.sealChain(chain).finally(() => {
        if (state.current === current) state.current = undefined;
      });
      state.current = current;
      return current;
    };
    if (!state.current) return begin();
    // The run in flight may have read the unsealed events before the caller's was inserted: one
    // more run after it, shared by everyone who asks meanwhile.
    const next = state.current
      .catch(() => 0)
      .then(() => {
        state.next = undefined;
        return begin();
      });
    state.next = next;
    return next;
  }

  /** Sealing that never fails its caller: the events are durable, and the scheduler's tick retries. */
  async sealQuietly(chain: string): Promise<void> {
    await this.seal(chain).catch((err: unknown) =>
      this.logger.warn({ err, chain }, 'sealing audit events failed; the scheduler retries'),
    );
  }

  /** Every chain with unsealed events: the scheduler's tick, which heals a crash between insert and seal. */
  async sealAll(): Promise<number> {
    const waiting = await this.models.Event.collection
      .find(unsealedFilter(), { projection: { county: 1 } })
      .limit(BATCH * 4)
      .toArray();
    const heads = await this.models.AuditChain.collection
      .find({ 'pending.0': { $exists: true } }, { projection: { _id: 1 } })
      .toArray();
    const chains = new Set([...waiting.map(chainKeyOf), ...heads.map((h) => String(h._id))]);
    let sealed = 0;
    for (const chain of [...chains].sort()) sealed += await this.seal(chain);
    return sealed;
  }

  private async sealChain(chain: string): Promise<number> {
    const heads = this.models.AuditChain.collection as unknown as mongo.Collection<HeadDoc>;
    let sealed = 0;
    for (let lost = 0; lost < MAX_LOST_RACES;) {
      const head = await heads.findOne({ _id: chain });
      if (head?.pending?.length) await this.writeLinks(chain, head.pending);
      const events = (await this.models.Event.collection
        .find(unsealedFilter(chain))
        .sort({ at: 1, seq: 1, _id: 1 })
        .limit(BATCH)
        .toArray()) as RawEvent[];
      if (events.length === 0) {
        if (head?.pending?.length)
          await heads.updateOne({ _id: chain, seq: head.seq }, { $set: { pending: [] } });
        return sealed;
      }
      let seq = head?.seq ?? 0;
      let prev = head?.hash ?? GENESIS;
      const links: PendingLink[] = events.map((event) => {
        seq += 1;
        const hash = linkHash(event, { county: chain, seq, prev });
        const link = { eventId: event._id, seq, prev, hash };
        prev = hash;
        return link;
      });
      const updatedAt = this.clock.now();
      const advanced = head
        ? (
            await heads.updateOne(
              { _id: chain, seq: head.seq },
              { $set: { seq, hash: prev, pending: links, updatedAt } },
            )
          ).matchedCount === 1
        : await heads
            .insertOne({ _id: chain, county: chain, seq, hash: prev, pending: links, updatedAt } as HeadDoc)
            .then(
              () => true,
              (err: { code?: number }) => {
                if (err.code === 11000) return false;
                throw err;
              },
            );
      if (!advanced) {
        lost++; // another process sealed these first: read its head and go on from there
        continue;
      }
      await this.writeLinks(chain, links);
      await heads.updateOne({ _id: chain, seq }, { $set: { pending: [] } });
      sealed += links.length;
      if (events.length < BATCH) return sealed;
    }
    throw new Error(`audit chain ${chain}: lost ${MAX_LOST_RACES} sealing races in a row`);
  }

  private async writeLinks(chain: string, links: PendingLink[]): Promise<void> {
    // One command for the batch; a link already written (by another sealer finishing the same
    // batch) no longer matches `chain.county: null` and is left alone.
    await this.models.Event.collection.bulkWrite(
      links.map(({ eventId, seq, prev, hash }) => {
        const link: ChainLink = { county: chain, seq, prev, hash };
        return {
          updateOne: {
            filter: { _id: eventId as never, 'chain.county': null },
            update: { $set: { chain: link } },
          },
        };
      }),
      { ordered: false },
    );
  }
}
