/** Sorting, projection, cursors and batching, count and distinct (also runs against MONGODB_URI). */
import { type Collection, Long, MongoServerError } from 'mongodb';
import { openTarget, type Target } from './support';

let t: Target;
type Person = { _id: number; [field: string]: unknown };
let c: Collection<Person>;

beforeAll(async () => {
  t = await openTarget(__filename);
  c = t.db.collection<Person>('people');
  await c.insertMany(
    Array.from({ length: 250 }, (_, i) => ({
      _id: i,
      name: `p${String(i).padStart(3, '0')}`,
      age: i % 50,
      group: ['a', 'b', 'c'][i % 3],
      tags: i % 2 === 0 ? ['even', `t${i % 5}`] : ['odd'],
      address: { city: i % 4 === 0 ? 'Harbin' : 'Jinan', zip: 1000 + i },
      scores: [i % 7, (i * 3) % 11],
    })) as never[],
  );
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

describe('sort, skip, limit', () => {
  test('compound sort with skip and limit', async () => {
    const docs = await c
      .find({}, { projection: { age: 1, name: 1 } })
      .sort({ age: -1, name: 1 })
      .skip(3)
      .limit(4)
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([199, 249, 48, 98]);
    expect(docs[0]).toEqual({ _id: 199, name: 'p199', age: 49 });
  });

  test('sorting by an array field uses its smallest element ascending, largest descending', async () => {
    const asc = await c
      .find({ _id: { $in: [0, 1, 2] } })
      .sort({ scores: 1, _id: 1 })
      .toArray();
    expect(asc.map((d) => d._id)).toEqual([0, 1, 2]);
    const desc = await c
      .find({ _id: { $in: [3, 4, 10] } })
      .sort({ scores: -1 })
      .toArray();
    // max(scores): 3 → [3, 9]=9, 4 → [4, 1]=4, 10 → [3, 8]=8
    expect(desc.map((d) => d._id)).toEqual([3, 10, 4]);
  });

  test('sort on missing fields puts them first ascending', async () => {
    const s = t.db.collection('sparse_sort');
    await s.insertMany([{ _id: 1, v: 2 }, { _id: 2 }, { _id: 3, v: null }, { _id: 4, v: 1 }] as never[]);
    const docs = await s.find().sort({ v: 1, _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([2, 3, 4, 1]);
  });

  test('an invalid sort value is rejected', async () => {
    const err = await serverError(t.db.command({ find: 'people', sort: { age: 2 } }));
    expect(err.code).toBe(15975);
  });
});

describe('projection', () => {
  test('inclusion of nested fields, exclusion, _id suppression', async () => {
    expect(await c.findOne({ _id: 4 } as never, { projection: { 'address.city': 1, _id: 0 } })).toEqual({
      address: { city: 'Harbin' },
    });
    const ex = await c.findOne({ _id: 4 } as never, { projection: { tags: 0, scores: 0, address: 0 } });
    expect(ex).toEqual({ _id: 4, name: 'p004', age: 4, group: 'b' });
  });

  test('$slice, $elemMatch and positional $', async () => {
    expect(
      await c.findOne({ _id: 10 } as never, { projection: { scores: { $slice: -1 }, _id: 0, name: 1 } }),
    ).toEqual({ name: 'p010', scores: [8] });
    expect(
      await c.findOne({ _id: 10 } as never, { projection: { tags: { $elemMatch: { $regex: '^t' } } } }),
    ).toEqual({ _id: 10, tags: ['t0'] });
    expect(await c.findOne({ _id: 10, tags: 't0' } as never, { projection: { 'tags.$': 1 } })).toEqual({
      _id: 10,
      tags: ['t0'],
    });
  });

  test('computed fields in a find projection', async () => {
    expect(
      await c.findOne({ _id: 7 } as never, {
        projection: { _id: 0, twice: { $multiply: ['$age', 2] }, city: '$address.city' },
      }),
    ).toEqual({
      twice: 14,
      city: 'Jinan',
    });
  });

  test('mixing inclusion and exclusion is an error', async () => {
    const err = await serverError(c.find({}, { projection: { a: 1, b: 0 } }).toArray());
    expect(err.code).toBe(31254);
  });
});

describe('cursors', () => {
  test('batches: firstBatch of batchSize, then getMore until exhausted', async () => {
    const cursor = c.find({}, { batchSize: 100 });
    const all = await cursor.toArray();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((d) => d._id)).size).toBe(250);
  });

  test('raw getMore / killCursors replies and CursorNotFound (43)', async () => {
    const first = await t.db.command({ find: 'people', filter: {}, batchSize: 10, sort: { _id: 1 } });
    expect(first.cursor.firstBatch).toHaveLength(10);
    expect(first.cursor.ns).toBe(`${t.dbName}.people`);
    const id = first.cursor.id as Long;
    expect(Long.isLong(id) || typeof id === 'number').toBe(true);
    const more = await t.db.command({ getMore: Long.fromValue(id), collection: 'people', batchSize: 5 });
    expect(more.cursor.nextBatch.map((d: { _id: number }) => d._id)).toEqual([10, 11, 12, 13, 14]);
    const killed = await t.db.command({ killCursors: 'people', cursors: [Long.fromValue(id)] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const err = await serverError(t.db.command({ getMore: Long.fromValue(id), collection: 'people' }));
    expect(err.code).toBe(43);
    expect(err.codeName).toBe('CursorNotFound');
  });

  test('an exhausted cursor reports id 0', async () => {
    const r = await t.db.command({ find: 'people', filter: { _id: { $lt: 3 } } });
    expect(Number(r.cursor.id)).toBe(0);
    expect(r.cursor.firstBatch).toHaveLength(3);
  });

  test('negative limit and singleBatch return one batch without a cursor', async () => {
    const r = await t.db.command({ find: 'people', filter: {}, limit: 5, singleBatch: true });
    expect(r.cursor.firstBatch).toHaveLength(5);
    expect(Number(r.cursor.id)).toBe(0);
    const docs = await c.find({}).limit(-7).toArray();
    expect(docs).toHaveLength(7);
  });

  test('limit smaller than batchSize closes the cursor', async () => {
    const r = await t.db.command({ find: 'people', filter: {}, limit: 3, batchSize: 2 });
    expect(r.cursor.firstBatch).toHaveLength(2);
    const more = await t.db.command({ getMore: r.cursor.id, collection: 'people' });
    expect(more.cursor.nextBatch).toHaveLength(1);
    expect(Number(more.cursor.id)).toBe(0);
  });
});

describe('count and distinct', () => {
  test('countDocuments, estimatedDocumentCount and the count command', async () => {
    expect(await c.countDocuments({ group: 'a' })).toBe(84);
    expect(await c.countDocuments({ group: 'a' }, { skip: 80, limit: 10 })).toBe(4);
    expect(await c.estimatedDocumentCount()).toBe(250);
    const r = await t.db.command({ count: 'people', query: { 'address.city': 'Harbin' } });
    expect(r.n).toBe(63);
    expect((await t.db.command({ count: 'missing_collection' })).n).toBe(0);
  });

  test('distinct flattens arrays and honours the query', async () => {
    expect((await c.distinct('group')).sort()).toEqual(['a', 'b', 'c']);
    expect((await c.distinct('tags', { age: { $lt: 3 } })).sort()).toEqual(['even', 'odd', 't0', 't2']);
    expect((await c.distinct('address.city')).sort()).toEqual(['Harbin', 'Jinan']);
  });
});
