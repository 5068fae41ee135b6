import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Models } from '../../models';
import type { Clock } from '../clock';
import { chainKeyOf } from './canonical';
import { AuditSealer } from './sealer';
import { verifyChains, verifyHistory, type AuditReport, type HistoryIntegrity } from './verify';

/** What anyone may record: an action by an actor, in a county or (without one) in the system chain. */
export interface AuditEventInput {
  /** Give a derived id when the caller may retry: a second insert of the same id records nothing. */
  _id?: string;
  county?: string;
  actor: string;
  action: string;
  at?: Date;
  instanceId?: unknown;
  projectId?: unknown;
  taskId?: unknown;
  taskName?: string;
  details?: Record<string, unknown>;
  /** Order within an instance's history (the runtime's rev × 1000 + n); 0 when there is no instance. */
  seq?: number;
  [field: string]: unknown;
}

/**
 * The audit trail as a service: record an event (inserted, then sealed into its county's chain),
 * seal what other writers inserted, and verify. Account administration and any other module
 * record through `record`, or insert into `events` directly and let the next seal pick it up.
 */
export class AuditTrail {
  private readonly sealer: AuditSealer;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.sealer = new AuditSealer(models, clock, logger);
  }

  /** Inserts the event (a duplicate id means it is already recorded) and seals its chain. */
  async record(input: AuditEventInput): Promise<{ id: string }> {
    const at = input.at ?? this.clock.now();
    const id = input._id ?? `${input.action}:${at.getTime()}:${randomUUID()}`;
    const doc = { ...input, _id: id, at, seq: input.seq ?? 0 };
    await this.models.Event.collection.insertOne(doc as never).catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err;
    });
    await this.sealer.sealQuietly(chainKeyOf(doc));
    return { id: doc._id };
  }

  /** Seals the chain's unsealed events (awaited by the write paths; never throws). */
  seal(county: string): Promise<void> {
    return this.sealer.sealQuietly(county);
  }

  /** Seals every chain with unsealed events; the scheduler's tick. */
  sealAll(): Promise<number> {
    return this.sealer.sealAll();
  }

  /** The per-event verdict for a history (content and links of the events shown). */
  verifyHistory(events: Record<string, unknown>[]): Promise<HistoryIntegrity> {
    return verifyHistory(this.models, events, { now: this.clock.now() });
  }

  /** Every chain recomputed from its first event (what `pm audit verify` runs). */
  verifyChains(options: { county?: string; unsealedMinutes?: number } = {}): Promise<AuditReport> {
    return verifyChains(this.models, { ...options, now: this.clock.now() });
  }
}
