import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '@pm/embedded-mongo';
import { MongoClient, type Document } from 'mongodb';
import { REPO_DIR } from '../helpers/app';

/**
 * A crash at any point of a transition loses nothing and duplicates nothing: the built product
 * (server/dist/main.js, as `npm start` runs it) is killed with SIGKILL during a burst of task
 * completions, restarted on the same data directory, and every instance is checked.
 */
const MAIN = path.join(REPO_DIR, 'server', 'dist', 'main.js');
const example = JSON.parse(
  readFileSync(path.join(REPO_DIR, 'forms/target-declaration/example.json'), 'utf8'),
);

function startProduct(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      MONGODB_URI: '',
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up:\n${out}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /预算绩效管理平台已启动: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

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
const ROUTE: Record<string, [string, string, Record<string, unknown>]> = {
  填报绩效目标: [DEPARTMENT, 'submit', { data: example }],
  初审: ['heilongjiang-city.yewu', 'approve', {}],
  批复: ['heilongjiang-city.yusuan', 'approve', {}],
};

describe('a server killed during a burst of transitions', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged completion and duplicates nothing after restart', async () => {
    const acknowledged = new Set<string>();
    const instanceIds: string[] = [];
    let product = await startProduct(dataDir);
    try {
      const client = new Client(product.url);
      for (const u of [DEPARTMENT, 'heilongjiang-city.yewu', 'heilongjiang-city.yusuan'])
        await client.login(u);
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
      // Workers keep completing whatever is in the three inboxes until the process dies under them.
      let dead = false;
      const worker = async (username: string) => {
        while (!dead) {
          try {
            const inbox = await client.call(username, 'GET', '/api/tasks?status=open&limit=200');
            for (const task of (inbox.body.items ?? []) as { id: string; name: string }[]) {
              const [, outcome, extra] = ROUTE[task.name];
              const res = await client.call(username, 'POST', `/api/tasks/${task.id}/complete`, {
                outcome,
                ...extra,
              });
              if (res.status === 200) acknowledged.add(task.id);
            }
          } catch {
            return; // connection refused: the server is gone
          }
        }
      };
      const workers = [
        DEPARTMENT,
        DEPARTMENT,
        'heilongjiang-city.yewu',
        'heilongjiang-city.yewu',
        'heilongjiang-city.yusuan',
      ].map(worker);
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
      if (product.child.exitCode === null && product.child.signalCode === null) {
        const exited = new Promise((r) => product.child.once('exit', r));
        product.child.kill('SIGTERM');
        await exited;
      }
    }

    const store = await startEmbeddedMongo({ dbPath: dataDir });
    const mongo = await MongoClient.connect(store.uri);
    try {
      const db = mongo.db('budget_performance');
      const instances = await db.collection('instances').find({}).toArray();
      expect(instances).toHaveLength(16);
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
    } finally {
      await mongo.close();
      await store.stop();
    }
  });
});
