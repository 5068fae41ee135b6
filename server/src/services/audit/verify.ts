import type { mongo } from 'mongoose';
import type { Models } from '../../models';
import { chainKeyOf, GENESIS, linkHash, type ChainLink } from './canonical';
import { unsealedFilter } from './sealer';

/** How long an event may wait for its seal before that counts as a break (the scheduler seals within seconds). */
export const DEFAULT_UNSEALED_MINUTES = 10;

export type ProblemKind = 'content-altered' | 'link-broken' | 'missing' | 'duplicate' | 'head' | 'unsealed';

export interface ChainProblem {
  county: string;
  seq: number | null;
  eventId: string | null;
  kind: ProblemKind;
  /** Chinese, for people: what is wrong and where. */
  message: string;
}

export interface ChainReport {
  county: string;
  /** Events whose content and link were recomputed and found intact (up to the first problem). */
  verified: number;
  /** Events not sealed yet (inserted moments ago, or left by a crash for the next tick). */
  unsealed: number;
  headSeq: number;
  headHash: string;
  problem?: ChainProblem;
}

export interface AuditReport {
  ok: boolean;
  verified: number;
  unsealed: number;
  chains: ChainReport[];
}

type RawEvent = Record<string, unknown> & { _id: unknown; chain?: Partial<ChainLink> | null };

interface HeadDoc {
  _id: string;
  seq: number;
  hash: string;
  pending?: { eventId: unknown; seq: number; prev: string; hash: string }[];
}

function events(models: Models): mongo.Collection<RawEvent> {
  return models.Event.collection as unknown as mongo.Collection<RawEvent>;
}

function heads(models: Models): mongo.Collection<HeadDoc> {
  return models.AuditChain.collection as unknown as mongo.Collection<HeadDoc>;
}

function isLink(chain: RawEvent['chain']): chain is ChainLink {
  return (
    !!chain &&
    typeof chain.county === 'string' &&
    typeof chain.seq === 'number' &&
    typeof chain.prev === 'string' &&
    typeof chain.hash === 'string'
  );
}

/** Checks one link against the one before it: the first thing wrong, or nothing. */
function checkLink(
  event: RawEvent,
  link: ChainLink,
  expected: { seq: number; prev: string },
): Omit<ChainProblem, 'county'> | undefined {
  const eventId = String(event._id);
  if (link.seq < expected.seq)
    return {
      seq: link.seq,
      eventId,
      kind: 'duplicate',
      message: `第 ${link.seq} 条记录重复出现（链被分叉或记录被复制）`,
    };
  if (link.seq > expected.seq)
    return {
      seq: expected.seq,
      eventId: null,
      kind: 'missing',
      message:
        link.seq === expected.seq + 1
          ? `第 ${expected.seq} 条记录缺失（可能被删除）`
          : `第 ${expected.seq} 至 ${link.seq - 1} 条记录缺失（可能被删除）`,
    };
  if (link.prev !== expected.prev)
    return {
      seq: link.seq,
      eventId,
      kind: 'link-broken',
      message: `第 ${link.seq} 条记录与前一条的链接断开（前一条记录可能被改动、替换或删除）`,
    };
  if (linkHash(event, link) !== link.hash)
    return { seq: link.seq, eventId, kind: 'content-altered', message: `第 ${link.seq} 条记录内容被改动` };
  return undefined;
}

/**
 * Walks one chain from its first event: every event's hash recomputed from its content and its
 * link to the one before checked, then the head compared with the last event. Read-only: a batch
 * a crashed sealer left in the head's `pending` is checked as if written, and counted unsealed.
 */
async function verifyChain(models: Models, county: string): Promise<ChainReport> {
  const head = await heads(models).findOne({ _id: county });
  const report: ChainReport = {
    county,
    verified: 0,
    unsealed: 0,
    headSeq: head?.seq ?? 0,
    headHash: head?.hash ?? GENESIS,
  };
  const overlay = new Map<number, { event: RawEvent; link: ChainLink }>();
  if (head?.pending?.length) {
    const waiting = await events(models)
      .find({ _id: { $in: head.pending.map((p) => p.eventId) } as never, ...unsealedFilter() })
      .toArray();
    const byId = new Map(waiting.map((e) => [String(e._id), e]));
    for (const p of head.pending) {
      const event = byId.get(String(p.eventId));
      if (event) overlay.set(p.seq, { event, link: { county, seq: p.seq, prev: p.prev, hash: p.hash } });
    }
  }
  const expected = { seq: 1, prev: GENESIS };
  const fail = (problem: Omit<ChainProblem, 'county'>) => {
    report.problem = { county, ...problem };
    return report;
  };
  const take = (event: RawEvent, link: ChainLink, sealed: boolean) => {
    const problem = checkLink(event, link, expected);
    if (problem) return problem;
    if (sealed) report.verified++;
    else report.unsealed++;
    expected.seq = link.seq + 1;
    expected.prev = link.hash;
    return undefined;
  };
  const drain = (below: number) => {
    for (const seq of [...overlay.keys()].sort((a, b) => a - b)) {
      if (seq >= below) break;
      const { event, link } = overlay.get(seq)!;
      overlay.delete(seq);
      const problem = take(event, link, false);
      if (problem) return problem;
    }
    return undefined;
  };
  const cursor = events(models).find({ 'chain.county': county }).sort({ 'chain.seq': 1 });
  try {
    for await (const event of cursor) {
      if (!isLink(event.chain))
        return fail({
          seq: null,
          eventId: String(event._id),
          kind: 'content-altered',
          message: `记录 ${String(event._id)} 的封存信息被改动`,
        });
      const problem = drain(event.chain.seq) ?? take(event, event.chain, true);
      if (problem) return fail(problem);
    }
  } finally {
    await cursor.close();
  }
  const problem = drain(Infinity);
  if (problem) return fail(problem);
  const last = expected.seq - 1;
  if (report.headSeq > last)
    return fail({
      seq: last + 1,
      eventId: null,
      kind: 'missing',
      message:
        report.headSeq === last + 1
          ? `第 ${last + 1} 条记录缺失（可能被删除）`
          : `第 ${last + 1} 至 ${report.headSeq} 条记录缺失（可能被删除）`,
    });
  if (report.headSeq < last || report.headHash !== expected.prev)
    return fail({
      seq: last,
      eventId: null,
      kind: 'head',
      message: head
        ? `链头（第 ${report.headSeq} 条）与最后一条记录（第 ${last} 条）不符（链头或记录被改动）`
        : `链头缺失，但已有 ${last} 条封存的记录`,
    });
  return report;
}

/**
 * Recomputes every chain (or one county's): the count verified, and per chain the first broken
 * event. Events waiting for their seal longer than `unsealedMinutes` count as a break too.
 */
export async function verifyChains(
  models: Models,
  options: { county?: string; now: Date; unsealedMinutes?: number },
): Promise<AuditReport> {
  const minutes = options.unsealedMinutes ?? DEFAULT_UNSEALED_MINUTES;
  const unsealed = await events(models)
    .find(unsealedFilter(options.county), { sort: { at: 1, _id: 1 } })
    .toArray();
  let counties: string[];
  if (options.county !== undefined) counties = [options.county];
  else {
    const named = await events(models).distinct('chain.county');
    const headed = (
      await heads(models)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((h) => h._id);
    counties = [
      ...new Set([
        ...named.filter((c): c is string => typeof c === 'string'),
        ...headed,
        ...unsealed.map(chainKeyOf),
      ]),
    ].sort();
  }
  const chains: ChainReport[] = [];
  const cutoff = options.now.getTime() - minutes * 60_000;
  for (const county of counties) {
    const report = await verifyChain(models, county);
    const waiting = unsealed.filter((e) => chainKeyOf(e) === county);
    // Those of a crashed sealer's batch were already counted in the walk.
    report.unsealed = Math.max(report.unsealed, waiting.length);
    const stale = waiting.find((e) => !(e.at instanceof Date) || e.at.getTime() < cutoff);
    if (!report.problem && stale)
      report.problem = {
        county,
        seq: null,
        eventId: String(stale._id),
        kind: 'unsealed',
        message: `记录 ${String(stale._id)}（${String(stale.action)}，${
          stale.at instanceof Date ? stale.at.toISOString() : '时间缺失'
        }）超过 ${minutes} 分钟仍未封存`,
      };
    chains.push(report);
  }
  return {
    ok: chains.every((c) => !c.problem),
    verified: chains.reduce((n, c) => n + c.verified, 0),
    unsealed: chains.reduce((n, c) => n + c.unsealed, 0),
    chains,
  };
}

export interface HistoryProblem {
  /** 1-based position of the event in the history shown. */
  index: number;
  eventId: string;
  county: string;
  seq: number | null;
  kind: ProblemKind;
  /** What is wrong with it, e.g. 内容被改动 (the web app numbers the lines it shows itself). */
  what: string;
  message: string;
}

export interface HistoryIntegrity {
  /** verified: every event intact; pending: intact so far, some not sealed yet; failed: see problems. */
  status: 'verified' | 'pending' | 'failed';
  verified: number;
  unsealed: number;
  problems: HistoryProblem[];
  /** For people, when failed: 「审计记录校验未通过：第 N 条记录内容被改动，请联系安全审计员」. */
  message: string | null;
}

const WHAT: Record<ProblemKind, string> = {
  'content-altered': '内容被改动',
  'link-broken': '与前后记录的链接断开（前后记录可能被改动或替换）',
  missing: '前后的记录缺失（可能被删除）',
  duplicate: '在审计链中重复出现',
  head: '之后的记录缺失（可能被删除）',
  unsealed: '长时间未封存',
};

export function describeHistoryProblem(problem: Pick<HistoryProblem, 'index' | 'kind'>): string {
  return `第 ${problem.index} 条记录${WHAT[problem.kind]}`;
}

/**
 * The cheap check behind a history: each shown event's hash recomputed, and its links to the
 * events before and after it in its county's chain checked (one query for all neighbours), so an
 * altered, replaced or deleted neighbour shows too. The whole chain is `pm audit verify`'s job.
 */
export async function verifyHistory(
  models: Models,
  shown: Record<string, unknown>[],
  options: { now: Date; unsealedMinutes?: number },
): Promise<HistoryIntegrity> {
  const minutes = options.unsealedMinutes ?? DEFAULT_UNSEALED_MINUTES;
  const cutoff = options.now.getTime() - minutes * 60_000;
  const problems: HistoryProblem[] = [];
  let verified = 0;
  let unsealed = 0;
  const sealed: { index: number; event: RawEvent; link: ChainLink }[] = [];
  shown.forEach((raw, i) => {
    const event = raw as RawEvent;
    const index = i + 1;
    const problem = (kind: ProblemKind, link?: ChainLink) =>
      problems.push({
        index,
        eventId: String(event._id),
        county: link?.county ?? chainKeyOf(event),
        seq: link?.seq ?? null,
        kind,
        what: WHAT[kind],
        message: describeHistoryProblem({ index, kind }),
      });
    if (event.chain == null || event.chain.county == null) {
      if (event.at instanceof Date && event.at.getTime() >= cutoff) unsealed++;
      else problem('unsealed');
      return;
    }
    if (!isLink(event.chain)) return problem('content-altered');
    if (linkHash(event, event.chain) !== event.chain.hash) return problem('content-altered', event.chain);
    sealed.push({ index, event, link: event.chain });
  });

  const byChain = new Map<string, Set<number>>();
  for (const { link } of sealed) {
    const seqs = byChain.get(link.county) ?? new Set<number>();
    if (link.seq > 1) seqs.add(link.seq - 1);
    seqs.add(link.seq + 1);
    byChain.set(link.county, seqs);
  }
  const neighbours = new Map<string, RawEvent>();
  const chainHeads = new Map<string, HeadDoc>();
  if (byChain.size > 0) {
    const found = await events(models)
      .find({
        $or: [...byChain].map(([county, seqs]) => ({
          'chain.county': county,
          'chain.seq': { $in: [...seqs] },
        })),
      })
      .toArray();
    for (const e of found) if (isLink(e.chain)) neighbours.set(`${e.chain.county}\u0000${e.chain.seq}`, e);
    for (const head of await heads(models)
      .find({ _id: { $in: [...byChain.keys()] } })
      .toArray())
      chainHeads.set(head._id, head);
  }
  for (const { index, event, link } of sealed) {
    const kindOf = (): ProblemKind | undefined => {
      if (link.seq === 1) {
        if (link.prev !== GENESIS) return 'link-broken';
      } else {
        const before = neighbours.get(`${link.county}\u0000${link.seq - 1}`);
        if (!before) return 'missing';
        if ((before.chain as ChainLink).hash !== link.prev) return 'link-broken';
      }
      const head = chainHeads.get(link.county);
      const after = neighbours.get(`${link.county}\u0000${link.seq + 1}`);
      if (after) return (after.chain as ChainLink).prev === link.hash ? undefined : 'link-broken';
      if (!head || head.seq < link.seq) return 'head';
      if (head.seq === link.seq) return head.hash === link.hash ? undefined : 'head';
      // The next place is claimed but not written yet: a sealer is (or was, before a crash) on it.
      return head.pending?.some((p) => p.seq === link.seq + 1 && p.prev === link.hash)
        ? undefined
        : 'missing';
    };
    const kind = kindOf();
    if (kind)
      problems.push({
        index,
        eventId: String(event._id),
        county: link.county,
        seq: link.seq,
        kind,
        what: WHAT[kind],
        message: describeHistoryProblem({ index, kind }),
      });
    else verified++;
  }
  problems.sort((a, b) => a.index - b.index);
  const first = problems[0];
  return {
    status: first ? 'failed' : unsealed > 0 ? 'pending' : 'verified',
    verified,
    unsealed,
    problems,
    message: first
      ? `审计记录校验未通过：${first.message}${problems.length > 1 ? `等 ${problems.length} 处问题` : ''}，请联系安全审计员`
      : null,
  };
}
