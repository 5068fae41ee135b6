/**
 * Durability of the data directory: acknowledged writes survive SIGKILL, a torn last
 * journal record is ignored at replay, compaction and clean stops keep everything,
 * exact BSON types survive restarts, the lock keeps a second process out, and
 * concurrent writers share fsyncs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Decimal128, Double, Long, MongoClient } from 'mongodb';
import { CREDENTIALS_FILE, startEmbeddedMongo } from '../src';
import { silentLogger } from '../src/logger';
import { describeEmbedded } from './support';

const ROOT = join(__dirname, '..', '..', '..');
const RUNNER = join(__dirname, 'fixtures', 'run-cli.ts');
/** `--import tsx` keeps the server in this very process, so SIGKILL hits it (the tsx CLI would fork). */
const NODE_ARGS = ['--import', 'tsx', RUNNER];

interface Child {
  proc: ChildProcess;
  uri: string;
  stderr: string[];
}

async function startChild(dbPath: string): Promise<Child> {
  const proc = spawn(process.execPath, [...NODE_ARGS, '--dbpath', dbPath, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  proc.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const printed = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${stderr.join('')}`)), 20000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code}: ${stderr.join('')}`));
    });
  });
  // The CLI prints the address without the password, which stays in the data directory's file.
  const { password } = JSON.parse(await fsp.readFile(join(dbPath, CREDENTIALS_FILE), 'utf8')) as {
    password: string;
  };
  const uri = new URL(printed);
  uri.password = password;
  return { proc, uri: uri.toString(), stderr };
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

async function tempDir(): Promise<string> {
  return fsp.mkdtemp(join(os.tmpdir(), 'embedded-mongo-test-'));
}

describeEmbedded('durability', () => {
  jest.setTimeout(60000);
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await fsp.rm(d, { recursive: true, force: true });
  });

  test('every acknowledged write survives SIGKILL mid-stream, nothing half-applied', async () => {
    const dbPath = await tempDir();
    dirs.push(dbPath);
    const child = await startChild(dbPath);
    const client = new MongoClient(child.uri, { maxPoolSize: 16, retryWrites: false });
    await client.connect();
    const coll = client.db('crash').collection('events');
    await coll.createIndex({ worker: 1, seq: 1 }, { unique: true });
    await client
      .db('crash')
      .collection('counters')
      .insertMany(Array.from({ length: 8 }, (_, w) => ({ _id: w, n: 0 })) as never[]);

    const ackedInserts = new Set<string>();
    const ackedIncs = new Array<number>(8).fill(0);
    const attemptedIncs = new Array<number>(8).fill(0);
    let stop = false;
    const payload = 'x'.repeat(200);
    const worker = async (w: number): Promise<void> => {
      for (let seq = 0; !stop; seq++) {
        try {
          await coll.insertOne({
            _id: `${w}-${seq}`,
            worker: w,
            seq,
            payload,
            at: new Date(),
            big: Long.fromString('9007199254740993'),
          } as never);
          ackedInserts.add(`${w}-${seq}`);
          attemptedIncs[w]++;
          await client
            .db('crash')
            .collection('counters')
            .updateOne({ _id: w } as never, { $inc: { n: 1 } });
          ackedIncs[w]++;
        } catch {
          return; // the server died under us
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    // Kill mid-stream once enough writes were acknowledged (a fixed delay was too short on a loaded machine).
    const since = Date.now();
    while (ackedInserts.size <= 60 && Date.now() - since < 20000) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    child.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited(child.proc);
    await client.close(true);
    expect(ackedInserts.size).toBeGreaterThan(50);

    const again = await startChild(dbPath);
    const client2 = new MongoClient(again.uri);
    const db = client2.db('crash');
    const docs = await db.collection('events').find({}, { promoteLongs: false }).toArray();
    const present = new Set(docs.map((d) => String(d._id)));
    for (const id of ackedInserts) expect(present.has(id)).toBe(true);
    // Nothing half-applied: every document is complete, ids are unique, sequences have no holes beyond the tail.
    for (const d of docs) {
      expect(d.payload).toBe(payload);
      expect(d.big).toEqual(Long.fromString('9007199254740993'));
      expect(d.at).toBeInstanceOf(Date);
    }
    for (let w = 0; w < 8; w++) {
      const seqs = docs
        .filter((d) => d.worker === w)
        .map((d) => d.seq as number)
        .sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i));
      const counter = await db.collection('counters').findOne({ _id: w } as never);
      expect(counter?.n).toBeGreaterThanOrEqual(ackedIncs[w]);
      expect(counter?.n).toBeLessThanOrEqual(attemptedIncs[w]);
    }
    // The unique index was rebuilt on recovery.
    await expect(db.collection('events').insertOne({ worker: 0, seq: 0 })).rejects.toMatchObject({
      code: 11000,
    });
    await client2.close();
    again.proc.kill('SIGTERM');
    expect(await exited(again.proc)).toBe(0);
    const files = await fsp.readdir(dbPath);
    expect(files).not.toContain('mongod.lock');
    expect(files.filter((f) => f.startsWith('snapshot-'))).toHaveLength(1);
  });

  test('a torn last journal record is ignored at replay, garbage after it too', async () => {
    const dbPath = await tempDir();
    dirs.push(dbPath);
    const child = await startChild(dbPath);
    const client = new MongoClient(child.uri);
    const coll = client.db('torn').collection('c');
    for (let i = 0; i < 20; i++) await coll.insertOne({ _id: i, v: `value-${i}` } as never);
    child.proc.kill('SIGKILL');
    await exited(child.proc);
    await client.close(true);

    const journal = (await fsp.readdir(dbPath)).find((f) => f.startsWith('journal-')) as string;
    const path = join(dbPath, journal);
    const { size } = await fsp.stat(path);
    await fsp.truncate(path, size - 7); // cut into the last insert's record

    const mongo = await startEmbeddedMongo({ dbPath, logger: silentLogger });
    const c2 = new MongoClient(mongo.uri);
    const ids = (await c2.db('torn').collection('c').find().sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(ids).toEqual(Array.from({ length: 19 }, (_, i) => i));
    await c2
      .db('torn')
      .collection('c')
      .insertOne({ _id: 100 } as never);
    await c2.close();
    await mongo.stop();

    // Appending junk to the journal (a record with a wrong checksum) is also skipped.
    const j2 = (await fsp.readdir(dbPath)).find((f) => f.startsWith('journal-')) as string;
    await fsp.appendFile(join(dbPath, j2), Buffer.from([20, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9, 9]));
    const warnings: string[] = [];
    const m3 = await startEmbeddedMongo({
      dbPath,
      logger: { info: () => {}, warn: (w) => warnings.push(w), error: (w) => warnings.push(w) },
    });
    const c3 = new MongoClient(m3.uri);
    expect(await c3.db('torn').collection('c').countDocuments()).toBe(20);
    await c3.close();
    await m3.stop();
    expect(warnings.join('\n')).toMatch(/ignoring \d+ bytes/);
  });

  test('compaction, clean stop and restart keep documents, indexes and exact BSON types', async () => {
    const dbPath = await tempDir();
    dirs.push(dbPath);
    const mongo = await startEmbeddedMongo({ dbPath, logger: silentLogger, compactBytes: 64 * 1024 });
    const client = new MongoClient(mongo.uri);
    const c = client.db('types').collection('t');
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertOne({
      _id: 'typed',
      long: Long.fromString('-9223372036854775808'),
      dec: Decimal128.fromString('1234567890.123456789'),
      dbl: new Double(3),
      int: 3,
      date: new Date(0),
      bin: Buffer.from('hello'),
      nested: [{ a: new Double(1.5) }],
    } as never);
    for (let i = 0; i < 400; i++) await c.insertOne({ k: i, text: 'y'.repeat(300) });
    await c.updateMany({ k: { $lt: 100 } }, { $set: { touched: true } });
    await c.deleteMany({ k: { $gte: 390 } });
    await client.close();
    await mongo.stop();
    const files = await fsp.readdir(dbPath);
    expect(files.filter((f) => f.startsWith('snapshot-'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('journal-'))).toHaveLength(1);
    expect(Number(/snapshot-(\d+)/.exec(files.join(' '))?.[1])).toBeGreaterThan(1); // compacted while running too

    const again = await startEmbeddedMongo({ dbPath, logger: silentLogger });
    const c2 = new MongoClient(again.uri);
    const t2 = c2.db('types').collection('t');
    expect(await t2.countDocuments({ k: { $exists: true } })).toBe(390);
    expect(await t2.countDocuments({ touched: true })).toBe(100);
    const doc = await t2.findOne({ _id: 'typed' } as never, { promoteValues: false, promoteLongs: false });
    expect(doc?.long).toEqual(Long.fromString('-9223372036854775808'));
    expect(doc?.dec.toString()).toBe('1234567890.123456789');
    expect(doc?.dbl).toBeInstanceOf(Double);
    expect(doc?.dbl.valueOf()).toBe(3);
    expect(doc?.int.constructor.name).toBe('Int32');
    expect(doc?.nested[0].a).toBeInstanceOf(Double);
    expect(Buffer.from(doc?.bin.buffer).toString()).toBe('hello');
    await expect(t2.insertOne({ k: 5 })).rejects.toMatchObject({ code: 11000 });
    await c2.close();
    await again.stop();
  });

  test('an update that would grow a document past 16 MiB is refused (17419) and changes nothing', async () => {
    const dbPath = await tempDir();
    dirs.push(dbPath);
    const mongo = await startEmbeddedMongo({ dbPath, logger: silentLogger });
    const client = new MongoClient(mongo.uri);
    const c = client.db('big').collection('c');
    const ten = 'x'.repeat(10 * 1024 * 1024);
    await c.insertOne({ _id: 1, a: ten } as never);
    await expect(c.updateOne({ _id: 1 } as never, { $set: { b: ten } })).rejects.toMatchObject({
      code: 17419,
    });
    const doc = await c.findOne({ _id: 1 } as never);
    expect(doc?.b).toBeUndefined();
    await client.close();
    await mongo.stop();
  });

  test('the lock file keeps a second server off the same dbPath until the first stops', async () => {
    const dbPath = await tempDir();
    dirs.push(dbPath);
    const first = await startEmbeddedMongo({ dbPath, logger: silentLogger });
    await expect(startEmbeddedMongo({ dbPath, logger: silentLogger })).rejects.toThrow(/in use|locked/);
    const child = spawn(process.execPath, [...NODE_ARGS, '--dbpath', dbPath, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const err: string[] = [];
    child.stderr?.on('data', (d: Buffer) => err.push(d.toString()));
    expect(await exited(child)).toBe(1);
    expect(err.join('')).toMatch(/locked by running process/);
    await first.stop();
    const second = await startEmbeddedMongo({ dbPath, logger: silentLogger });
    await second.stop();
  });

  test('32 concurrent writers share fsyncs (group commit)', async () => {
    const dbPath = await tempDir();
    dirs.push(dbPath);
    const mongo = await startEmbeddedMongo({ dbPath, logger: silentLogger });
    const clients = await Promise.all(
      Array.from({ length: 32 }, () => new MongoClient(mongo.uri, { maxPoolSize: 1 }).connect()),
    );
    const before = (await clients[0].db('admin').command({ serverStatus: 1 })).embeddedJournal;
    await Promise.all(
      clients.map(async (cl, i) => {
        for (let j = 0; j < 20; j++) await cl.db('g').collection('c').insertOne({ i, j });
      }),
    );
    const after = (await clients[0].db('admin').command({ serverStatus: 1 })).embeddedJournal;
    const commits = after.commits - before.commits;
    const fsyncs = after.fsyncs - before.fsyncs;
    expect(commits).toBe(640);
    expect(fsyncs).toBeLessThan(commits / 4);
    await Promise.all(clients.map((cl) => cl.close()));
    await mongo.stop();
  });
});
