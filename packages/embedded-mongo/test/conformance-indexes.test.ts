/** Indexes: creation rules, uniqueness (also compound, multikey, sparse, partial), listing, dropping. */
import { type Collection, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { openTarget, type Target } from './support';

let t: Target;
let n = 0;
const fresh = (): Collection => t.db.collection(`ix${++n}`);

beforeAll(async () => {
  t = await openTarget(__filename);
});
afterAll(async () => {
  await t.close();
});

async function serverError(p: Promise<unknown>): Promise<MongoServerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MongoServerError) return e;
    throw e;
  }
  throw new Error('expected a server error');
}

test('createIndex returns the name, listIndexes shows the spec, the same index again is a no-op', async () => {
  const c = fresh();
  expect(await c.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
  expect(await c.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
  const raw = await t.db.command({
    createIndexes: c.collectionName,
    indexes: [{ key: { a: 1, b: -1 }, name: 'a_1_b_-1' }],
  });
  expect(raw.numIndexesBefore).toBe(2);
  expect(raw.numIndexesAfter).toBe(2);
  expect(raw.note).toBe('all indexes already exist');
  const list = await c.listIndexes().toArray();
  expect(list).toEqual([
    { v: 2, key: { _id: 1 }, name: '_id_' },
    { v: 2, key: { a: 1, b: -1 }, name: 'a_1_b_-1' },
  ]);
});

test('createIndexes on a missing collection creates it', async () => {
  const r = await t.db.command({ createIndexes: 'ix_auto', indexes: [{ key: { x: 1 }, name: 'x_1' }] });
  expect(r.createdCollectionAutomatically).toBe(true);
  expect((await t.db.listCollections({ name: 'ix_auto' }).toArray()).length).toBe(1);
});

test('conflicting index definitions: same name different key (86), same key different name (85)', async () => {
  const c = fresh();
  await c.createIndex({ a: 1 }, { name: 'idx' });
  expect((await serverError(c.createIndex({ b: 1 }, { name: 'idx' }))).code).toBe(86);
  expect((await serverError(c.createIndex({ a: 1 }, { name: 'other' }))).code).toBe(85);
});

test('a unique index enforces uniqueness with E11000 details', async () => {
  const c = fresh();
  await c.createIndex({ email: 1 }, { unique: true });
  await c.insertOne({ email: 'x@y.z' });
  const err = await serverError(c.insertOne({ email: 'x@y.z' }));
  expect(err.code).toBe(11000);
  expect(err.message).toBe(
    `E11000 duplicate key error collection: ${t.dbName}.${c.collectionName} index: email_1 dup key: { email: "x@y.z" }`,
  );
  expect(err.errorResponse.keyPattern).toEqual({ email: 1 });
  expect(err.errorResponse.keyValue).toEqual({ email: 'x@y.z' });
  // missing fields count as null in a non-sparse unique index
  await c.insertOne({ other: 1 });
  const nullDup = await serverError(c.insertOne({ other: 2 }));
  expect(nullDup.errorResponse.keyValue).toEqual({ email: null });
});

test('compound unique indexes compare the whole key; numbers compare across types', async () => {
  const c = fresh();
  await c.createIndex({ county: 1, code: 1 }, { unique: true });
  await c.insertMany([
    { county: 'a', code: 1 },
    { county: 'b', code: 1 },
  ]);
  const err = await serverError(c.insertOne({ county: 'a', code: 1.0 }));
  expect(err.errorResponse.keyValue).toEqual({ county: 'a', code: 1 });
  expect(err.message).toContain('index: county_1_code_1 dup key: { county: "a", code: 1 }');
});

test('multikey unique: arrays contribute each element, within a document duplicates are fine', async () => {
  const c = fresh();
  await c.createIndex({ tags: 1 }, { unique: true });
  await c.insertOne({ tags: ['a', 'b', 'a'] });
  const err = await serverError(c.insertOne({ tags: ['c', 'b'] }));
  expect(err.errorResponse.keyValue).toEqual({ tags: 'b' });
  const found = await c.find({ tags: 'a' }).toArray();
  expect(found).toHaveLength(1);
});

test('parallel arrays cannot be indexed together (171)', async () => {
  const c = fresh();
  await c.createIndex({ a: 1, b: 1 });
  expect((await serverError(c.insertOne({ a: [1, 2], b: [3, 4] }))).code).toBe(171);
  await c.insertOne({ a: [1, 2], b: 3 });
});

test('building a unique index over duplicates fails and leaves no index', async () => {
  const c = fresh();
  await c.insertMany([{ k: 1 }, { k: 1 }]);
  expect((await serverError(c.createIndex({ k: 1 }, { unique: true }))).code).toBe(11000);
  expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
});

test('sparse and partial unique indexes only cover the documents they should', async () => {
  const c = fresh();
  await c.createIndex({ nick: 1 }, { unique: true, sparse: true });
  await c.insertMany([{ a: 1 }, { a: 2 }, { nick: 'n' }]);
  expect((await serverError(c.insertOne({ nick: 'n' }))).code).toBe(11000);
  const p = fresh();
  await p.createIndex({ user: 1 }, { unique: true, partialFilterExpression: { active: true } });
  await p.insertMany([
    { user: 'u', active: false },
    { user: 'u', active: false },
    { user: 'u', active: true },
  ]);
  expect((await serverError(p.insertOne({ user: 'u', active: true }))).code).toBe(11000);
  expect(await p.countDocuments({ user: 'u' })).toBe(3);
});

test('updates that would duplicate a unique key fail and leave the document unchanged', async () => {
  const c = fresh();
  await c.createIndex({ slug: 1 }, { unique: true });
  await c.insertMany([
    { _id: 1, slug: 'a' },
    { _id: 2, slug: 'b' },
  ] as never[]);
  const err = await serverError(c.updateOne({ _id: 2 } as never, { $set: { slug: 'a' } }));
  expect(err.code).toBe(11000);
  expect((await c.findOne({ _id: 2 } as never))?.slug).toBe('b');
  expect(await c.countDocuments({ slug: 'a' })).toBe(1);
});

test('dropIndexes by name, by key, "*"; errors for _id_ (72), unknown index (27), missing collection (26)', async () => {
  const c = fresh();
  await c.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }]);
  await c.dropIndex('a_1');
  await t.db.command({ dropIndexes: c.collectionName, index: { b: 1 } });
  expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'c_1']);
  expect((await serverError(c.dropIndex('_id_'))).code).toBe(72);
  const unknown = await serverError(c.dropIndex('nope_1'));
  expect(unknown.code).toBe(27);
  expect(unknown.codeName).toBe('IndexNotFound');
  const r = await t.db.command({ dropIndexes: c.collectionName, index: '*' });
  expect(r.nIndexesWas).toBe(2);
  const missing = await serverError(t.db.command({ dropIndexes: 'no_such_collection', index: '*' }));
  expect(missing.code).toBe(26);
  expect(missing.codeName).toBe('NamespaceNotFound');
  const listMissing = await serverError(t.db.collection('no_such_collection').listIndexes().toArray());
  expect(listMissing.code).toBe(26);
});

test('queries through a compound multikey index return the same as a scan', async () => {
  const c = fresh();
  const docs = Array.from({ length: 300 }, (_, i) => ({
    county: i % 3 === 0 ? 'qitai' : 'hailin',
    status: i % 4 === 0 ? 'done' : 'open',
    candidates: [`u${i % 7}`, `u${(i + 3) % 7}`],
    due: new Date(Date.UTC(2024, 0, 1 + (i % 90))),
  }));
  await c.insertMany(docs);
  const q = { county: 'hailin', status: 'open', candidates: 'u2' };
  const scan = await c
    .find(q, { hint: { $natural: 1 } })
    .sort({ due: 1, _id: 1 })
    .toArray();
  await c.createIndex({ county: 1, status: 1, candidates: 1, due: 1 });
  const indexed = await c.find(q).sort({ due: 1, _id: 1 }).toArray();
  expect(indexed.map((d) => String(d._id))).toEqual(scan.map((d) => String(d._id)));
  const top = await c.find(q).sort({ due: 1 }).limit(5).toArray();
  expect(top.map((d) => d.due.getTime())).toEqual(scan.slice(0, 5).map((d) => d.due.getTime()));
  const ranged = await c
    .find({
      county: 'hailin',
      due: { $gte: new Date(Date.UTC(2024, 1, 1)), $lt: new Date(Date.UTC(2024, 1, 10)) },
    })
    .toArray();
  expect(ranged.length).toBe(
    docs.filter(
      (d) =>
        d.county === 'hailin' &&
        d.due >= new Date(Date.UTC(2024, 1, 1)) &&
        d.due < new Date(Date.UTC(2024, 1, 10)),
    ).length,
  );
});

test('unordered insertMany into a unique index reports every duplicate', async () => {
  const c = fresh();
  await c.createIndex({ k: 1 }, { unique: true });
  try {
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }], { ordered: false });
    throw new Error('expected a bulk write error');
  } catch (e) {
    expect(e).toBeInstanceOf(MongoBulkWriteError);
    const err = e as MongoBulkWriteError;
    expect(err.insertedCount).toBe(2);
    expect(err.writeErrors).toHaveLength(2);
  }
});
