/**
 * Authentication as mongod with --auth requires it: SCRAM-SHA-256 through the driver and mongoose,
 * everything but the handshake refused before it (13), wrong passwords 18, state per connection,
 * saslSupportedMechs and speculative authentication in hello, and the data directory's
 * credentials file. Embedded only: a MONGODB_URI server may run without --auth.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Binary } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { type EmbeddedMongo, startEmbeddedMongo } from '../src';
import { silentLogger } from '../src/logger';
import { describeEmbedded } from './support';
import { credentialsOf, payloadText, ScramClient, WireClient, withoutCredentials } from './wire-client';

let mongo: EmbeddedMongo;

async function refusal(p: Promise<unknown>): Promise<MongoServerError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MongoServerError);
  return e as MongoServerError;
}

describeEmbedded('authentication', () => {
  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ logger: silentLogger });
  });
  afterAll(async () => {
    await mongo.stop();
  });

  test('the driver with the credentials in store.uri reads and writes', async () => {
    expect(mongo.uri).toMatch(
      /^mongodb:\/\/pm:[A-Za-z0-9_-]{32}@127\.0\.0\.1:\d+\/\?directConnection=true&authSource=admin$/,
    );
    const client = await MongoClient.connect(mongo.uri);
    try {
      const coll = client.db('authtest').collection('docs');
      await coll.insertOne({ _id: 'a', n: 1 } as never);
      expect(await coll.findOne({ _id: 'a' } as never)).toEqual({ _id: 'a', n: 1 });
      const status = await client.db('admin').command({ connectionStatus: 1 });
      expect(status.authInfo.authenticatedUsers).toEqual([{ user: 'pm', db: 'admin' }]);
    } finally {
      await client.close();
    }
  });

  test('without credentials find, insert and listDatabases are refused with 13 Unauthorized and nothing is written', async () => {
    const intruder = await MongoClient.connect(withoutCredentials(mongo.uri));
    try {
      const coll = intruder.db('authtest').collection('intruded');
      const find = await refusal(coll.find({}).toArray());
      expect(find).toMatchObject({ code: 13, codeName: 'Unauthorized' });
      expect(find.message).toBe('Command find requires authentication');
      const insert = await refusal(coll.insertOne({ evil: true }));
      expect(insert).toMatchObject({ code: 13, message: 'Command insert requires authentication' });
      const list = await refusal(intruder.db('admin').command({ listDatabases: 1 }));
      expect(list).toMatchObject({ code: 13, message: 'Command listDatabases requires authentication' });
      for (const command of [
        { serverStatus: 1 },
        { getParameter: '*' },
        { whatsmyuri: 1 },
        { endSessions: [] },
      ]) {
        expect(await refusal(intruder.db('admin').command(command))).toMatchObject({ code: 13 });
      }
      // What mongod answers before authentication still works.
      expect((await intruder.db('admin').command({ ping: 1 })).ok).toBe(1);
      expect((await intruder.db('admin').command({ buildInfo: 1 })).version).toMatch(/^7\.0\./);
      const status = await intruder.db('admin').command({ connectionStatus: 1 });
      expect(status.authInfo.authenticatedUsers).toEqual([]);
    } finally {
      await intruder.close();
    }
    const owner = await MongoClient.connect(mongo.uri);
    try {
      expect(await owner.db('authtest').collection('intruded').countDocuments()).toBe(0);
    } finally {
      await owner.close();
    }
  });

  test('a wrong password fails with 18 AuthenticationFailed, and so does an unknown user', async () => {
    const wrong = new URL(mongo.uri);
    wrong.password = 'not-the-password';
    const e = await refusal(MongoClient.connect(wrong.toString(), { serverSelectionTimeoutMS: 3000 }));
    expect(e).toMatchObject({
      code: 18,
      codeName: 'AuthenticationFailed',
      message: 'Authentication failed.',
    });
    const unknown = new URL(mongo.uri);
    unknown.username = 'nobody';
    expect(await refusal(MongoClient.connect(unknown.toString()))).toMatchObject({ code: 18 });
  });

  test('SCRAM-SHA-1 is not offered: asking for it fails with 334 MechanismUnavailable', async () => {
    const sha1 = new URL(mongo.uri);
    sha1.searchParams.set('authMechanism', 'SCRAM-SHA-1');
    expect(await refusal(MongoClient.connect(sha1.toString()))).toMatchObject({
      code: 334,
      message: 'Received authentication for mechanism SCRAM-SHA-1 which is not enabled',
    });
  });

  test('mongoose connects through store.uri', async () => {
    const conn = await mongoose.createConnection(mongo.uri, { dbName: 'authtest' }).asPromise();
    try {
      const Thing = conn.model('Thing', new mongoose.Schema({ name: String }));
      await Thing.create({ name: '项目' });
      expect(await Thing.countDocuments({ name: '项目' })).toBe(1);
    } finally {
      await conn.close();
    }
  });

  test('authentication is per connection, and logout ends it', async () => {
    const { username, password } = credentialsOf(mongo.uri);
    const a = await WireClient.connect(mongo.port, mongo.host);
    const b = await WireClient.connect(mongo.port, mongo.host);
    try {
      const done = await a.authenticate(username, password);
      expect(done).toMatchObject({ ok: 1, done: true, conversationId: 1 });
      expect((await a.command({ find: 'docs', filter: {}, $db: 'authtest' })).ok).toBe(1);
      expect(await b.command({ find: 'docs', filter: {}, $db: 'authtest' })).toMatchObject({
        ok: 0,
        code: 13,
      });
      expect((await a.command({ logout: 1, $db: 'admin' })).ok).toBe(1);
      expect(await a.command({ find: 'docs', filter: {}, $db: 'authtest' })).toMatchObject({
        ok: 0,
        code: 13,
      });
    } finally {
      a.close();
      b.close();
    }
  });

  test('the server proves it knows the password too (server signature), and a replayed proof fails', async () => {
    const { username, password } = credentialsOf(mongo.uri);
    const c = await WireClient.connect(mongo.port, mongo.host);
    try {
      const scram = new ScramClient(username, password);
      const start = await c.command({
        saslStart: 1,
        mechanism: 'SCRAM-SHA-256',
        payload: new Binary(Buffer.from(scram.first())),
        $db: 'admin',
      });
      const final = scram.final(payloadText(start.payload));
      const cont = await c.command({
        saslContinue: 1,
        conversationId: 1,
        payload: new Binary(Buffer.from(final)),
        $db: 'admin',
      });
      // Without skipEmptyExchange the conversation needs one more, empty round.
      expect(cont).toMatchObject({ ok: 1, done: false });
      expect(scram.verify(payloadText(cont.payload))).toBe(true);
      const last = await c.command({
        saslContinue: 1,
        conversationId: 1,
        payload: new Binary(Buffer.alloc(0)),
        $db: 'admin',
      });
      expect(last).toMatchObject({ ok: 1, done: true });
      // The same client-final-message on a new conversation (another server nonce) is refused.
      await c.command({ logout: 1, $db: 'admin' });
      await c.command({
        saslStart: 1,
        mechanism: 'SCRAM-SHA-256',
        payload: new Binary(Buffer.from(scram.first())),
        $db: 'admin',
      });
      const replay = await c.command({
        saslContinue: 1,
        conversationId: 1,
        payload: new Binary(Buffer.from(final)),
        $db: 'admin',
      });
      expect(replay).toMatchObject({ ok: 0, code: 18 });
      expect(await c.command({ find: 'docs', filter: {}, $db: 'authtest' })).toMatchObject({ code: 13 });
    } finally {
      c.close();
    }
  });

  test('hello answers saslSupportedMechs and a speculative saslStart, which saslContinue completes', async () => {
    const { username, password } = credentialsOf(mongo.uri);
    const c = await WireClient.connect(mongo.port, mongo.host);
    try {
      const scram = new ScramClient(username, password);
      const hello = await c.command({
        hello: 1,
        saslSupportedMechs: `admin.${username}`,
        speculativeAuthenticate: {
          saslStart: 1,
          mechanism: 'SCRAM-SHA-256',
          payload: new Binary(Buffer.from(scram.first())),
          options: { skipEmptyExchange: true },
          db: 'admin',
        },
        $db: 'admin',
      });
      expect(hello.saslSupportedMechs).toEqual(['SCRAM-SHA-256']);
      expect(hello.speculativeAuthenticate).toMatchObject({ conversationId: 1, done: false });
      const final = scram.final(payloadText(hello.speculativeAuthenticate.payload));
      const done = await c.command({
        saslContinue: 1,
        conversationId: 1,
        payload: new Binary(Buffer.from(final)),
        $db: 'admin',
      });
      expect(done).toMatchObject({ ok: 1, done: true });
      expect((await c.command({ find: 'docs', filter: {}, $db: 'authtest' })).ok).toBe(1);
    } finally {
      c.close();
    }
  });

  test('users given in the options are the only ones, each may log in', async () => {
    const store = await startEmbeddedMongo({
      logger: silentLogger,
      auth: [
        { username: 'first', password: 'one' },
        { username: 'zweite', password: 'zwei' },
      ],
    });
    try {
      expect(credentialsOf(store.uri)).toEqual({ username: 'first', password: 'one' });
      const second = new URL(store.uri);
      second.username = 'zweite';
      second.password = 'zwei';
      const client = await MongoClient.connect(second.toString());
      expect((await client.db('admin').command({ connectionStatus: 1 })).authInfo.authenticatedUsers).toEqual(
        [{ user: 'zweite', db: 'admin' }],
      );
      await client.close();
      const pm = new URL(store.uri);
      pm.username = 'pm';
      expect(await refusal(MongoClient.connect(pm.toString()))).toMatchObject({ code: 18 });
    } finally {
      await store.stop();
    }
  });
});

describeEmbedded('credentials of a data directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(join(os.tmpdir(), 'embedded-mongo-auth-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  test('are created owner-only on first start and reused by the next', async () => {
    const first = await startEmbeddedMongo({ dbPath: dir, logger: silentLogger });
    const file = join(dir, 'store-credentials.json');
    expect(first.credentialsFile).toBe(file);
    await first.stop();
    expect((await fsp.stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await fsp.readFile(file, 'utf8'));
    expect(saved).toMatchObject({ username: 'pm', authSource: 'admin', authMechanism: 'SCRAM-SHA-256' });
    expect(credentialsOf(first.uri)).toEqual({ username: saved.username, password: saved.password });
    const second = await startEmbeddedMongo({ dbPath: dir, logger: silentLogger });
    try {
      expect(credentialsOf(second.uri)).toEqual(credentialsOf(first.uri));
      const client = await MongoClient.connect(second.uri);
      await client.db('x').collection('y').insertOne({ a: 1 });
      await client.close();
    } finally {
      await second.stop();
    }
  });

  test('a file group or others can read is refused with a message saying how to fix it', async () => {
    await (await startEmbeddedMongo({ dbPath: dir, logger: silentLogger })).stop();
    const file = join(dir, 'store-credentials.json');
    await fsp.chmod(file, 0o644);
    await expect(startEmbeddedMongo({ dbPath: dir, logger: silentLogger })).rejects.toThrow(
      `数据库凭据文件 ${file} 的权限是 0644`,
    );
    // The refusal released the data directory: after chmod 600 it starts.
    await fsp.chmod(file, 0o600);
    const again = await startEmbeddedMongo({ dbPath: dir, logger: silentLogger });
    await again.stop();
  });

  test('a data directory others could read is tightened to 0700', async () => {
    await fsp.chmod(dir, 0o755);
    const store = await startEmbeddedMongo({ dbPath: dir, logger: silentLogger });
    await store.stop();
    expect((await fsp.stat(dir)).mode & 0o777).toBe(0o700);
  });
});
