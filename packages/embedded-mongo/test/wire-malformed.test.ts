/** Raw wire protocol: malformed input closes that connection only; the server keeps serving. */
import net from 'node:net';
import { deserialize, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { type EmbeddedMongo, startEmbeddedMongo } from '../src';
import type { Logger } from '../src/logger';
import { crc32c } from '../src/wire/crc32c';
import { describeEmbedded } from './support';
import { credentialsOf, WireClient } from './wire-client';

let mongo: EmbeddedMongo;
const warnings: string[] = [];
const logger: Logger = { info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };

function header(len: number, opCode: number, requestId = 7): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(len, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(doc: object, flags = 0, checksum?: 'good' | 'bad'): Buffer {
  const body = Buffer.from(serialize(doc));
  const withSum = checksum ? 4 : 0;
  const head = header(16 + 4 + 1 + body.length + withSum, 2013);
  const f = Buffer.alloc(4);
  f.writeUInt32LE(flags | (checksum ? 1 : 0), 0);
  const msg = Buffer.concat([head, f, Buffer.from([0]), body]);
  if (!checksum) return msg;
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(checksum === 'good' ? crc32c(msg) : crc32c(msg) ^ 1, 0);
  return Buffer.concat([msg, sum]);
}

/** Sends bytes; resolves with the reply bytes, or 'closed' if the server hung up. */
function exchange(bytes: Buffer, waitMs = 1500): Promise<Buffer | 'closed'> {
  return new Promise((resolve, reject) => {
    const s = net.connect(mongo.port, mongo.host);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('no reply and no close'));
    }, waitMs);
    s.on('data', (d) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= all.readInt32LE(0)) {
        clearTimeout(timer);
        s.destroy();
        resolve(all);
      }
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve(chunks.length ? Buffer.concat(chunks) : 'closed');
    });
    s.on('error', () => undefined);
    s.write(bytes);
  });
}

function replyDoc(reply: Buffer): Record<string, unknown> {
  const opCode = reply.readInt32LE(12);
  if (opCode === 2013) return deserialize(reply.subarray(21));
  return deserialize(reply.subarray(36));
}

describeEmbedded('malformed messages', () => {
  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ logger });
  });
  afterAll(async () => {
    await mongo.stop();
  });

  test('a well-formed OP_MSG gets an OP_MSG reply (sanity check of the raw client)', async () => {
    const reply = await exchange(opMsg({ ping: 1, $db: 'admin' }));
    expect(reply).not.toBe('closed');
    expect(replyDoc(reply as Buffer)).toEqual({ ok: 1 });
  });

  test('an OP_MSG with a valid checksum is accepted, a wrong one closes the connection', async () => {
    const ok = await exchange(opMsg({ ping: 1, $db: 'admin' }, 0, 'good'));
    expect(replyDoc(ok as Buffer).ok).toBe(1);
    expect(await exchange(opMsg({ ping: 1, $db: 'admin' }, 0, 'bad'))).toBe('closed');
  });

  test.each([
    ['random garbage', Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n')],
    ['length below the header size', Buffer.concat([header(8, 2013), Buffer.alloc(8)])],
    ['length above the maximum message size', header(100_000_000, 2013)],
    ['unknown opcode', Buffer.concat([header(20, 9999), Buffer.alloc(4)])],
    ['legacy OP_INSERT', Buffer.concat([header(20, 2002), Buffer.alloc(4)])],
    [
      'truncated BSON body',
      (() => {
        const m = opMsg({ ping: 1, $db: 'admin' });
        m.writeInt32LE(9999, 21); // document claims to be longer than the message
        return m;
      })(),
    ],
    [
      'corrupt BSON element type',
      (() => {
        const m = opMsg({ ping: 1, $db: 'admin' });
        m[25] = 0x77; // first element's type byte
        return m;
      })(),
    ],
    ['unknown required flag bit', opMsg({ ping: 1, $db: 'admin' }, 1 << 5)],
    ['OP_MSG without a body section', Buffer.concat([header(20, 2013), Buffer.alloc(4)])],
  ])('%s closes the connection', async (_name, bytes) => {
    expect(await exchange(bytes)).toBe('closed');
  });

  test('OP_QUERY other than the handshake gets an OP_REPLY error (352)', async () => {
    const query = Buffer.from(serialize({ find: 'x' }));
    const ns = Buffer.from('test.$cmd\0');
    const body = Buffer.concat([Buffer.alloc(4), ns, Buffer.alloc(8), query]);
    const reply = await exchange(Buffer.concat([header(16 + body.length, 2004), body]));
    expect(reply).not.toBe('closed');
    const doc = replyDoc(reply as Buffer);
    expect(doc.code).toBe(352);
    expect(doc.ok).toBe(0);
  });

  test('moreToCome: no reply is sent, and the write is applied', async () => {
    const insert = opMsg(
      { insert: 'quiet', documents: [{ _id: 1 }], $db: 'wire', writeConcern: { w: 0 } },
      1 << 1,
    );
    const find = opMsg({ find: 'quiet', filter: {}, $db: 'wire' });
    const client = await WireClient.connect(mongo.port, mongo.host);
    try {
      const { username, password } = credentialsOf(mongo.uri);
      expect((await client.authenticate(username, password)).done).toBe(true);
      const doc = (await client.send(Buffer.concat([insert, find]))) as { cursor: { firstBatch: unknown[] } };
      expect(doc.cursor.firstBatch).toEqual([{ _id: 1 }]);
    } finally {
      client.close();
    }
  });

  test('moreToCome before authentication: no reply, and nothing is written', async () => {
    const insert = opMsg(
      { insert: 'quiet', documents: [{ _id: 2 }], $db: 'wire', writeConcern: { w: 0 } },
      1 << 1,
    );
    const find = opMsg({ find: 'quiet', filter: {}, $db: 'wire' });
    const reply = await exchange(Buffer.concat([insert, find]));
    expect(replyDoc(reply as Buffer)).toMatchObject({ ok: 0, code: 13 });
    const owner = new MongoClient(mongo.uri);
    try {
      expect(
        await owner
          .db('wire')
          .collection('quiet')
          .countDocuments({ _id: 2 } as never),
      ).toBe(0);
    } finally {
      await owner.close();
    }
  });

  test('a message split across many TCP writes is reassembled', async () => {
    const msg = opMsg({ ping: 1, $db: 'admin' });
    const reply = await new Promise<Buffer>((resolve) => {
      const s = net.connect(mongo.port, mongo.host, async () => {
        for (let i = 0; i < msg.length; i++) {
          s.write(msg.subarray(i, i + 1));
          if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
        }
      });
      s.on('data', (d) => {
        s.destroy();
        resolve(d);
      });
    });
    expect(replyDoc(reply).ok).toBe(1);
  });

  test('after all that abuse the server still serves drivers, and logged each closed connection', async () => {
    const client = new MongoClient(mongo.uri);
    await client.connect();
    await client.db('t').collection('c').insertOne({ a: 1 });
    expect(await client.db('t').collection('c').countDocuments()).toBe(1);
    await client.close();
    expect(warnings.some((w) => w.includes('closing connection'))).toBe(true);
  });
});
