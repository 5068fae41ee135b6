import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '@pm/embedded-mongo';
import { MongoClient, type Document } from 'mongodb';
import { connectDatabase } from '../../server/src/bootstrap';
import { createModels } from '../../server/src/models';
import { verifyChains } from '../../server/src/services/audit/verify';
import { startProduct as start, stopProduct } from '../helpers/product';

/**
 * A crash at any point of a transition loses nothing and duplicates nothing: the built product
 * (server/dist/main.js, as `npm start` runs it) is killed with SIGKILL during a burst of task
 * completions, restarted on the same data directory, and every instance is checked, and every
 * county's audit chain verifies (the restart seals what the crash left unsealed).
 */
const startProduct = (dataDir: string) => start(dataDir, { LOG_LEVEL: 'warn' });

class Client {
  private tokens = new Map<string, string>();
  constructor(private readonly url: string) {}

  async login(username: string): Promise<void> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo' }),
    });
    this.tokens.set(username, ((await res.json()) as { token: string }).token);
  }

  async call(
    username: string,
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: Document }> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.tokens.get(username)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Document };
  }
}

const DEPARTMENT = 'heilongjiang-city.jiaoyu';
/** Everyone who acts on heilongjiang-city's 绩效目标, whatever the route's reviewers are. */
const ACTORS = [DEPARTMENT, 'heilongjiang-city.yewu', 'heilongjiang-city.zonghe', 'heilongjiang-city.yusuan'];

describe('a server killed during a burst of transitions', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two start-ups of the built product (deploy, demo data, recovery) take longer than jest's default.
  it('loses no acknowledged completion and duplicates nothing after restart', async () => {
    const acknowledged = new Set<string>();
    const instanceIds: string[] = [];
    let product = await startProduct(dataDir);
    try {
      const client = new Client(product.url);
      for (const u of ACTORS) await client.login(u);
      for (let i = 0; i < 16; i++) {
        const project = await client.call(DEPARTMENT, 'POST', '/api/projects', {
          county: 'heilongjiang-city',
          name: `崩溃测试项目${i}`,
          amount: 100 + i,
          year: 2026,
          category: 'new',
          kind: 'project',
        });
        const started = await client.call(
          DEPARTMENT,
          'POST',
          `/api/projects/${project.body.id}/stages/target-declaration/start`,
          {},
        );
        instanceIds.push(started.body.instanceId);
      }
      // Workers keep completing whatever is in their inboxes until the process dies under them:
      // an edit task is submitted with its form's example record, a review is approved.
      const examples = new Map<string, unknown>();
      let dead = false;
      const complete = async (username: string, taskId: string) => {
        const detail = (await client.call(username, 'GET', `/api/tasks/${taskId}`)).body;
        if (!detail.task) return;
        const outcomes = detail.outcomes as { id: string }[];
        let body: Record<string, unknown>;
        if (detail.task.mode === 'edit') {
          const formId = detail.form.id as string;
          if (!examples.has(formId)) {
            const example = await client.call(username, 'GET', `/api/forms/${formId}/example`);
            examples.set(formId, example.body.data);
          }
          body = { outcome: outcomes[0].id, data: examples.get(formId) };
        } else {
          body = { outcome: (outcomes.find((o) => o.id === 'approve') ?? outcomes[0]).id };
        }
        const res = await client.call(username, 'POST', `/api/tasks/${taskId}/complete`, body);
        if (res.status === 200) acknowledged.add(taskId);
      };
      const worker = async (username: string) => {
        while (!dead) {
          try {
            const inbox = await client.call(username, 'GET', '/api/tasks?status=open&limit=200');
            for (const task of (inbox.body.items ?? []) as { id: string }[])
              await complete(username, task.id);
          } catch {
            return; // connection refused: the server is gone
          }
        }
      };
      const workers = [...ACTORS, DEPARTMENT].map(worker);
      // Kill once the burst is under way, at a random moment inside it.
      for (let i = 0; i < 400 && acknowledged.size < 5; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      const exited = new Promise((r) => product.child.once('exit', r));
      product.child.kill('SIGKILL');
      dead = true;
      await Promise.all([exited, ...workers]);
      expect(acknowledged.size).toBeGreaterThan(0);

      // Restart: recovery finishes interrupted transitions before serving.
      product = await startProduct(dataDir);
      const after = new Client(product.url);
      await after.login(DEPARTMENT);
      const health = await after.call(DEPARTMENT, 'GET', '/api/health');
      expect(health.status).toBe(200);
    } finally {
      await stopProduct(product.child, 'SIGTERM');
    }

    const store = await startEmbeddedMongo({ dbPath: dataDir });
    const mongo = await MongoClient.connect(store.uri);
    try {
      const db = mongo.db('budget_performance');
      const instances = await db.collection('instances').find({}).toArray();
      // Ours, plus the demo projects' instances, which the workers drove too.
      const ids = new Set(instances.map((i) => String(i._id)));
      for (const id of instanceIds) expect(ids.has(id)).toBe(true);
      for (const instance of instances) {
        expect(instance.outbox).toEqual([]);
        expect(instance.followUps).toEqual([]);
        const waiting = (instance.state.tokens as { wait: { kind: string; taskRef?: string } }[])
          .filter((t) => t.wait.kind === 'task')
          .map((t) => t.wait.taskRef)
          .sort();
        const open = (
          await db.collection('tasks').find({ instanceId: instance._id, status: 'open' }).toArray()
        )
          .map((t) => t.taskRef)
          .sort();
        expect([String(instance._id), open]).toEqual([String(instance._id), waiting]);
        const project = await db.collection('projects').findOne({ _id: instance.projectId });
        expect(project!.stages['target-declaration'].instances[String(instance._id)].status).toBe(
          instance.status,
        );
      }
      const completed = await db.collection('tasks').find({ status: 'completed' }).toArray();
      const events = await db.collection('events').find({ action: 'task.completed' }).toArray();
      const perTask = new Map<string, number>();
      for (const e of events) perTask.set(String(e.taskId), (perTask.get(String(e.taskId)) ?? 0) + 1);
      for (const task of completed)
        expect([String(task._id), perTask.get(String(task._id))]).toEqual([String(task._id), 1]);
      expect(events).toHaveLength(completed.length);
      const completedIds = new Set(completed.map((t) => String(t._id)));
      for (const id of acknowledged) expect([id, completedIds.has(id)]).toEqual([id, true]);

      const conn = await connectDatabase(store.uri, 'budget_performance');
      try {
        const report = await verifyChains(createModels(conn), { now: new Date() });
        expect(report.chains.filter((c) => c.problem)).toEqual([]);
        expect(report.unsealed).toBe(0);
        expect(report.verified).toBe(await db.collection('events').countDocuments({}));
      } finally {
        await conn.close();
      }
    } finally {
      await mongo.close();
      await store.stop();
    }
  }, 120_000);
});
