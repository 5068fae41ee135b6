/** mongoose 8 over the wire (also runs against MONGODB_URI). */
import mongoose, { Schema, Types } from 'mongoose';
import { openTarget, type Target } from './support';

let t: Target;
let conn: mongoose.Connection;

interface User {
  username: string;
  email: string;
  county: string;
  roles: string[];
  profile?: { displayName?: string };
  balance: Types.Decimal128;
  visits: bigint;
}

interface Task {
  county: string;
  status: 'open' | 'done';
  candidates: string[];
  due: Date;
  owner?: Types.ObjectId;
  data?: Record<string, unknown>;
  rev: number;
}

const userSchema = new Schema<User>(
  {
    username: { type: String, required: true, unique: true },
    email: { type: String, required: true },
    county: { type: String, required: true, index: true },
    roles: [String],
    profile: { displayName: String },
    balance: { type: Schema.Types.Decimal128, default: () => Types.Decimal128.fromString('0') },
    visits: { type: BigInt, default: 0n },
  },
  { timestamps: true },
);
userSchema.index({ county: 1, email: 1 }, { unique: true });

const taskSchema = new Schema<Task>({
  county: String,
  status: { type: String, enum: ['open', 'done'] },
  candidates: [String],
  due: Date,
  owner: { type: Schema.Types.ObjectId, ref: 'User' },
  data: Schema.Types.Mixed,
  rev: { type: Number, default: 0 },
});
taskSchema.index({ county: 1, status: 1, candidates: 1, due: 1 });

beforeAll(async () => {
  t = await openTarget(__filename);
  conn = await mongoose.createConnection(t.uri, { dbName: t.dbName }).asPromise();
  conn.model<User>('User', userSchema);
  conn.model<Task>('Task', taskSchema);
  await Promise.all([conn.model('User').init(), conn.model('Task').init()]);
});
afterAll(async () => {
  await conn.close();
  await t.close();
});

test('create, findById, lean, timestamps, Decimal128 and BigInt round trips', async () => {
  const User = conn.model<User>('User');
  const u = await User.create({
    username: 'zhang',
    email: 'z@x.cn',
    county: 'qitai',
    roles: ['admin'],
    visits: 12345678901234n,
  });
  const found = await User.findById(u._id);
  expect(found?.username).toBe('zhang');
  expect(found?.get('createdAt')).toBeInstanceOf(Date);
  expect(found?.visits).toBe(12345678901234n);
  expect(found?.balance.toString()).toBe('0');
  const lean = await User.findOne({ username: 'zhang' }).lean();
  expect(lean?._id).toBeInstanceOf(Types.ObjectId);
  expect(lean?.roles).toEqual(['admin']);
});

test('unique indexes surface as E11000 with keyValue, as mongoose users expect', async () => {
  const User = conn.model<User>('User');
  await User.create({ username: 'li', email: 'l@x.cn', county: 'hailin' });
  const err = await User.create({ username: 'li', email: 'other@x.cn', county: 'hailin' }).catch(
    (e: { code?: number; keyValue?: unknown }) => e,
  );
  expect((err as { code?: number }).code).toBe(11000);
  expect((err as { keyValue?: unknown }).keyValue).toEqual({ username: 'li' });
  const compound = await User.create({ username: 'li2', email: 'l@x.cn', county: 'hailin' }).catch(
    (e: { keyValue?: unknown }) => e,
  );
  expect((compound as { keyValue?: unknown }).keyValue).toEqual({ county: 'hailin', email: 'l@x.cn' });
  const indexes = await User.listIndexes();
  expect(indexes.map((i: { name: string }) => i.name).sort()).toEqual([
    '_id_',
    'county_1',
    'county_1_email_1',
    'username_1',
  ]);
});

test('updates: findOneAndUpdate with upsert, optimistic revision check, $push, updateMany', async () => {
  const Task = conn.model<Task>('Task');
  const created = await Task.findOneAndUpdate(
    { county: 'qitai', status: 'open', due: new Date('2024-03-01') },
    { $addToSet: { candidates: 'wang' }, $inc: { rev: 1 } },
    { upsert: true, new: true },
  );
  expect(created?.rev).toBe(1);
  expect(created?.candidates).toEqual(['wang']);
  const stale = await Task.updateOne({ _id: created?._id, rev: 0 }, { $set: { status: 'done' } });
  expect(stale.matchedCount).toBe(0);
  const fresh = await Task.updateOne(
    { _id: created?._id, rev: 1 },
    { $set: { 'data.comment': '同意' }, $inc: { rev: 1 } },
  );
  expect(fresh.modifiedCount).toBe(1);
  await Task.updateOne({ _id: created?._id }, { $push: { candidates: { $each: ['li', 'zhao'] } } });
  const doc = await Task.findById(created?._id).lean();
  expect(doc?.candidates).toEqual(['wang', 'li', 'zhao']);
  expect(doc?.data).toEqual({ comment: '同意' });
  const many = await Task.updateMany({ county: 'qitai' }, { $set: { status: 'done' } });
  expect(many.modifiedCount).toBe(1);
});

test('queries: inbox by index with sort and limit, countDocuments, distinct, populate', async () => {
  const User = conn.model<User>('User');
  const Task = conn.model<Task>('Task');
  const owner = await User.create({ username: 'owner', email: 'o@x.cn', county: 'jinan-shizhong' });
  await Task.insertMany(
    Array.from({ length: 60 }, (_, i) => ({
      county: 'jinan-shizhong',
      status: i % 3 === 0 ? 'done' : 'open',
      candidates: [`u${i % 4}`],
      due: new Date(Date.UTC(2024, 5, 1 + i)),
      owner: owner._id,
    })),
  );
  const inbox = await Task.find({ county: 'jinan-shizhong', status: 'open', candidates: 'u1' })
    .sort({ due: 1 })
    .limit(5)
    .lean();
  expect(inbox).toHaveLength(5);
  const dues = inbox.map((d) => d.due.getTime());
  expect([...dues].sort((a, b) => a - b)).toEqual(dues);
  expect(await Task.countDocuments({ county: 'jinan-shizhong', status: 'open' })).toBe(40);
  expect((await Task.distinct('candidates', { county: 'jinan-shizhong' })).sort()).toEqual([
    'u0',
    'u1',
    'u2',
    'u3',
  ]);
  const populated = await Task.findOne({ county: 'jinan-shizhong' }).populate<{ owner: User }>('owner');
  expect(populated?.owner.username).toBe('owner');
  const agg = await Task.aggregate([
    { $match: { county: 'jinan-shizhong' } },
    { $group: { _id: '$status', n: { $sum: 1 } } },
    { $sort: { _id: 1 } },
  ]);
  expect(agg).toEqual([
    { _id: 'done', n: 20 },
    { _id: 'open', n: 40 },
  ]);
});

test('deletes, estimatedDocumentCount, bulkWrite and cursors through mongoose', async () => {
  const Task = conn.model<Task>('Task');
  const before = await Task.estimatedDocumentCount();
  const res = await Task.bulkWrite([
    { insertOne: { document: { county: 'tmp', status: 'open', candidates: [], due: new Date() } } },
    { updateMany: { filter: { county: 'tmp' }, update: { $set: { status: 'done' } } } },
    { deleteMany: { filter: { county: 'tmp' } } },
  ]);
  expect(res.insertedCount).toBe(1);
  expect(res.deletedCount).toBe(1);
  expect(await Task.estimatedDocumentCount()).toBe(before);
  let seen = 0;
  for await (const doc of Task.find({}).batchSize(7).cursor()) {
    expect(doc.county).toBeDefined();
    seen++;
  }
  expect(seen).toBe(before);
  const del = await Task.deleteMany({ status: 'done' });
  expect(del.deletedCount).toBeGreaterThan(0);
});

test('arrayFilters, immutable _id, insertMany with duplicates, $facet, syncIndexes', async () => {
  const Task = conn.model<Task>('Task');
  const User = conn.model<User>('User');
  const t1 = await Task.create({
    county: 'af',
    status: 'open',
    candidates: ['a', 'b', 'c'],
    due: new Date(),
  });
  await Task.updateOne({ _id: t1._id }, { $set: { 'candidates.$[x]': 'B' } }, { arrayFilters: [{ x: 'b' }] });
  expect((await Task.findById(t1._id).lean())?.candidates).toEqual(['a', 'B', 'c']);
  const immutable = await Task.collection
    .updateOne({ _id: t1._id }, { $set: { _id: new Types.ObjectId() } })
    .catch((e: { code?: number }) => e);
  expect((immutable as { code?: number }).code).toBe(66);
  const dup = await User.insertMany(
    [
      { username: 'm1', email: 'm1@x.cn', county: 'm' },
      { username: 'm1', email: 'm2@x.cn', county: 'm' },
      { username: 'm3', email: 'm3@x.cn', county: 'm' },
    ],
    { ordered: false },
  ).catch((e: { code?: number; insertedDocs?: unknown[]; writeErrors?: unknown[] }) => e);
  expect((dup as { code?: number }).code).toBe(11000);
  expect(await User.countDocuments({ county: 'm' })).toBe(2);
  const [facet] = await Task.aggregate([
    { $match: { county: 'af' } },
    { $unwind: '$candidates' },
    { $facet: { n: [{ $count: 'n' }], names: [{ $group: { _id: null, all: { $push: '$candidates' } } }] } },
  ]);
  expect(facet.n).toEqual([{ n: 3 }]);
  expect(facet.names[0].all).toEqual(['a', 'B', 'c']);
  User.schema.index({ email: 1 });
  const dropped = await User.syncIndexes();
  expect(dropped).toEqual([]);
  expect((await User.listIndexes()).map((i: { name: string }) => i.name)).toContain('email_1');
});

test('validation errors stay client-side and casting of ids works', async () => {
  const User = conn.model<User>('User');
  await expect(User.create({ username: 'x' })).rejects.toThrow(/validation failed/);
  const id = new Types.ObjectId();
  expect(await User.findById(id.toHexString())).toBeNull();
});
