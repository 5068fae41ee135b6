/**
 * Index use on 50,000 documents: keyed queries must examine few documents (read from
 * explain's executionStats, so the same assertions hold against a real MongoDB).
 */
import type { Collection, Document } from 'mongodb';
import { openTarget, type Target } from './support';

let t: Target;
let c: Collection;
const N = 50_000;
const COUNTIES = ['heilongjiang-city', 'changzhi-bureau', 'hailin', 'qitai', 'jinan-shizhong'];

beforeAll(async () => {
  t = await openTarget(__filename);
  c = t.db.collection('tasks');
  const docs = Array.from({ length: N }, (_, i) => ({
    seq: i,
    county: COUNTIES[i % 5],
    status: i % 10 === 0 ? 'open' : 'done',
    candidates: [`user${i % 200}`, `user${(i * 7) % 200}`],
    due: new Date(Date.UTC(2024, 0, 1) + (i % 1000) * 3600_000),
    email: `u${i}@example.cn`,
  }));
  for (let i = 0; i < N; i += 10_000) await c.insertMany(docs.slice(i, i + 10_000), { ordered: false });
  await c.createIndex({ email: 1 }, { unique: true });
  await c.createIndex({ county: 1, status: 1, candidates: 1, due: 1 });
  await c.createIndex({ seq: 1 });
}, 60000);
afterAll(async () => {
  await t.close();
});

async function stats(cursor: {
  explain(v: 'executionStats'): Promise<Document>;
}): Promise<{ docs: number; plan: string; n: number }> {
  const e = await cursor.explain('executionStats');
  return {
    docs: e.executionStats.totalDocsExamined,
    plan: JSON.stringify(e.queryPlanner.winningPlan),
    n: e.executionStats.nReturned,
  };
}

test('equality on a unique index examines one document', async () => {
  const s = await stats(c.find({ email: 'u31337@example.cn' }));
  expect(s.n).toBe(1);
  expect(s.docs).toBe(1);
  expect(s.plan).toContain('email_1');
});

test('the inbox query (equality prefix + multikey + sort on the next field + limit) reads ~limit documents', async () => {
  const q = { county: 'hailin', status: 'open', candidates: 'user42' };
  const s = await stats(c.find(q).sort({ due: 1 }).limit(50));
  expect(s.plan).toContain('county_1_status_1_candidates_1_due_1');
  expect(s.plan).not.toContain('SORT');
  expect(s.docs).toBeLessThanOrEqual(60);
  const docs = await c.find(q).sort({ due: 1 }).limit(50).toArray();
  const dues = docs.map((d) => d.due.getTime());
  expect(dues).toEqual([...dues].sort((a, b) => a - b));
  expect(
    docs.every((d) => d.county === 'hailin' && d.status === 'open' && d.candidates.includes('user42')),
  ).toBe(true);
});

test('$in and ranges on an index prefix', async () => {
  const r = await stats(c.find({ seq: { $gte: 1000, $lt: 1100 } }));
  expect(r.n).toBe(100);
  expect(r.docs).toBe(100);
  const i = await stats(c.find({ seq: { $in: [5, 500, 5000, 49999] } }));
  expect(i.n).toBe(4);
  expect(i.docs).toBe(4);
});

test('a sort matching an index with a limit stops early', async () => {
  const s = await stats(c.find({}).sort({ seq: -1 }).limit(10));
  expect(s.n).toBe(10);
  expect(s.docs).toBe(10);
});

test('_id lookups do not scan', async () => {
  const one = await c.findOne({ seq: 777 });
  const s = await stats(c.find({ _id: one?._id }));
  expect(s.docs).toBe(1);
});

test('an unindexed filter scans (sanity check of the measurement)', async () => {
  const s = await stats(c.find({ email: { $regex: 'x' }, status: 'nothing' }));
  expect(s.docs).toBeGreaterThan(N - 1);
});
