import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { GENESIS } from '../../server/src/services/audit/canonical';
import { AuditSealer } from '../../server/src/services/audit/sealer';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

let ctx: TestContext;
let mongo: MongoClient;
/** The database as someone with write access to it sees it: the plain driver, no server code. */
let raw: Db;
let uri: string;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
const example = JSON.parse(
  readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
);
const DEPARTMENT = 'heilongjiang-city.jiaoyu';
const REVIEWER = 'heilongjiang-city.yewu';

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of [DEPARTMENT, REVIEWER]) tokens[u] = await ctx.login(u);
  uri = ctx.uri;
  mongo = await MongoClient.connect(uri);
  raw = mongo.db(ctx.db.name);
});
afterAll(async () => {
  await mongo.close();
  await ctx.close();
});

let projectSeq = 0;
/** A 绩效目标 instance whose declaration was submitted and whose review was claimed: four events. */
async function instanceWithHistory(): Promise<{ instanceId: string; reviewId: string }> {
  const project = await ctx.http
    .post('/api/projects')
    .set(as(DEPARTMENT))
    .send({
      county: 'heilongjiang-city',
      name: `审计测试项目${++projectSeq}`,
      amount: 300,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
  const started = await ctx.http
    .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
    .set(as(DEPARTMENT))
    .send({});
  const instanceId = started.body.instanceId as string;
  const declare = (await ctx.http.get(`/api/instances/${instanceId}`).set(as(DEPARTMENT))).body
    .activeTasks[0];
  await ctx.http
    .post(`/api/tasks/${declare.taskId}/complete`)
    .set(as(DEPARTMENT))
    .send({ outcome: 'submit', data: example });
  const review = (await ctx.http.get(`/api/instances/${instanceId}`).set(as(DEPARTMENT))).body.activeTasks[0];
  await ctx.http.post(`/api/tasks/${review.taskId}/claim`).set(as(REVIEWER));
  return { instanceId, reviewId: review.taskId };
}

function pm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_DIR, 'packages', 'cli', 'bin', 'pm.js'), ...args],
      {
        cwd: REPO_DIR,
        env: { ...process.env, MONGODB_URI: uri, MONGODB_DB: ctx.db.name, INIT_CWD: REPO_DIR },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the audit chain', () => {
  it('seals every event as it is written, so the history verifies and every county chain is intact', async () => {
    const { instanceId } = await instanceWithHistory();
    const res = await ctx.http.get(`/api/instances/${instanceId}`).set(as(DEPARTMENT));
    expect(res.status).toBe(200);
    expect(res.body.history.map((h: { action: string }) => h.action)).toEqual([
      'instance.started',
      'task.completed',
      'task.claimed',
    ]);
    expect(res.body.historyIntegrity).toMatchObject({
      status: 'verified',
      verified: 3,
      unsealed: 0,
      problems: [],
      message: null,
    });
    const sealed = await raw
      .collection('events')
      .find({ 'chain.county': 'heilongjiang-city' })
      .sort({ 'chain.seq': 1 })
      .toArray();
    expect(sealed.map((e) => e.chain.seq)).toEqual(sealed.map((_, i) => i + 1));
    expect(sealed[0].chain.prev).toBe(GENESIS);
    const head = await raw.collection('auditChains').findOne({ _id: 'heilongjiang-city' as never });
    expect(head).toMatchObject({ seq: sealed.length, hash: sealed.at(-1)!.chain.hash, pending: [] });
    const report = await ctx.app.services.audit.verifyChains();
    expect(report.ok).toBe(true);
    expect(report.unsealed).toBe(0);
  });

  it('names an event whose actor was rewritten in the database, in the API and in pm audit verify', async () => {
    const { instanceId, reviewId } = await instanceWithHistory();
    const submitted = await raw
      .collection('events')
      .findOne({ instanceId: new (await import('mongodb')).ObjectId(instanceId), action: 'task.completed' });
    await raw
      .collection('events')
      .updateOne({ _id: submitted!._id }, { $set: { actor: 'heilongjiang-city.yusuan', at: new Date(0) } });

    const view = await ctx.http.get(`/api/instances/${instanceId}`).set(as(DEPARTMENT));
    expect(view.body.historyIntegrity).toMatchObject({
      status: 'failed',
      problems: [
        {
          index: 2,
          eventId: String(submitted!._id),
          county: 'heilongjiang-city',
          seq: submitted!.chain.seq,
          kind: 'content-altered',
        },
      ],
      message: '审计记录校验未通过：第 2 条记录内容被改动，请联系安全审计员',
    });
    const task = await ctx.http.get(`/api/tasks/${reviewId}`).set(as(REVIEWER));
    expect(task.body.historyIntegrity.message).toBe(view.body.historyIntegrity.message);

    const report = await ctx.app.services.audit.verifyChains({ county: 'heilongjiang-city' });
    expect(report.ok).toBe(false);
    expect(report.chains[0].problem).toMatchObject({
      seq: submitted!.chain.seq,
      eventId: String(submitted!._id),
      kind: 'content-altered',
    });
    expect(report.chains[0].verified).toBe(submitted!.chain.seq - 1);

    const cli = await pm(['audit', 'verify']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(
      `第 ${submitted!.chain.seq} 条记录内容被改动（县区 heilongjiang-city，第 ${submitted!.chain.seq} 条，记录编号 ${String(submitted!._id)}）`,
    );
    expect(cli.stdout).toContain('审计记录校验未通过：1 条链有问题');

    // Put back as it was: the chain verifies again (the seal is over the content, nothing else).
    await raw
      .collection('events')
      .updateOne({ _id: submitted!._id }, { $set: { actor: submitted!.actor, at: submitted!.at } });
    expect((await ctx.app.services.audit.verifyChains()).ok).toBe(true);
    expect((await pm(['audit', 'verify', '--county', 'heilongjiang-city'])).code).toBe(0);
  });
});

describe('one event per state change', () => {
  it('a transition’s outbox replayed after a crash records no event twice and the chain stays intact', async () => {
    const { instanceId } = await instanceWithHistory();
    const id = new (await import('mongodb')).ObjectId(instanceId);
    const before = await raw.collection('events').find({ instanceId: id }).toArray();
    // What a crash after the transition's write and before its outbox was cleared leaves behind.
    const outbox = before.map(({ chain: _chain, ...doc }) => ({ op: 'insertEvent', doc }));
    await raw.collection('instances').updateOne({ _id: id }, { $set: { outbox, pending: true } });
    await ctx.app.services.runtime.recover();
    expect(await raw.collection('events').countDocuments({ instanceId: id })).toBe(before.length);
    expect((await raw.collection('instances').findOne({ _id: id }))!.outbox).toEqual([]);
    expect((await ctx.app.services.audit.verifyChains()).ok).toBe(true);
  });
});

describe('sealing', () => {
  const quiet = pino({ level: 'silent' });
  /** Events as another module would insert them: straight into the collection, unsealed. */
  async function insertRaw(county: string | undefined, n: number, action = 'user.updated') {
    const at = ctx.clock.now();
    const docs = Array.from({ length: n }, (_, i) => ({
      _id: `${action}:${county ?? 'none'}:${at.getTime()}:${i}:${Math.random()}`,
      ...(county === undefined ? {} : { county }),
      at,
      actor: 'admin',
      action,
      seq: 0,
      details: { n: i },
    }));
    await raw.collection('events').insertMany(docs as never[]);
    return docs.map((d) => d._id);
  }

  it('never forks a chain when sealers of several processes race', async () => {
    const ids = await insertRaw('race-county', 300);
    // One sealer per "process": separate instances share nothing but the database.
    const sealers = Array.from(
      { length: 6 },
      () => new AuditSealer(ctx.app.services.models, ctx.clock, quiet),
    );
    const counts = await Promise.all(sealers.map((s) => s.seal('race-county')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    const sealed = await raw
      .collection('events')
      .find({ _id: { $in: ids as never[] } })
      .sort({ 'chain.seq': 1 })
      .toArray();
    expect(sealed.map((e) => e.chain.seq)).toEqual(ids.map((_, i) => i + 1));
    const report = await ctx.app.services.audit.verifyChains({ county: 'race-county' });
    expect(report).toMatchObject({ ok: true, verified: 300, unsealed: 0 });
  });

  it('finishes the batch of a sealer that died after claiming places and before writing them', async () => {
    await insertRaw('crash-county', 5);
    await ctx.app.services.audit.sealAll();
    // What a SIGKILL between the head's advance and the events' update leaves behind.
    const last = await raw
      .collection('events')
      .find({ 'chain.county': 'crash-county' })
      .sort({ 'chain.seq': -1 })
      .limit(2)
      .toArray();
    await raw.collection('auditChains').updateOne(
      { _id: 'crash-county' as never },
      {
        $set: {
          pending: last.map((e) => ({
            eventId: e._id,
            seq: e.chain.seq,
            prev: e.chain.prev,
            hash: e.chain.hash,
          })),
        },
      },
    );
    await raw
      .collection('events')
      .updateMany({ _id: { $in: last.map((e) => e._id) } }, { $unset: { chain: 1 } });
    expect(await ctx.app.services.audit.verifyChains({ county: 'crash-county' })).toMatchObject({
      ok: true,
      verified: 3,
      unsealed: 2,
    });

    const tick = await ctx.app.services.scheduler.runOnce();
    expect(tick.eventsSealed).toBe(0); // the places were claimed before the crash
    expect(await ctx.app.services.audit.verifyChains({ county: 'crash-county' })).toMatchObject({
      ok: true,
      verified: 5,
      unsealed: 0,
    });
  });

  it('puts events without a county into the system chain', async () => {
    await insertRaw(undefined, 2, 'user.created');
    const { id } = await ctx.app.services.audit.record({ actor: 'admin', action: 'password.policy.changed' });
    const event = await raw.collection('events').findOne({ _id: id as never });
    expect(event!.chain).toMatchObject({ county: 'system' });
    expect(await raw.collection('events').countDocuments({ 'chain.county': 'system' })).toBe(3);
    expect(await ctx.app.services.audit.verifyChains({ county: 'system' })).toMatchObject({
      ok: true,
      verified: 3,
    });
  });

  it('reports a deleted event as missing, in the chain and in the neighbouring history', async () => {
    const { instanceId } = await instanceWithHistory();
    const events = await raw
      .collection('events')
      .find({ instanceId: new (await import('mongodb')).ObjectId(instanceId) })
      .sort({ seq: 1 })
      .toArray();
    await raw.collection('events').deleteOne({ _id: events[1]._id });
    const report = await ctx.app.services.audit.verifyChains({ county: 'heilongjiang-city' });
    expect(report.chains[0].problem).toMatchObject({ seq: events[1].chain.seq, kind: 'missing' });
    const view = await ctx.http.get(`/api/instances/${instanceId}`).set(as(DEPARTMENT));
    expect(view.body.historyIntegrity.status).toBe('failed');
    expect(view.body.historyIntegrity.problems.map((p: { kind: string }) => p.kind)).toEqual([
      'missing',
      'missing',
    ]);
    // Restore it for the tests after this one.
    await raw.collection('events').insertOne(events[1]);
    expect((await ctx.app.services.audit.verifyChains()).ok).toBe(true);
  });

  it('counts an event left unsealed for longer than ten minutes as a break', async () => {
    // Inserted straight into the collection and not sealed since (no write path, no tick ran).
    await insertRaw('stale-county', 1);
    expect(await ctx.app.services.audit.verifyChains({ county: 'stale-county' })).toMatchObject({
      ok: true,
      unsealed: 1,
    });
    ctx.clock.advance(11 * 60_000);
    const report = await ctx.app.services.audit.verifyChains({ county: 'stale-county' });
    expect(report.ok).toBe(false);
    expect(report.chains[0].problem).toMatchObject({ kind: 'unsealed' });
    expect(report.chains[0].problem!.message).toContain('超过 10 分钟仍未封存');
    await ctx.app.services.audit.sealAll();
    expect((await ctx.app.services.audit.verifyChains()).ok).toBe(true);
  });
});
