/**
 * Benchmark of the embedded store: mongoose over the wire (journal fsync on / off;
 * 1, 8, 32 concurrent clients) against the same operations called in process on our
 * storage engine and on mingo. The ratio in-process / wire is what the wire protocol
 * and the journal cost. Every figure is the median of 3 timed runs.
 *
 *   npm run bench -- embedded-mongo [--quick]
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'bson';
import mongoose, { Schema } from 'mongoose';
import mingo from 'mingo';
import { startEmbeddedMongo } from '../../packages/embedded-mongo/src';
import { silentLogger } from '../../packages/embedded-mongo/src/logger';
import { runQuery } from '../../packages/embedded-mongo/src/query/executor';
import { compileFilter } from '../../packages/embedded-mongo/src/query/matcher';
import { Store } from '../../packages/embedded-mongo/src/storage/store';
import { compileUpdate } from '../../packages/embedded-mongo/src/update/compile';

const QUICK = process.argv.includes('--quick');
const RUN_MS = QUICK ? 250 : 500;
const RUNS = 3;
const PRELOAD = 10_000;
const GROUPS = 500;
const CONCURRENCY = [1, 8, 32];
const INBOX_TASKS = QUICK ? 50_000 : 300_000;

type Op = 'insertOne' | 'findOne by _id' | 'indexed find' | 'updateOne';
const OPS: Op[] = ['insertOne', 'findOne by _id', 'indexed find', 'updateOne'];

interface TaskDoc {
  _id: ObjectId;
  group: string;
  n: number;
  name: string;
  payload: { title: string; amount: number; tags: string[] };
}

let seq = 0;
function makeDoc(): TaskDoc {
  const i = seq++;
  return {
    _id: new ObjectId(),
    group: `g${i % GROUPS}`,
    n: 0,
    name: `task-${i}`,
    payload: { title: `绩效目标申报 ${i}`, amount: (i % 1000) * 1.5, tags: ['budget', `t${i % 7}`] },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

/** Runs `worker` on `concurrency` parallel loops for RUN_MS; returns ops/s. */
async function timed(concurrency: number, op: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const end = performance.now() + RUN_MS;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await op();
        count++;
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

function timedSync(op: () => unknown): number {
  let count = 0;
  let chunk = 1;
  const start = performance.now();
  const end = start + RUN_MS;
  while (performance.now() < end) {
    const t = performance.now();
    for (let i = 0; i < chunk; i++) op();
    count += chunk;
    // grow the chunk while it is cheap, so clock reads do not dominate fast operations
    if (performance.now() - t < 1) chunk = Math.min(chunk * 2, 256);
  }
  return count / ((performance.now() - start) / 1000);
}

const taskSchema = new Schema({
  group: { type: String, index: true },
  n: Number,
  name: String,
  payload: Schema.Types.Mixed,
});

async function wireResults(fsync: boolean): Promise<Map<string, number>> {
  const dbPath = await fsp.mkdtemp(join(os.tmpdir(), 'embedded-mongo-bench-'));
  const mongo = await startEmbeddedMongo({ dbPath, fsync, logger: silentLogger });
  const results = new Map<string, number>();
  try {
    for (const concurrency of CONCURRENCY) {
      const conn = await mongoose
        .createConnection(`${mongo.uri}&maxPoolSize=${Math.max(concurrency, 5)}`, { dbName: 'bench' })
        .asPromise();
      const Task = conn.model('Task', taskSchema, `tasks_c${concurrency}`);
      await Task.init();
      const seed = Array.from({ length: PRELOAD }, makeDoc);
      await Task.collection.insertMany(seed as never[]);
      const ids = seed.map((d) => d._id);
      const ops: Record<Op, () => Promise<unknown>> = {
        insertOne: () => Task.create(makeDoc()),
        'findOne by _id': () => Task.findById(pick(ids)).lean(),
        'indexed find': () =>
          Task.find({ group: `g${Math.floor(Math.random() * GROUPS)}` })
            .limit(20)
            .lean(),
        updateOne: () => Task.updateOne({ _id: pick(ids) }, { $inc: { n: 1 } }),
      };
      for (const op of OPS) {
        const runs: number[] = [];
        for (let r = 0; r < RUNS; r++) runs.push(await timed(concurrency, ops[op]));
        results.set(`${op}|${concurrency}`, median(runs));
      }
      await conn.close();
    }
  } finally {
    await mongo.stop();
    await fsp.rm(dbPath, { recursive: true, force: true });
  }
  return results;
}

/** The same operations on our storage engine in process: no wire, no journal, no serialisation. */
function engineResults(): Map<Op, number> {
  const store = new Store();
  const coll = store.createCollection('bench', 'tasks', {}, null);
  store.createIndex(coll, { key: { group: 1 }, name: 'group_1' }, null);
  const seed = Array.from({ length: PRELOAD }, makeDoc);
  for (const d of seed) store.insert(coll, d as never, null);
  const ids = seed.map((d) => d._id);
  const inc = compileUpdate({ $inc: { n: 1 } });
  const out = new Map<Op, number>();
  // Inserts go to their own collection (with the same index) so lookups below see PRELOAD documents.
  const sink = store.createCollection('bench', 'sink', {}, null);
  store.createIndex(sink, { key: { group: 1 }, name: 'group_1' }, null);
  out.set(
    'insertOne',
    median(Array.from({ length: RUNS }, () => timedSync(() => store.insert(sink, makeDoc() as never, null)))),
  );
  const byId = (): unknown => {
    const filter = { _id: pick(ids) };
    return runQuery(coll, { filter, matcher: compileFilter(filter), limit: 1 }).recs[0];
  };
  out.set('findOne by _id', median(Array.from({ length: RUNS }, () => timedSync(byId))));
  const byGroup = (): unknown => {
    const filter = { group: `g${Math.floor(Math.random() * GROUPS)}` };
    return runQuery(coll, { filter, matcher: compileFilter(filter), limit: 20 }).recs;
  };
  out.set('indexed find', median(Array.from({ length: RUNS }, () => timedSync(byGroup))));
  const update = (): void => {
    const filter = { _id: pick(ids) };
    const rec = runQuery(coll, { filter, matcher: compileFilter(filter), limit: 1 }).recs[0];
    const res = inc.apply(rec.doc, { isInsert: false, now: new Date() });
    store.replace(coll, rec.rid, res.doc, null);
  };
  out.set('updateOne', median(Array.from({ length: RUNS }, () => timedSync(update))));
  return out;
}

/** mingo on a plain array (it has no indexes: lookups scan the array). */
function mingoResults(): Map<Op, number> {
  const docs: Record<string, unknown>[] = Array.from({ length: PRELOAD }, makeDoc) as never[];
  const ids = docs.map((d) => d._id);
  const out = new Map<Op, number>();
  const sink: unknown[] = [];
  // mingo has no insert: the baseline is building the document and appending it to the array.
  out.set('insertOne', median(Array.from({ length: RUNS }, () => timedSync(() => sink.push(makeDoc())))));
  out.set(
    'findOne by _id',
    median(Array.from({ length: RUNS }, () => timedSync(() => mingo.find(docs, { _id: pick(ids) }).next()))),
  );
  out.set(
    'indexed find',
    median(
      Array.from({ length: RUNS }, () =>
        timedSync(() =>
          mingo
            .find(docs, { group: `g${Math.floor(Math.random() * GROUPS)}` })
            .limit(20)
            .all(),
        ),
      ),
    ),
  );
  out.set(
    'updateOne',
    median(
      Array.from({ length: RUNS }, () =>
        timedSync(() => mingo.updateOne(docs, { _id: pick(ids) }, { $inc: { n: 1 } })),
      ),
    ),
  );
  return out;
}

const inboxSchema = new Schema({
  county: String,
  status: String,
  candidates: [String],
  due: Date,
  title: String,
});
inboxSchema.index({ county: 1, status: 1, candidates: 1, due: 1 });

/** The server's inbox query over many tasks: latency percentiles through mongoose. */
async function inbox(): Promise<{ loadSec: number; p50: number; p99: number; p50c8: number; p99c8: number }> {
  const dbPath = await fsp.mkdtemp(join(os.tmpdir(), 'embedded-mongo-bench-'));
  const mongo = await startEmbeddedMongo({ dbPath, fsync: false, logger: silentLogger });
  const counties = ['heilongjiang-city', 'changzhi-bureau', 'hailin', 'qitai', 'jinan-shizhong'];
  try {
    const conn = await mongoose
      .createConnection(`${mongo.uri}&maxPoolSize=8`, { dbName: 'inbox' })
      .asPromise();
    const Task = conn.model('Task', inboxSchema);
    await Task.init();
    const t0 = performance.now();
    for (let i = 0; i < INBOX_TASKS; i += 5000) {
      const batch = Array.from({ length: Math.min(5000, INBOX_TASKS - i) }, (_, j) => {
        const k = i + j;
        return {
          county: counties[k % 5],
          status: k % 7 === 0 ? 'open' : 'done',
          candidates: [`user${k % 400}`, `user${(k * 13) % 400}`],
          due: new Date(Date.UTC(2024, 0, 1) + (k % 5000) * 3600_000),
          title: `任务 ${k}`,
        };
      });
      await Task.collection.insertMany(batch, { ordered: false });
    }
    const loadSec = (performance.now() - t0) / 1000;
    const query = async (): Promise<number> => {
      const s = performance.now();
      await Task.find({
        county: pick(counties),
        status: 'open',
        candidates: `user${Math.floor(Math.random() * 400)}`,
      })
        .sort({ due: 1 })
        .limit(50)
        .lean();
      return performance.now() - s;
    };
    const pct = (xs: number[], p: number): number =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
    const seqLat: number[] = [];
    for (let i = 0; i < 500; i++) seqLat.push(await query());
    const parLat: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 100; i++) parLat.push(await query());
      }),
    );
    await conn.close();
    return {
      loadSec,
      p50: pct(seqLat, 0.5),
      p99: pct(seqLat, 0.99),
      p50c8: pct(parLat, 0.5),
      p99c8: pct(parLat, 0.99),
    };
  } finally {
    await mongo.stop();
    await fsp.rm(dbPath, { recursive: true, force: true });
  }
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `embedded-mongo benchmark — ${os.cpus().length} cores, node ${process.version}, ${RUN_MS} ms per run, median of ${RUNS}`,
  );
  console.log(
    `collections preloaded with ${PRELOAD.toLocaleString('en-US')} documents; wire = mongoose 8 over TCP\n`,
  );
  const engine = engineResults();
  const mg = mingoResults();
  const on = await wireResults(true);
  const off = await wireResults(false);
  const rows: string[][] = [
    [
      'operation',
      'clients',
      'wire fsync on',
      'wire fsync off',
      'engine in-proc',
      'mingo in-proc',
      'engine/wire(off)',
      'mingo/wire(off)',
    ],
  ];
  for (const op of OPS) {
    for (const c of CONCURRENCY) {
      const key = `${op}|${c}`;
      const w = off.get(key) ?? 0;
      rows.push([
        op,
        String(c),
        fmt(on.get(key) ?? 0),
        fmt(w),
        c === 1 ? fmt(engine.get(op) ?? 0) : '',
        c === 1 ? fmt(mg.get(op) ?? 0) : '',
        `${((engine.get(op) ?? 0) / w).toFixed(1)}x`,
        `${((mg.get(op) ?? 0) / w).toFixed(2)}x`,
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, j) => (j < 2 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(
    '\nops/s; engine/mingo in-proc are single-threaded calls without wire, journal or BSON encoding.',
  );
  console.log(
    'mingo has no indexes, so its lookups scan the array: a ratio below 1x means the wire server is faster.\n',
  );

  const ib = await inbox();
  console.log(
    `inbox query over ${INBOX_TASKS.toLocaleString('en-US')} tasks ({county, status:'open', candidates: user} sort due, limit 50, mongoose lean):`,
  );
  console.log(
    `  load ${ib.loadSec.toFixed(1)} s; 1 client p50 ${ib.p50.toFixed(2)} ms, p99 ${ib.p99.toFixed(2)} ms; 8 clients p50 ${ib.p50c8.toFixed(2)} ms, p99 ${ib.p99c8.toFixed(2)} ms`,
  );
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
