/** Aggregation pipelines (also runs against MONGODB_URI). */
import { MongoServerError } from 'mongodb';
import { openTarget, type Target } from './support';

let t: Target;

beforeAll(async () => {
  t = await openTarget(__filename);
  await t.db.collection('orders').insertMany([
    {
      _id: 1,
      customer: 'c1',
      items: [
        { sku: 'a', qty: 2, price: 10 },
        { sku: 'b', qty: 1, price: 5 },
      ],
      status: 'paid',
    },
    { _id: 2, customer: 'c2', items: [{ sku: 'a', qty: 1, price: 10 }], status: 'paid' },
    { _id: 3, customer: 'c1', items: [{ sku: 'c', qty: 4, price: 1 }], status: 'open' },
    { _id: 4, customer: 'c3', items: [], status: 'open' },
  ] as never[]);
  await t.db.collection('customers').insertMany([
    { _id: 'c1', name: 'Ann', region: 'north' },
    { _id: 'c2', name: 'Bo', region: 'south' },
  ] as never[]);
});
afterAll(async () => {
  await t.close();
});

test('$match, $unwind, $group, $sort, $project', async () => {
  const r = await t.db
    .collection('orders')
    .aggregate([
      { $match: { status: 'paid' } },
      { $unwind: '$items' },
      {
        $group: {
          _id: '$items.sku',
          qty: { $sum: '$items.qty' },
          revenue: { $sum: { $multiply: ['$items.qty', '$items.price'] } },
        },
      },
      { $sort: { revenue: -1 } },
      { $project: { _id: 0, sku: '$_id', qty: 1, revenue: 1 } },
    ])
    .toArray();
  expect(r).toEqual([
    { qty: 3, revenue: 30, sku: 'a' },
    { qty: 1, revenue: 5, sku: 'b' },
  ]);
});

test('$lookup with localField/foreignField and with a pipeline', async () => {
  const r = await t.db
    .collection('orders')
    .aggregate([
      { $sort: { _id: 1 } },
      { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'cust' } },
      { $project: { customer: 1, name: { $arrayElemAt: ['$cust.name', 0] }, n: { $size: '$cust' } } },
    ])
    .toArray();
  expect(r).toEqual([
    { _id: 1, customer: 'c1', name: 'Ann', n: 1 },
    { _id: 2, customer: 'c2', name: 'Bo', n: 1 },
    { _id: 3, customer: 'c1', name: 'Ann', n: 1 },
    { _id: 4, customer: 'c3', n: 0 },
  ]);
  const p = await t.db
    .collection('customers')
    .aggregate([
      {
        $lookup: {
          from: 'orders',
          let: { cid: '$_id' },
          pipeline: [{ $match: { $expr: { $eq: ['$customer', '$$cid'] } } }, { $count: 'n' }],
          as: 'orders',
        },
      },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  expect(p.map((d) => d.orders)).toEqual([[{ n: 2 }], [{ n: 1 }]]);
});

test('$facet and $count, countDocuments through $group', async () => {
  const [r] = await t.db
    .collection('orders')
    .aggregate([{ $facet: { byStatus: [{ $sortByCount: '$status' }], total: [{ $count: 'n' }] } }])
    .toArray();
  expect(r.total).toEqual([{ n: 4 }]);
  expect(r.byStatus).toHaveLength(2);
  expect(await t.db.collection('orders').countDocuments({ status: 'open' })).toBe(2);
});

test('cursor batches for large aggregation results', async () => {
  const docs = Array.from({ length: 300 }, (_, i) => ({ i }));
  await t.db.collection('many').insertMany(docs);
  const out = await t.db
    .collection('many')
    .aggregate([{ $match: { i: { $gte: 0 } } }, { $project: { _id: 0, i: 1 } }], { batchSize: 50 })
    .toArray();
  expect(out).toHaveLength(300);
  const raw = await t.db.command({ aggregate: 'many', pipeline: [{ $match: {} }], cursor: { batchSize: 7 } });
  expect(raw.cursor.firstBatch).toHaveLength(7);
  expect(Number(raw.cursor.id)).not.toBe(0);
});

test('$out replaces the target collection, $merge upserts into one', async () => {
  await t.db
    .collection('orders')
    .aggregate([{ $group: { _id: '$customer', orders: { $sum: 1 } } }, { $out: 'order_counts' }])
    .toArray();
  const counts = await t.db.collection('order_counts').find().sort({ _id: 1 }).toArray();
  expect(counts).toEqual([
    { _id: 'c1', orders: 2 },
    { _id: 'c2', orders: 1 },
    { _id: 'c3', orders: 1 },
  ]);
  await t.db
    .collection('customers')
    .aggregate([
      { $project: { name: 1 } },
      { $merge: { into: 'order_counts', whenMatched: 'merge', whenNotMatched: 'discard' } },
    ])
    .toArray();
  expect(await t.db.collection('order_counts').findOne({ _id: 'c1' } as never)).toEqual({
    _id: 'c1',
    orders: 2,
    name: 'Ann',
  });
  expect(await t.db.collection('order_counts').countDocuments()).toBe(3);
});

test('aggregation errors: unknown stage, cursor option required, $out not last', async () => {
  const unknown = await t.db
    .command({ aggregate: 'orders', pipeline: [{ $bogus: {} }], cursor: {} })
    .catch((e: MongoServerError) => e);
  expect((unknown as MongoServerError).code).toBe(40324);
  const noCursor = await t.db
    .command({ aggregate: 'orders', pipeline: [] })
    .catch((e: MongoServerError) => e);
  expect((noCursor as MongoServerError).code).toBe(9);
  const outFirst = await t.db
    .command({ aggregate: 'orders', pipeline: [{ $out: 'x' }, { $match: {} }], cursor: {} })
    .catch((e: MongoServerError) => e);
  expect((outFirst as MongoServerError).code).toBe(40601);
});

test('expressions compare across types like the server ($gt: ["five", 10] is true)', async () => {
  const c = t.db.collection('mixed');
  await c.insertMany([{ _id: 1, v: 5 }, { _id: 2, v: 'five' }, { _id: 3 }] as never[]);
  const r = await c.aggregate([{ $project: { gt: { $gt: ['$v', 10] } } }, { $sort: { _id: 1 } }]).toArray();
  expect(r.map((d) => d.gt)).toEqual([false, true, false]);
});
