/** Ordered and unordered bulk writes and the raw writeErrors shape (also runs against MONGODB_URI). */
import { type Collection, MongoBulkWriteError } from 'mongodb';
import { openTarget, type Target } from './support';

let t: Target;
let n = 0;
const fresh = async (): Promise<Collection> => {
  const c = t.db.collection(`bulk${++n}`);
  await c.createIndex({ k: 1 }, { unique: true });
  return c;
};

beforeAll(async () => {
  t = await openTarget(__filename);
});
afterAll(async () => {
  await t.close();
});

async function bulkError(p: Promise<unknown>): Promise<MongoBulkWriteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MongoBulkWriteError) return e;
    throw e;
  }
  throw new Error('expected a bulk write error');
}

test('raw insert reply: ok 1, n counts successes, writeErrors carry index/code/errmsg/keyPattern/keyValue', async () => {
  const c = await fresh();
  const reply = await t.db.command({
    insert: c.collectionName,
    documents: [
      { _id: 1, k: 'a' },
      { _id: 2, k: 'a' },
      { _id: 3, k: 'b' },
    ],
    ordered: false,
  });
  expect(reply.ok).toBe(1);
  expect(reply.n).toBe(2);
  expect(reply.writeErrors).toHaveLength(1);
  const we = reply.writeErrors[0];
  expect(we).toMatchObject({ index: 1, code: 11000, keyPattern: { k: 1 }, keyValue: { k: 'a' } });
  expect(we.errmsg).toBe(
    `E11000 duplicate key error collection: ${t.dbName}.${c.collectionName} index: k_1 dup key: { k: "a" }`,
  );
});

test('ordered bulkWrite stops at the first error', async () => {
  const c = await fresh();
  const err = await bulkError(
    c.bulkWrite([
      { insertOne: { document: { k: 1 } } },
      { insertOne: { document: { k: 1 } } },
      { insertOne: { document: { k: 2 } } },
    ]),
  );
  expect(err.insertedCount).toBe(1);
  expect(err.writeErrors).toHaveLength(1);
  expect(await c.countDocuments()).toBe(1);
});

test('unordered bulkWrite continues after errors and counts each kind', async () => {
  const c = await fresh();
  await c.insertMany([
    { k: 1, v: 0 },
    { k: 2, v: 0 },
    { k: 3, v: 0 },
  ]);
  const err = await bulkError(
    c.bulkWrite(
      [
        { insertOne: { document: { k: 1 } } },
        { updateOne: { filter: { k: 1 }, update: { $set: { v: 1 } } } },
        { updateMany: { filter: { k: { $gte: 2 } }, update: { $set: { v: 0 } } } },
        { updateOne: { filter: { k: 2 }, update: { $set: { k: 3 } } } },
        { replaceOne: { filter: { k: 9 }, replacement: { k: 9, v: 9 }, upsert: true } },
        { deleteOne: { filter: { k: 3 } } },
        { insertOne: { document: { k: 4 } } },
      ],
      { ordered: false },
    ),
  );
  expect(
    [err.writeErrors]
      .flat()
      .map((w) => w.index)
      .sort(),
  ).toEqual([0, 3]);
  const r = err.result;
  expect(r.insertedCount).toBe(1);
  // The driver sends an unordered bulk as one batch per kind: inserts (k:4 lands first), then
  // updates: k:1 matched+modified, updateMany matches k:2,3,4 (only k:4 changes), k:2→3 fails.
  expect(r.matchedCount).toBe(4);
  expect(r.modifiedCount).toBe(2);
  expect(r.upsertedCount).toBe(1);
  expect(r.deletedCount).toBe(1);
  expect(
    (
      await c
        .find({}, { projection: { _id: 0 } })
        .sort({ k: 1 })
        .toArray()
    ).map((d) => d.k),
  ).toEqual([1, 2, 4, 9]);
});

test('raw update reply with upserted entries and nModified', async () => {
  const c = await fresh();
  await c.insertOne({ k: 1, v: 1 });
  const reply = await t.db.command({
    update: c.collectionName,
    updates: [
      { q: { k: 1 }, u: { $set: { v: 1 } } },
      { q: { k: 2 }, u: { $set: { v: 2 } }, upsert: true },
      { q: { k: 1 }, u: { $set: { v: 5 } } },
    ],
  });
  expect(reply.n).toBe(3);
  expect(reply.nModified).toBe(1);
  expect(reply.upserted).toHaveLength(1);
  expect(reply.upserted[0].index).toBe(1);
});

test('raw delete reply and limit validation', async () => {
  const c = await fresh();
  await c.insertMany([{ k: 1 }, { k: 2 }, { k: 3 }]);
  const reply = await t.db.command({
    delete: c.collectionName,
    deletes: [{ q: { k: { $lte: 2 } }, limit: 0 }],
  });
  expect(reply.n).toBe(2);
  const bad = await t.db
    .command({ delete: c.collectionName, deletes: [{ q: {}, limit: 5 }] })
    .catch((e: { code?: number }) => e);
  expect(
    (bad as { code?: number }).code ??
      (bad as { writeErrors?: Array<{ code: number }> }).writeErrors?.[0]?.code,
  ).toBeGreaterThan(0);
});
