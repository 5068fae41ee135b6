/**
 * `explain` for find, count, distinct, aggregate, update, delete and findAndModify:
 * the chosen plan (COLLSCAN / IDHACK / IXSCAN with its index) and execution stats
 * (keys and documents examined). Writes are planned and their query executed, but
 * nothing is modified.
 */
import { type Doc, isNumeric, isPlainObject, toDouble } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { runAggregate } from '../aggregate/run';
import { type QueryResult, runQuery } from '../query/executor';
import { compileFilter } from '../query/matcher';
import { describePlan } from '../query/planner';
import { naturalDirection, parseSort } from '../query/sort';
import { SERVER_VERSION } from './handshake';
import {
  type CommandContext,
  type CommandHandler,
  collectionArg,
  OK,
  optionalDoc,
  optionalInt,
} from './context';

export function explainQuery(
  ctx: CommandContext,
  ns: string,
  parsedQuery: Doc,
  query: QueryResult | undefined,
  command: Doc,
): Doc {
  const winningPlan = query ? describePlan(query.plan) : { stage: 'EOF' };
  return {
    explainVersion: '1',
    queryPlanner: {
      namespace: ns,
      indexFilterSet: false,
      parsedQuery,
      winningPlan,
      rejectedPlans: [],
    },
    executionStats: {
      executionSuccess: true,
      nReturned: query?.recs.length ?? 0,
      executionTimeMillis: 0,
      totalKeysExamined: query?.stats.keysExamined ?? 0,
      totalDocsExamined: query?.stats.docsExamined ?? 0,
      executionStages: winningPlan,
    },
    command,
    serverInfo: {
      host: ctx.server.host,
      port: ctx.server.port,
      version: SERVER_VERSION,
      gitVersion: 'embedded-mongo',
    },
    ok: OK,
  };
}

function runFilter(
  ctx: CommandContext,
  coll: string,
  filter: Doc | undefined,
  extra: { sort?: Doc; skip?: number; limit?: number; hint?: unknown },
): QueryResult | undefined {
  const c = ctx.store.getCollection(ctx.db, coll);
  if (!c) return undefined;
  return runQuery(c, {
    filter,
    matcher: compileFilter(filter),
    sort: parseSort(extra.sort),
    skip: extra.skip,
    limit: extra.limit,
    hint: extra.hint,
    natural: naturalDirection(extra.sort),
  });
}

const explain: CommandHandler = (cmd, ctx) => {
  const inner = cmd.explain;
  if (!isPlainObject(inner))
    throw new MongoServerError(ErrorCode.TypeMismatch, 'explain command requires a nested object');
  const name = Object.keys(inner)[0];
  const ns = (coll: string): string => `${ctx.db}.${coll}`;
  switch (name) {
    case 'find': {
      const coll = collectionArg(inner, 'find');
      const filter = optionalDoc(inner, 'filter');
      const limit = optionalInt(inner, 'limit');
      const q = runFilter(ctx, coll, filter, {
        sort: optionalDoc(inner, 'sort'),
        skip: optionalInt(inner, 'skip'),
        limit: limit === 0 || limit === undefined ? undefined : Math.abs(limit),
        hint: inner.hint,
      });
      return explainQuery(ctx, ns(coll), filter ?? {}, q, inner);
    }
    case 'count':
    case 'distinct': {
      const coll = collectionArg(inner, name);
      const filter = optionalDoc(inner, 'query');
      return explainQuery(
        ctx,
        ns(coll),
        filter ?? {},
        runFilter(ctx, coll, filter, { hint: inner.hint }),
        inner,
      );
    }
    case 'aggregate': {
      const isDb = isNumeric(inner.aggregate) && toDouble(inner.aggregate) === 1;
      const coll = isDb ? null : collectionArg(inner, 'aggregate');
      const pipeline = Array.isArray(inner.pipeline) ? inner.pipeline : [];
      const result = runAggregate(ctx.store, { db: ctx.db, coll, pipeline, hint: inner.hint, now: ctx.now });
      return explainQuery(ctx, ns(coll ?? '$cmd.aggregate'), { pipeline }, result.query, inner);
    }
    case 'update':
    case 'delete': {
      const coll = collectionArg(inner, name);
      const list = inner[name === 'update' ? 'updates' : 'deletes'];
      const first = Array.isArray(list) && isPlainObject(list[0]) ? list[0] : {};
      const filter = isPlainObject(first.q) ? first.q : undefined;
      return explainQuery(
        ctx,
        ns(coll),
        filter ?? {},
        runFilter(ctx, coll, filter, { hint: first.hint }),
        inner,
      );
    }
    case 'findAndModify':
    case 'findandmodify': {
      const coll = collectionArg(inner, name);
      const filter = optionalDoc(inner, 'query');
      const q = runFilter(ctx, coll, filter, {
        sort: optionalDoc(inner, 'sort'),
        limit: 1,
        hint: inner.hint,
      });
      return explainQuery(ctx, ns(coll), filter ?? {}, q, inner);
    }
  }
  throw new MongoServerError(ErrorCode.CommandNotFound, `Explain failed due to unknown command: ${name}`);
};

export const explainCommands: Record<string, CommandHandler> = { explain };
