/**
 * bench/engine — the workflow runtime's own cost, measured on the embedded store (journal fsync on).
 *
 *  1. Task completions per second through the HTTP API (auth, access checks, form validation for
 *     submissions, engine step, outbox, audit) against a baseline measured in the same run: the same
 *     number of plain mongoose findOneAndUpdate calls behind an equally thin Express route (same
 *     middleware: logging, security headers, JSON parsing, bearer-token authentication). The ratio
 *     is the engine's own cost.
 *  2. Inbox latency (GET /api/tasks?status=open) p50/p99 with 100,000 instances and 300,000 tasks stored.
 *
 * Run: npm run bench -- engine [--instances 100000] [--completions 400] [--concurrency 8]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { Types } from 'mongoose';
import { startEmbeddedMongo } from '../../packages/embedded-mongo/src';
import { createApp } from '../../server/src/app';
import { authenticate } from '../../server/src/http/authenticate';
import { connectDatabase, deployRepository } from '../../server/src/bootstrap';
import { loadConfig } from '../../server/src/config';

const REPO_DIR = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const INSTANCES = arg('instances', 100_000);
const COMPLETIONS = arg('completions', 400);
const CONCURRENCY = arg('concurrency', 8);
const example = JSON.parse(
  readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
  return performance.now() - started;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-bench-engine-'));
  const store = await startEmbeddedMongo({
    dbPath: dataDir,
    logger: { info() {}, warn() {}, error: console.error },
  });
  const config = loadConfig({ NODE_ENV: 'test', REPO_DIR, LOG_LEVEL: 'silent', LOGIN_MAX_FAILURES: '1000' });
  const db = await connectDatabase(store.uri, 'bench');
  const deployment = await deployRepository(db, config);
  const app = createApp({ db, config, counties: deployment.counties });

  // The baseline: one findOneAndUpdate per request behind the same middleware stack.
  const baselineTasks = db.collection('baselineTasks');
  const Baseline = db.model(
    'BaselineTask',
    new (await import('mongoose')).Schema({ status: String, data: {} }, { collection: 'baselineTasks' }),
  );
  const baselineApp = express();
  baselineApp.use(express.json({ limit: '2mb' }));
  baselineApp.post('/baseline/:id', authenticate(app.services.auth), async (req, res) => {
    const doc = await Baseline.findOneAndUpdate(
      { _id: req.params.id, status: 'open' },
      { $set: { status: 'completed', data: req.body.data } },
      { new: true },
    ).lean();
    res.status(doc ? 200 : 409).json({ ok: Boolean(doc) });
  });
  app.use(baselineApp);

  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  const call = async (token: string, method: string, route: string, body?: unknown) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const dept = await login('heilongjiang-city.jiaoyu');
  const reviewer = await login('heilongjiang-city.yewu');
  process.stdout.write(`preparing ${COMPLETIONS} instances of 绩效目标申报 in heilongjiang-city…\n`);
  const projectIds: string[] = [];
  for (let i = 0; i < COMPLETIONS; i++) {
    const project = await call(dept, 'POST', '/api/projects', {
      county: 'heilongjiang-city',
      name: `基准项目${i}`,
      amount: 100,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
    await call(dept, 'POST', `/api/projects/${String(project.id)}/stages/target-declaration/start`, {});
    projectIds.push(String(project.id));
  }
  const allOpen = async (token: string) => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await call(token, 'GET', `/api/tasks?status=open&limit=200&offset=${offset}`)).items as {
        id: string;
      }[];
      ids.push(...page.map((t) => t.id));
      if (page.length < 200) return ids;
    }
  };

  // Submissions: validated against the 绩效目标申报表 on the server, then the engine moves to 初审.
  const submitIds = await allOpen(dept);
  const submitMs = await pool(submitIds, CONCURRENCY, async (id) => {
    await call(dept, 'POST', `/api/tasks/${id}/complete`, { outcome: 'submit', data: example });
  });
  // Reviews: no form to validate, the engine and outbox only.
  const reviewIds = await allOpen(reviewer);
  const reviewMs = await pool(reviewIds, CONCURRENCY, async (id) => {
    await call(reviewer, 'POST', `/api/tasks/${id}/complete`, { outcome: 'approve' });
  });
  // Baseline: the same number of single-document updates behind a thin route.
  const baselineDocs = Array.from({ length: COMPLETIONS }, () => ({
    _id: new Types.ObjectId(),
    status: 'open',
  }));
  await baselineTasks.insertMany(baselineDocs);
  const baselineMs = await pool(
    baselineDocs.map((d) => d._id.toHexString()),
    CONCURRENCY,
    async (id) => {
      const res = await fetch(`${base}/baseline/${id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${reviewer}` },
        body: JSON.stringify({ data: example }),
      });
      if (res.status !== 200) throw new Error(`baseline ${res.status}`);
      await res.json();
    },
  );
  const rate = (n: number, ms: number) => (n / ms) * 1000;
  const baseRate = rate(baselineDocs.length, baselineMs);
  console.log('\nTask completions through HTTP (embedded store, fsync on, concurrency %d)', CONCURRENCY);
  console.table([
    {
      case: 'baseline: findOneAndUpdate behind a thin route',
      'ops/s': baseRate.toFixed(0),
      'cost vs baseline': '1.00x',
    },
    {
      case: 'complete 审核 task (engine + outbox + audit)',
      'ops/s': rate(reviewIds.length, reviewMs).toFixed(0),
      'cost vs baseline': `${(baseRate / rate(reviewIds.length, reviewMs)).toFixed(2)}x`,
    },
    {
      case: 'complete 申报 task (+ server-side form validation)',
      'ops/s': rate(submitIds.length, submitMs).toFixed(0),
      'cost vs baseline': `${(baseRate / rate(submitIds.length, submitMs)).toFixed(2)}x`,
    },
  ]);

  // Inbox at scale: 100,000 instances and 300,000 tasks stored, spread over every county's org units.
  process.stdout.write(`\nseeding ${INSTANCES} instances and ${INSTANCES * 3} tasks…\n`);
  const counties = deployment.counties.list();
  const units = counties.flatMap((c) => c.orgUnits.map((u) => ({ county: c.id, code: u.code })));
  const now = Date.now();
  const seedStarted = performance.now();
  for (let batch = 0; batch < INSTANCES; batch += 2000) {
    const instances = [];
    const tasks = [];
    for (let i = batch; i < Math.min(INSTANCES, batch + 2000); i++) {
      const unit = units[i % units.length];
      const instanceId = new Types.ObjectId();
      instances.push({
        _id: instanceId,
        county: unit.county,
        projectId: new Types.ObjectId(),
        stageId: 'monitoring',
        round: '',
        processId: 'monitoring',
        status: 'active',
        rev: 3,
        state: { tokens: [] },
        outbox: [],
        followUps: [],
        pending: false,
        activeKey: instanceId.toHexString(),
      });
      for (let k = 0; k < 3; k++) {
        const target = units[(i * 3 + k) % units.length];
        const open = k === 2;
        tasks.push({
          _id: new Types.ObjectId(),
          instanceId,
          projectId: new Types.ObjectId(),
          county: target.county,
          stageId: 'monitoring',
          taskRef: `t${k}`,
          elementId: 'fill',
          name: '填报绩效运行监控表',
          mode: 'edit',
          candidateRoles: ['declarant'],
          candidateUnits: [target.code],
          candidateUsers: [],
          audience: [`unit:${target.county}:${target.code}`],
          outcomes: [{ id: 'submit', label: '提交' }],
          reviewPoints: [],
          status: open ? 'open' : 'completed',
          due: new Date(now + ((i * 7919) % 90) * 86400_000),
          createdAt: new Date(now - (i % 1000) * 60_000),
          projectName: `项目${i}`,
          year: 2026,
          ...(open ? {} : { completedBy: `${target.county}.${target.code}`, completedAt: new Date(now) }),
        });
      }
    }
    await db.collection('instances').insertMany(instances, { ordered: false });
    await db.collection('tasks').insertMany(tasks, { ordered: false });
  }
  process.stdout.write(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`);

  const users = [
    'heilongjiang-city.jiaoyu',
    'heilongjiang-city.yewu',
    'hailin.caizheng',
    'qitai.jiaoyu',
    'jinan-shizhong.caizheng',
  ];
  const tokens = await Promise.all(users.map(login));
  const latencies: number[] = [];
  let openSeen = 0;
  for (let round = 0; round < 60; round++) {
    for (const token of tokens) {
      const started = performance.now();
      const page = await call(token, 'GET', '/api/tasks?status=open&limit=50');
      latencies.push(performance.now() - started);
      openSeen = Math.max(openSeen, Number(page.total));
    }
  }
  latencies.sort((a, b) => a - b);
  const stored = {
    instances: await db.collection('instances').estimatedDocumentCount(),
    tasks: await db.collection('tasks').estimatedDocumentCount(),
  };
  console.log(
    '\nInbox GET /api/tasks?status=open&limit=50 (%d requests over %d users)',
    latencies.length,
    users.length,
  );
  console.table([
    {
      instances: stored.instances,
      tasks: stored.tasks,
      'largest inbox': openSeen,
      'p50 ms': percentile(latencies, 50).toFixed(1),
      'p99 ms': percentile(latencies, 99).toFixed(1),
      'max ms': latencies.at(-1)!.toFixed(1),
    },
  ]);

  server.close();
  await db.close();
  await store.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
