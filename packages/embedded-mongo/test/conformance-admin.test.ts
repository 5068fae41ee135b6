/** Handshake, catalog commands, error shapes and GridFS (also runs against MONGODB_URI). */
import { Readable } from 'node:stream';
import { GridFSBucket, MongoServerError } from 'mongodb';
import { openTarget, type Target, usingEmbedded } from './support';

let t: Target;

beforeAll(async () => {
  t = await openTarget(__filename);
});
afterAll(async () => {
  await t.close();
});

async function commandError(cmd: object, db = t.db): Promise<MongoServerError> {
  try {
    await db.command(cmd);
  } catch (e) {
    if (e instanceof MongoServerError) return e;
    throw e;
  }
  throw new Error('expected a server error');
}

test('hello: standalone, wire version 21, session support', async () => {
  const hello = await t.db.admin().command({ hello: 1 });
  expect(hello.isWritablePrimary).toBe(true);
  expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21);
  expect(hello.logicalSessionTimeoutMinutes).toBe(30);
  expect(hello.maxBsonObjectSize).toBe(16777216);
  if (usingEmbedded) {
    expect(hello.setName).toBeUndefined();
    const info = await t.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^7\.0\./);
  }
  expect((await t.db.admin().command({ ping: 1 })).ok).toBe(1);
});

test('unknown commands answer CommandNotFound (59) with codeName', async () => {
  const err = await commandError({ noSuchCommandHere: 1 });
  expect(err.code).toBe(59);
  expect(err.codeName).toBe('CommandNotFound');
  expect(err.message).toContain("no such command: 'noSuchCommandHere'");
});

test('create, listCollections with filter and nameOnly, create with other options is 48', async () => {
  await t.db.createCollection('alpha');
  await t.db.createCollection('beta', { validator: { n: { $type: 'number' } } });
  // MongoDB 7.0: creating an existing collection with identical options succeeds
  await t.db.command({ create: 'alpha' });
  const conflict = await commandError({ create: 'beta' });
  expect(conflict.code).toBe(48);
  expect(conflict.codeName).toBe('NamespaceExists');
  const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  expect(names).toEqual(expect.arrayContaining(['alpha', 'beta']));
  const filtered = await t.db.listCollections({ name: 'beta' }).toArray();
  expect(filtered).toHaveLength(1);
  expect(filtered[0].type).toBe('collection');
  expect((filtered[0] as { options?: { validator?: unknown } }).options?.validator).toEqual({
    n: { $type: 'number' },
  });
});

test('listCollections and listIndexes cursors page with getMore', async () => {
  for (let i = 0; i < 5; i++) await t.db.createCollection(`paged${i}`);
  const names = (
    await t.db.listCollections({ name: /^paged/ }, { nameOnly: true, batchSize: 2 }).toArray()
  ).map((c) => c.name);
  expect(names.sort()).toEqual(['paged0', 'paged1', 'paged2', 'paged3', 'paged4']);
  const c = t.db.collection('paged0');
  await c.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }]);
  const first = await t.db.command({ listIndexes: 'paged0', cursor: { batchSize: 1 } });
  expect(first.cursor.ns).toBe(`${t.dbName}.$cmd.listIndexes.paged0`);
  const rest = await t.db.command({ getMore: first.cursor.id, collection: '$cmd.listIndexes.paged0' });
  expect(rest.cursor.nextBatch.map((i: { name: string }) => i.name)).toEqual(['a_1', 'b_1', 'c_1']);
});

test('a collection validator rejects documents (121)', async () => {
  const c = t.db.collection('beta');
  await c.insertOne({ n: 1 });
  const err = await c.insertOne({ n: 'x' }).catch((e: MongoServerError) => e);
  expect((err as MongoServerError).code).toBe(121);
});

test('drop and dropDatabase; dropping a missing collection is ok as in MongoDB 7', async () => {
  await t.db.collection('gone').insertOne({ a: 1 });
  expect(await t.db.collection('gone').drop()).toBe(true);
  const again = await t.db.command({ drop: 'gone' }).catch((e: MongoServerError) => e);
  // MongoDB >= 7.0 answers ok; older servers answer 26 NamespaceNotFound.
  if (again instanceof MongoServerError) expect(again.code).toBe(26);
  else expect(again.ok).toBe(1);
  const other = t.client.db(`${t.dbName}_other`);
  await other.collection('x').insertOne({ a: 1 });
  let dbs = (await t.db.admin().listDatabases()).databases.map((d) => d.name);
  expect(dbs).toContain(`${t.dbName}_other`);
  await other.dropDatabase();
  dbs = (await t.db.admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
  expect(dbs).not.toContain(`${t.dbName}_other`);
});

test('renameCollection keeps documents and indexes', async () => {
  const c = t.db.collection('before');
  await c.insertOne({ k: 1 });
  await c.createIndex({ k: 1 }, { unique: true });
  await c.rename('after');
  const after = t.db.collection('after');
  expect(await after.countDocuments()).toBe(1);
  expect((await after.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'k_1']);
  expect(
    (
      await commandError(
        { renameCollection: `${t.dbName}.nothing`, to: `${t.dbName}.x` },
        t.client.db('admin'),
      )
    ).code,
  ).toBe(26);
});

test('transactions are refused on a standalone (20 IllegalOperation)', async () => {
  if (!usingEmbedded) return;
  const err = await commandError({
    insert: 'tx',
    documents: [{ a: 1 }],
    txnNumber: 1,
    lsid: { id: new (await import('mongodb')).UUID() },
    autocommit: false,
    startTransaction: true,
  });
  expect(err.code).toBe(20);
});

test('GridFS upload, download, find and delete', async () => {
  const bucket = new GridFSBucket(t.db, { chunkSizeBytes: 1024 });
  const data = Buffer.alloc(5000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
  const upload = bucket.openUploadStream('report.pdf', { metadata: { project: 'p1' } });
  await new Promise<void>((resolve, reject) => {
    Readable.from([data.subarray(0, 2000), data.subarray(2000)])
      .pipe(upload)
      .on('finish', resolve)
      .on('error', reject);
  });
  const files = await bucket.find({ filename: 'report.pdf' }).toArray();
  expect(files).toHaveLength(1);
  expect(files[0].length).toBe(5000);
  expect(files[0].metadata).toEqual({ project: 'p1' });
  expect(await t.db.collection('fs.chunks').countDocuments({ files_id: files[0]._id })).toBe(5);
  const chunks: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(files[0]._id)) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).equals(data)).toBe(true);
  const partial: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(files[0]._id, { start: 1500, end: 2600 }))
    partial.push(chunk as Buffer);
  expect(Buffer.concat(partial).equals(data.subarray(1500, 2600))).toBe(true);
  const indexes = (await t.db.collection('fs.chunks').listIndexes().toArray()).map((i) => i.key);
  expect(indexes).toContainEqual({ files_id: 1, n: 1 });
  await bucket.delete(files[0]._id);
  expect(await t.db.collection('fs.chunks').countDocuments()).toBe(0);
  expect(await bucket.find().toArray()).toHaveLength(0);
});

test('explain reports the plan', async () => {
  const c = t.db.collection('explained');
  await c.insertMany(Array.from({ length: 100 }, (_, i) => ({ k: i, g: i % 10 })));
  await c.createIndex({ k: 1 });
  const e = await c.find({ k: { $gte: 90 } }).explain('executionStats');
  expect(JSON.stringify(e.queryPlanner.winningPlan)).toContain('IXSCAN');
  expect(e.executionStats.nReturned).toBe(10);
  expect(e.executionStats.totalDocsExamined).toBe(10);
  const scan = await c.find({ g: 3 }).explain('executionStats');
  expect(JSON.stringify(scan.queryPlanner.winningPlan)).toContain('COLLSCAN');
});
