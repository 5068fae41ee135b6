/** In-process unit tests of the engine pieces: ordering, the sorted index structure, planning, TTL, CLI. */
import { Decimal128, Double, Long, MaxKey, MinKey, ObjectId } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src';
import { compareValues } from '../src/bson/compare';
import { formatDoc } from '../src/bson/format';
import { parseArgs } from '../src/cli';
import { silentLogger } from '../src/logger';
import { runQuery } from '../src/query/executor';
import { compileFilter } from '../src/query/matcher';
import { choosePlan } from '../src/query/planner';
import { parseSort } from '../src/query/sort';
import { encodeKey } from '../src/storage/key-encoding';
import { SortedList } from '../src/storage/sorted-list';
import { Store } from '../src/storage/store';
import { compileUpdate } from '../src/update/compile';

describe('BSON order', () => {
  test('types order like the server and numbers compare across widths', () => {
    const ordered = [
      new MinKey(),
      null,
      -Infinity,
      Long.fromNumber(-5),
      1,
      new Double(1.5),
      Decimal128.fromString('2'),
      'a',
      'b',
      { a: 1 },
      [1],
      Buffer.from('x'),
      new ObjectId('000000000000000000000000'),
      false,
      true,
      new Date(0),
      /re/,
      new MaxKey(),
    ];
    for (let i = 1; i < ordered.length; i++)
      expect(compareValues(ordered[i - 1], ordered[i])).toBeLessThan(0);
    expect(compareValues(1, new Double(1))).toBe(0);
    expect(compareValues(Long.fromNumber(7), 7)).toBe(0);
    expect(compareValues(undefined, null)).toBe(0);
  });

  test('values render like the server in messages', () => {
    expect(
      formatDoc({
        a: 1,
        b: 'x',
        c: 2.5,
        d: new Double(3),
        e: new ObjectId('65a000000000000000000001'),
        f: [],
        g: {},
      }),
    ).toBe(`{ a: 1, b: "x", c: 2.5, d: 3.0, e: ObjectId('65a000000000000000000001'), f: [], g: {} }`);
  });
});

describe('index key encoding', () => {
  const samples: unknown[] = [
    new MinKey(),
    null,
    NaN,
    -Infinity,
    -1e300,
    Long.fromString('-9223372036854775808'),
    -5,
    new Double(-0),
    0,
    0.5,
    1,
    Long.fromNumber(1),
    Decimal128.fromString('1.5'),
    2 ** 53,
    Long.fromString('9007199254740993'),
    Long.fromString('9223372036854775807'),
    Infinity,
    '',
    '\u0000',
    '\u0001a',
    'a',
    'a\u0000',
    'ab',
    'b',
    '中文',
    '\uff0c',
    '\ud83d\ude00',
    {},
    { a: 1 },
    { a: 1, b: 2 },
    { a: 'x' },
    { b: 0 },
    [],
    [1],
    [1, 2],
    [2],
    Buffer.from([1]),
    Buffer.from([0, 0]),
    new ObjectId('000000000000000000000001'),
    new ObjectId('ff0000000000000000000000'),
    false,
    true,
    new Date(-1),
    new Date(0),
    new Date(1e12),
    /a/,
    /a/i,
    /b/,
    new MaxKey(),
  ];

  test('encoded strings sort exactly like compareValues, ascending and descending, alone and compound', () => {
    const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
    for (const a of samples) {
      for (const b of samples) {
        const expected = sign(compareValues(a, b));
        const ea = encodeKey([a], [1]);
        const eb = encodeKey([b], [1]);
        expect([a, b, sign(ea < eb ? -1 : ea > eb ? 1 : 0)]).toEqual([a, b, expected]);
        const da = encodeKey([a], [-1]);
        const db = encodeKey([b], [-1]);
        expect([a, b, sign(da < db ? -1 : da > db ? 1 : 0)]).toEqual([a, b, -expected || 0]);
        const ca = encodeKey([a, 'z'], [1, -1]);
        const cb = encodeKey([b, 'a'], [1, -1]);
        expect(sign(ca < cb ? -1 : ca > cb ? 1 : 0)).toBe(expected === 0 ? -1 : expected);
      }
    }
  });
});

describe('SortedList', () => {
  test('stays sorted through random inserts and deletes, seeks and iterates both ways', () => {
    const list = new SortedList<number>((a, b) => a - b, 8);
    const ref: number[] = [];
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 1000;
    for (let i = 0; i < 5000; i++) {
      const x = rand();
      if (i % 3 === 2 && ref.length > 0) {
        const victim = ref[x % ref.length];
        expect(list.delete(victim)).toBe(true);
        ref.splice(ref.indexOf(victim), 1);
      } else {
        list.insert(x);
        ref.push(x);
      }
    }
    ref.sort((a, b) => a - b);
    expect([...list.all()]).toEqual(ref);
    expect(list.size).toBe(ref.length);
    const from = list.seek(500);
    expect(list.rank(from)).toBe(ref.findIndex((v) => v >= 500));
    expect([...list.iterate(from, true)]).toEqual(ref.filter((v) => v >= 500));
    expect([...list.iterate(from, false)]).toEqual(ref.filter((v) => v < 500).reverse());
    expect(list.delete(5000)).toBe(false);
  });
});

describe('planner and executor', () => {
  const store = new Store();
  const coll = store.createCollection('db', 'c', {}, null);
  for (let i = 0; i < 2000; i++)
    store.insert(coll, { _id: i, a: i % 100, b: i % 7, tags: [`t${i % 3}`, `t${i % 5}`] }, null);
  store.createIndex(coll, { key: { a: 1, b: 1 }, name: 'a_1_b_1' }, null);
  store.createIndex(coll, { key: { tags: 1 }, name: 'tags_1' }, null);

  const plan = (filter: object, sort?: object): string => {
    const p = choosePlan(coll, { filter: filter as never, sort: parseSort(sort), need: undefined });
    return p.kind === 'ixscan' ? `ixscan:${p.index.name}${p.providesSort ? ':sorted' : ''}` : p.kind;
  };

  test('chooses _id lookups, index prefixes, sort-providing scans and collection scans', () => {
    expect(plan({ _id: 5 })).toBe('idhack');
    expect(plan({ a: 5 })).toBe('ixscan:a_1_b_1');
    expect(plan({ a: 5 }, { b: -1 })).toBe('ixscan:a_1_b_1:sorted');
    expect(plan({ a: { $in: [1, 2] } }, { b: 1 })).toBe('ixscan:a_1_b_1');
    expect(plan({ tags: 't1' })).toBe('ixscan:tags_1');
    expect(plan({ b: 3 })).toBe('collscan');
  });

  test('index results equal scan results for many filters', () => {
    const filters = [
      { a: { $gte: 10, $lt: 20 }, b: 3 },
      { a: { $in: [5, 50, 99] } },
      { tags: { $in: ['t0', 't4'] }, a: { $gt: 90 } },
      { tags: 't2', b: { $ne: 1 } },
      { a: 7, b: { $gt: 2, $lte: 5 } },
      { tags: { $gt: 't3' } },
    ];
    for (const f of filters) {
      const matcher = compileFilter(f);
      const viaIndex = runQuery(coll, { filter: f, matcher })
        .recs.map((r) => r.doc._id)
        .sort();
      const viaScan = runQuery(coll, { filter: f, matcher, hint: { $natural: 1 } })
        .recs.map((r) => r.doc._id)
        .sort();
      expect(viaIndex).toEqual(viaScan);
    }
  });

  test('multikey range bounds are not intersected (an array can meet each bound with a different element)', () => {
    const s = new Store();
    const c = s.createCollection('db', 'm', {}, null);
    s.createIndex(c, { key: { v: 1 }, name: 'v_1' }, null);
    s.insert(c, { _id: 1, v: [3, 12] }, null);
    const f = { v: { $gt: 5, $lt: 10 } };
    expect(runQuery(c, { filter: f, matcher: compileFilter(f) }).recs.map((r) => r.doc._id)).toEqual([1]);
  });
});

describe('update engine details', () => {
  test('new fields are added in field-name order, like MongoDB 5+', () => {
    const u = compileUpdate({ $set: { z: 1, b: 1, a: { y: 1, x: 1 } } });
    const { doc } = u.apply({ _id: 1, m: 0 }, { isInsert: false, now: new Date() });
    expect(Object.keys(doc)).toEqual(['_id', 'm', 'a', 'b', 'z']);
  });

  test('$inc keeps int until overflow, then long; doubles stay doubles', () => {
    const now = new Date();
    expect(
      compileUpdate({ $inc: { n: 1 } }).apply({ _id: 1, n: 2147483647 }, { isInsert: false, now }).doc.n,
    ).toEqual(Long.fromNumber(2147483648));
    const d = compileUpdate({ $inc: { n: 0.5 } }).apply({ _id: 1, n: 1.5 }, { isInsert: false, now }).doc.n;
    expect(d).toBeInstanceOf(Double);
  });
});

describe('TTL monitor', () => {
  test('expired documents are deleted by the periodic pass', async () => {
    const mongo = await startEmbeddedMongo({ logger: silentLogger, ttlIntervalMs: 50 });
    const client = new MongoClient(mongo.uri);
    const c = client.db('ttl').collection('sessions');
    await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await c.insertMany([
      { _id: 'old', expiresAt: new Date(Date.now() - 1000) },
      { _id: 'new', expiresAt: new Date(Date.now() + 3_600_000) },
      { _id: 'none' },
    ] as never[]);
    for (let i = 0; i < 50 && (await c.countDocuments()) === 3; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await c.find().toArray()).map((d) => d._id).sort()).toEqual(['new', 'none']);
    await client.close();
    await mongo.stop();
  });
});

describe('CLI arguments', () => {
  test('parses flags and rejects unknown ones', () => {
    expect(parseArgs(['--dbpath', './d', '--port=0', '--host', '0.0.0.0', '--no-fsync'])).toEqual({
      dbPath: './d',
      port: 0,
      host: '0.0.0.0',
      fsync: false,
      help: false,
    });
    expect(parseArgs(['--help']).help).toBe(true);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--port', '99999'])).toThrow(/invalid port/);
  });
});
