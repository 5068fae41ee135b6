/**
 * Aggregation: the leading `$match` / `$sort` / `$skip` / `$limit` stages run through
 * our planner (so they use indexes and keep exact BSON types); the rest of the
 * pipeline runs in mingo over copies converted to JS numbers. `$out` and `$merge`
 * are performed here, against the store, after the pipeline has produced its output.
 */
import { Aggregator } from 'mingo/aggregator';
import { ProcessingMode } from 'mingo/core';
import { fromMingo, toMingo } from '../bson/normalize';
import { asInteger, type Doc, isPlainObject } from '../bson/values';
import { badValue, ErrorCode, MongoServerError } from '../errors';
import { type QueryResult, runQuery } from '../query/executor';
import { compileFilter } from '../query/matcher';
import { parseSort, type SortSpec } from '../query/sort';
import type { Store } from '../storage/store';
import { aggregationContext, MINGO_STAGES } from './mingo-context';

const UNSUPPORTED_STAGES = new Set([
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$planCacheStats',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$geoNear',
  '$listSearchIndexes',
  '$queryStats',
  '$shardedDataDistribution',
]);

export interface AggregateRequest {
  db: string;
  /** Null for a database-level aggregate (`aggregate: 1`). */
  coll: string | null;
  pipeline: unknown[];
  variables?: Doc;
  hint?: unknown;
  now: Date;
}

export interface PushedDown {
  filter: Doc | undefined;
  sort: SortSpec | undefined;
  skip: number;
  limit: number | undefined;
  /** Index of the first stage left for mingo. */
  rest: number;
}

export type OutputStage = { kind: '$out'; spec: unknown } | { kind: '$merge'; spec: unknown };

export function validatePipeline(pipeline: unknown[]): { stages: Doc[]; output?: OutputStage } {
  const stages: Doc[] = [];
  let output: OutputStage | undefined;
  pipeline.forEach((raw, i) => {
    if (!isPlainObject(raw))
      throw new MongoServerError(
        ErrorCode.TypeMismatch,
        "Each element of the 'pipeline' array must be an object",
      );
    const keys = Object.keys(raw);
    if (keys.length !== 1) {
      throw new MongoServerError(
        40323,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = keys[0];
    if (name === '$out' || name === '$merge') {
      if (i !== pipeline.length - 1)
        throw new MongoServerError(40601, `${name} can only be the final stage in the pipeline`);
      output = { kind: name, spec: raw[name] };
      return;
    }
    if (UNSUPPORTED_STAGES.has(name)) {
      throw new MongoServerError(
        40324,
        `Unrecognized pipeline stage name: '${name}' (not supported by the embedded store)`,
      );
    }
    if (!MINGO_STAGES.has(name))
      throw new MongoServerError(40324, `Unrecognized pipeline stage name: '${name}'`);
    stages.push(raw);
  });
  return { stages, output };
}

/** Splits off the prefix our query engine can run. */
export function pushDown(stages: Doc[]): PushedDown {
  const out: PushedDown = { filter: undefined, sort: undefined, skip: 0, limit: undefined, rest: 0 };
  let i = 0;
  if (stages[i]?.$match !== undefined) {
    const m = stages[i].$match;
    if (!isPlainObject(m))
      throw new MongoServerError(15959, 'the match filter must be an expression in an object');
    out.filter = m;
    i++;
  }
  if (stages[i]?.$sort !== undefined) {
    const s = stages[i].$sort;
    if (!isPlainObject(s) || Object.keys(s).length === 0)
      throw new MongoServerError(15976, '$sort stage must have at least one sort key');
    out.sort = parseSort(s);
    i++;
  }
  for (; i < stages.length; i++) {
    const st = stages[i];
    if (st.$skip !== undefined) {
      const n = asInteger(st.$skip);
      if (n === undefined || n < 0) throw new MongoServerError(15956, 'Argument to $skip cannot be negative');
      if (out.limit !== undefined) out.limit = Math.max(0, out.limit - n);
      out.skip += n;
    } else if (st.$limit !== undefined) {
      const n = asInteger(st.$limit);
      if (n === undefined || n <= 0) throw new MongoServerError(15958, 'the limit must be positive');
      out.limit = out.limit === undefined ? n : Math.min(out.limit, n);
    } else {
      break;
    }
  }
  out.rest = i;
  return out;
}

function mingoError(e: unknown): MongoServerError {
  if (e instanceof MongoServerError) return e;
  const msg = (e as Error).message ?? String(e);
  if (/unregistered pipeline operator|not registered|unknown operator/i.test(msg)) {
    return new MongoServerError(ErrorCode.InvalidPipelineOperator, `Invalid pipeline: ${msg}`);
  }
  return badValue(`PlanExecutor error during aggregation :: caused by :: ${msg}`);
}

/** mingo leaves `_id` last after `$group`, `$bucket`, ...; the server puts it first. */
function idFirst(d: Doc): Doc {
  const keys = Object.keys(d);
  if (keys.length === 0 || keys[0] === '_id' || !('_id' in d)) return d;
  const out: Doc = { _id: d._id };
  for (const k of keys) if (k !== '_id') out[k] = d[k];
  return out;
}

export interface AggregateResult {
  docs: Doc[];
  output?: OutputStage;
  query?: QueryResult;
}

export function runAggregate(store: Store, req: AggregateRequest): AggregateResult {
  const { stages, output } = validatePipeline(req.pipeline);
  let input: Doc[] = [];
  let rest = stages;
  let query: QueryResult | undefined;
  if (req.coll !== null) {
    const coll = store.getCollection(req.db, req.coll);
    const pd = pushDown(stages);
    const matcher = compileFilter(pd.filter, { variables: req.variables });
    rest = stages.slice(pd.rest);
    if (coll) {
      query = runQuery(coll, {
        filter: pd.filter,
        matcher,
        sort: pd.sort,
        skip: pd.skip,
        limit: pd.limit,
        hint: req.hint,
      });
      input = query.recs.map((r) => r.doc);
    }
  }
  if (rest.length === 0) return { docs: input, output, query };
  const cache = new Map<string, Doc[]>();
  const resolver = (name: string): Doc[] => {
    let docs = cache.get(name);
    if (!docs) {
      const c = store.getCollection(req.db, name);
      docs = c ? Array.from(c.records.values(), (d) => toMingo(d) as Doc) : [];
      cache.set(name, docs);
    }
    return docs;
  };
  try {
    const agg = new Aggregator(rest, {
      context: aggregationContext((name) => store.getCollection(req.db, name)),
      collectionResolver: resolver,
      processingMode: ProcessingMode.CLONE_OFF,
      variables: { NOW: req.now, ...req.variables },
      useStrictMode: true,
      scriptEnabled: false,
    });
    const out = agg.run(input.map((d) => toMingo(d) as Doc));
    return { docs: out.map((d) => idFirst(fromMingo(d) as Doc)), output, query };
  } catch (e) {
    throw mingoError(e);
  }
}
