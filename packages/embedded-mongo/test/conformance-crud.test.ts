/** CRUD and update operators through the official driver (also runs against MONGODB_URI). */
import { type Collection, Decimal128, Double, Long, MongoServerError, ObjectId } from 'mongodb';
import { openTarget, type Target } from './support';

let t: Target;
let n = 0;
const fresh = (): Collection => t.db.collection(`c${++n}`);

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

describe('insert and find', () => {
  test('insertOne generates an ObjectId and findOne returns the document with _id first', async () => {
    const c = fresh();
    const res = await c.insertOne({ name: 'a', n: 1 });
    expect(res.insertedId).toBeInstanceOf(ObjectId);
    const doc = await c.findOne({ name: 'a' });
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'name', 'n']);
  });

  test('custom _id, and duplicate _id is E11000 on the _id_ index', async () => {
    const c = fresh();
    await c.insertOne({ _id: 'x' as unknown as ObjectId, v: 1 });
    const err = await serverError(c.insertOne({ _id: 'x' as unknown as ObjectId, v: 2 }));
    expect(err.code).toBe(11000);
    expect(err.message).toBe(
      `E11000 duplicate key error collection: ${t.dbName}.${c.collectionName} index: _id_ dup key: { _id: "x" }`,
    );
    expect(err.errorResponse.keyPattern).toEqual({ _id: 1 });
    expect(err.errorResponse.keyValue).toEqual({ _id: 'x' });
  });

  test('BSON types survive a round trip exactly', async () => {
    const c = fresh();
    const doc = {
      long: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('12.345'),
      dbl: new Double(2),
      date: new Date('2024-01-02T03:04:05.678Z'),
      bin: Buffer.from([1, 2, 3]),
      oid: new ObjectId(),
      nested: { arr: [1, 'two', null] },
    };
    await c.insertOne(doc);
    const raw = await c.findOne({}, { promoteValues: false, promoteLongs: false });
    expect(raw?.long).toEqual(Long.fromString('9007199254740993'));
    expect(raw?.dec.toString()).toBe('12.345');
    expect(raw?.dbl).toBeInstanceOf(Double);
    expect(raw?.date.toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect(Buffer.from(raw?.bin.buffer).equals(Buffer.from([1, 2, 3]))).toBe(true);
    expect(raw?.oid.equals(doc.oid)).toBe(true);
    const byLong = await c.countDocuments({ long: Long.fromString('9007199254740993') });
    expect(byLong).toBe(1);
  });

  test('query operators: comparison brackets, $in/$nin, $exists, $type, $regex, $elemMatch, $all, $size, $not, $or/$nor', async () => {
    const c = fresh();
    await c.insertMany([
      {
        _id: 1,
        v: 5,
        s: 'apple',
        tags: ['a', 'b'],
        items: [
          { k: 1, q: 2 },
          { k: 2, q: 9 },
        ],
      },
      { _id: 2, v: 'five', s: 'banana', tags: ['b'], items: [{ k: 1, q: 9 }] },
      { _id: 3, v: 12, s: 'Avocado', tags: [], n: null },
      { _id: 4, s: 'cherry', tags: ['a', 'b', 'c'] },
    ] as never[]);
    const ids = async (f: object): Promise<unknown[]> =>
      (await c.find(f).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ v: { $gt: 4 } })).toEqual([1, 3]); // strings are not > 4
    expect(await ids({ v: { $in: [5, 'five'] } })).toEqual([1, 2]);
    expect(await ids({ v: { $nin: [5, 'five'] } })).toEqual([3, 4]);
    expect(await ids({ v: { $exists: false } })).toEqual([4]);
    expect(await ids({ n: null })).toEqual([1, 2, 3, 4]);
    expect(await ids({ n: { $type: 'null' } })).toEqual([3]);
    expect(await ids({ v: { $type: 'number' } })).toEqual([1, 3]);
    expect(await ids({ s: /^a/i })).toEqual([1, 3]);
    expect(await ids({ s: { $regex: 'an', $options: '' } })).toEqual([2]);
    expect(await ids({ tags: 'b' })).toEqual([1, 2, 4]);
    expect(await ids({ tags: { $all: ['a', 'b'] } })).toEqual([1, 4]);
    expect(await ids({ tags: { $size: 0 } })).toEqual([3]);
    expect(await ids({ items: { $elemMatch: { k: 1, q: { $gt: 5 } } } })).toEqual([2]);
    expect(await ids({ 'items.k': 2 })).toEqual([1]);
    expect(await ids({ v: { $not: { $gt: 6 } } })).toEqual([1, 2, 4]);
    expect(await ids({ $or: [{ v: 12 }, { s: 'cherry' }] })).toEqual([3, 4]);
    expect(await ids({ $nor: [{ v: 12 }, { s: 'cherry' }] })).toEqual([1, 2]);
    expect(await ids({ $expr: { $gt: ['$v', 10] } })).toEqual([2, 3]);
  });

  test('an unknown query operator is BadValue even on an empty collection', async () => {
    const err = await serverError(
      fresh()
        .find({ a: { $foo: 1 } })
        .toArray(),
    );
    expect(err.code).toBe(2);
    expect(err.codeName).toBe('BadValue');
  });
});

describe('update operators', () => {
  test('$set $unset $inc $mul $min $max $rename $currentDate', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 1, b: 2, c: 3, d: 10, e: 'x', nested: { x: 1 }, c2: 'moved' } as never);
    const res = await c.updateOne(
      { _id: 1 } as never,
      {
        $set: { 'nested.y': 2, z: true },
        $unset: { e: '' },
        $inc: { a: 5 },
        $mul: { b: 2.5 },
        $min: { c: 1 },
        $max: { d: 7 },
        $rename: { c2: 'renamed' },
        $currentDate: { at: true },
      } as never,
    );
    expect(res.modifiedCount).toBe(1);
    const doc = await c.findOne({ _id: 1 } as never);
    expect(doc).toMatchObject({ a: 6, b: 5, c: 1, d: 10, z: true, nested: { x: 1, y: 2 }, renamed: 'moved' });
    expect(doc?.c2).toBeUndefined();
    expect(doc?.e).toBeUndefined();
    expect(doc?.at).toBeInstanceOf(Date);
  });

  test('a no-op $set matches but does not modify', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 1 } as never);
    const res = await c.updateOne({ _id: 1 } as never, { $set: { a: 1 } });
    expect(res.matchedCount).toBe(1);
    expect(res.modifiedCount).toBe(0);
  });

  test('$push with $each/$position/$slice/$sort, $addToSet, $pull, $pullAll, $pop', async () => {
    const c = fresh();
    await c.insertOne({
      _id: 1,
      a: [3, 1],
      s: ['x'],
      p: [1, 2, 3, 4, 5, 6],
      q: [1, 2, 1, 3],
      r: [1, 2, 3],
      scores: [
        { v: 8, k: 'B' },
        { v: 3, k: 'A' },
      ],
    } as never);
    await c.updateOne(
      { _id: 1 } as never,
      {
        $push: { a: { $each: [5, 2], $sort: 1, $slice: 3 } },
        $addToSet: { s: { $each: ['x', 'y', 'y'] } },
        $pull: { p: { $gte: 5 }, scores: { v: 8, k: 'B' } },
        $pullAll: { q: [1] },
        $pop: { r: -1 },
      } as never,
    );
    const doc = await c.findOne({ _id: 1 } as never);
    expect(doc).toMatchObject({
      a: [1, 2, 3],
      s: ['x', 'y'],
      p: [1, 2, 3, 4],
      q: [2, 3],
      r: [2, 3],
      scores: [{ v: 3, k: 'A' }],
    });
    await c.updateOne({ _id: 1 } as never, { $push: { a: { $each: [0], $position: 0 } } } as never);
    expect((await c.findOne({ _id: 1 } as never))?.a).toEqual([0, 1, 2, 3]);
  });

  test('positional $, $[] and $[id] with arrayFilters', async () => {
    const c = fresh();
    await c.insertOne({
      _id: 1,
      grades: [80, 95, 90],
      items: [
        { n: 'a', q: 1 },
        { n: 'b', q: 5 },
        { n: 'c', q: 10 },
      ],
    } as never);
    await c.updateOne({ _id: 1, grades: 95 } as never, { $set: { 'grades.$': 96 } });
    await c.updateOne({ _id: 1 } as never, { $inc: { 'items.$[].q': 1 } } as never);
    await c.updateOne({ _id: 1 } as never, { $set: { 'items.$[big].flag': true } } as never, {
      arrayFilters: [{ 'big.q': { $gte: 6 } }],
    });
    await c.updateOne({ _id: 1, 'items.n': 'a' } as never, { $set: { 'items.$.n': 'A' } } as never);
    const doc = await c.findOne({ _id: 1 } as never);
    expect(doc?.grades).toEqual([80, 96, 90]);
    expect(doc?.items).toEqual([
      { n: 'A', q: 2 },
      { n: 'b', q: 6, flag: true },
      { n: 'c', q: 11, flag: true },
    ]);
  });

  test('positional $ after $elemMatch and after a dotted array query', async () => {
    const c = fresh();
    await c.insertOne({
      _id: 1,
      items: [
        { k: 1, q: 1 },
        { k: 2, q: 1 },
        { k: 2, q: 5 },
      ],
    } as never);
    await c.updateOne(
      { _id: 1, items: { $elemMatch: { k: 2, q: 5 } } } as never,
      { $set: { 'items.$.hit': true } } as never,
    );
    await c.updateOne({ _id: 1, 'items.q': { $gte: 1 } } as never, { $inc: { 'items.$.q': 10 } } as never);
    expect((await c.findOne({ _id: 1 } as never))?.items).toEqual([
      { k: 1, q: 11 },
      { k: 2, q: 1 },
      { k: 2, q: 5, hit: true },
    ]);
    const err = await serverError(c.updateOne({ _id: 1 } as never, { $set: { 'items.$.x': 1 } } as never));
    expect(err.code).toBe(2);
  });

  test('an unused array filter is FailedToParse, a missing one BadValue', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: [1] } as never);
    const unused = await serverError(c.updateOne({}, { $set: { x: 1 } }, { arrayFilters: [{ 'i.v': 1 }] }));
    expect(unused.code).toBe(9);
    const missing = await serverError(c.updateOne({}, { $set: { 'a.$[j]': 1 } } as never));
    expect(missing.code).toBe(2);
  });

  test('changing _id is ImmutableField (66), with operators and with a replacement', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 1 } as never);
    const e1 = await serverError(c.updateOne({ _id: 1 } as never, { $set: { _id: 2 } } as never));
    expect(e1.code).toBe(66);
    const e2 = await serverError(c.replaceOne({ _id: 1 } as never, { _id: 3, a: 2 } as never));
    expect(e2.code).toBe(66);
  });

  test('type and path errors: $inc on a string (14), conflicting paths (40), path not viable (28)', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, s: 'x', n: 1 } as never);
    expect((await serverError(c.updateOne({ _id: 1 } as never, { $inc: { s: 1 } } as never))).code).toBe(14);
    expect(
      (await serverError(c.updateOne({ _id: 1 } as never, { $set: { a: 1 }, $inc: { a: 1 } } as never))).code,
    ).toBe(40);
    expect((await serverError(c.updateOne({ _id: 1 } as never, { $set: { 'n.x': 1 } } as never))).code).toBe(
      28,
    );
    expect((await serverError(c.updateOne({ _id: 1 } as never, { $push: { s: 1 } } as never))).code).toBe(2);
  });

  test('replacement keeps _id, updateMany counts matches and modifications', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 1, a: 1, g: 1 },
      { _id: 2, a: 2, g: 1 },
      { _id: 3, a: 2, g: 2 },
    ] as never[]);
    await c.replaceOne({ _id: 1 } as never, { b: 'new' });
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, b: 'new' });
    const res = await c.updateMany({ a: { $exists: true } }, { $set: { a: 2 } });
    expect(res.matchedCount).toBe(2);
    expect(res.modifiedCount).toBe(0);
    const res2 = await c.updateMany({ g: { $gte: 1 } }, { $set: { g: 1 } });
    expect(res2.matchedCount).toBe(2);
    expect(res2.modifiedCount).toBe(1);
  });

  test('update with an aggregation pipeline', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 2, b: 3 } as never);
    await c.updateOne({ _id: 1 } as never, [{ $set: { sum: { $add: ['$a', '$b'] } } }, { $unset: 'b' }]);
    expect(await c.findOne({ _id: 1 } as never)).toEqual({ _id: 1, a: 2, sum: 5 });
  });
});

describe('upserts', () => {
  test('seeds from equality conditions, applies $setOnInsert, reports upsertedId', async () => {
    const c = fresh();
    const res = await c.updateOne(
      { key: 'k1', 'meta.kind': 'x', n: { $gt: 5 } },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(res.upsertedCount).toBe(1);
    expect(res.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await c.findOne({ key: 'k1' });
    expect(doc).toMatchObject({ key: 'k1', meta: { kind: 'x' }, v: 1, created: true });
    expect(doc?.n).toBeUndefined();
    const again = await c.updateOne(
      { key: 'k1' },
      { $set: { v: 2 }, $setOnInsert: { created: false } },
      { upsert: true },
    );
    expect(again.upsertedCount).toBe(0);
    expect(again.modifiedCount).toBe(1);
    expect((await c.findOne({ key: 'k1' }))?.created).toBe(true);
  });

  test('upsert with _id in the query and with a replacement', async () => {
    const c = fresh();
    const res = await c.updateOne({ _id: 'abc' } as never, { $inc: { n: 1 } }, { upsert: true });
    expect(res.upsertedId).toBe('abc');
    await c.replaceOne({ _id: 'r' } as never, { v: 1 }, { upsert: true });
    expect(await c.findOne({ _id: 'r' } as never)).toEqual({ _id: 'r', v: 1 });
  });
});

describe('delete', () => {
  test('deleteOne removes one, deleteMany all matches', async () => {
    const c = fresh();
    await c.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    expect((await c.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({ g: { $gte: 1 } })).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(0);
  });
});

describe('findAndModify', () => {
  test('new, sort, fields, upsert, remove and lastErrorObject', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 1, q: 'a', n: 1 },
      { _id: 2, q: 'a', n: 5 },
    ] as never[]);
    const after = await c.findOneAndUpdate(
      { q: 'a' },
      { $inc: { n: 10 } },
      { sort: { n: -1 }, returnDocument: 'after', projection: { n: 1 } },
    );
    expect(after).toEqual({ _id: 2, n: 15 });
    const before = await c.findOneAndUpdate(
      { q: 'a' },
      { $set: { n: 0 } },
      { sort: { n: 1 }, includeResultMetadata: true },
    );
    expect(before.value).toEqual({ _id: 1, q: 'a', n: 1 });
    expect(before.lastErrorObject).toEqual({ n: 1, updatedExisting: true });
    const ups = await c.findOneAndUpdate(
      { q: 'z' },
      { $set: { n: 1 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(ups.lastErrorObject?.updatedExisting).toBe(false);
    expect(ups.lastErrorObject?.upserted).toBeInstanceOf(ObjectId);
    expect(ups.value).toMatchObject({ q: 'z', n: 1 });
    const removed = await c.findOneAndDelete({ _id: 1 } as never);
    expect(removed).toEqual({ _id: 1, q: 'a', n: 0 });
    const none = await c.findOneAndUpdate(
      { q: 'nothing' },
      { $set: { n: 1 } },
      { includeResultMetadata: true },
    );
    expect(none.value).toBeNull();
    expect(none.lastErrorObject).toEqual({ n: 0, updatedExisting: false });
  });

  test('a duplicate key fails the command with keyPattern and keyValue', async () => {
    const c = fresh();
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([{ email: 'a' }, { email: 'b' }]);
    const err = await serverError(c.findOneAndUpdate({ email: 'b' }, { $set: { email: 'a' } }));
    expect(err.code).toBe(11000);
    expect(err.codeName).toBe('DuplicateKey');
    expect(err.errorResponse.keyPattern).toEqual({ email: 1 });
    expect(err.errorResponse.keyValue).toEqual({ email: 'a' });
  });
});
