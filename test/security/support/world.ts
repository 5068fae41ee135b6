import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import mongoose, { Types, type Connection } from 'mongoose';
import { createTestContext, REPO_DIR } from '../../helpers/app';
import { startTestDatabase } from '../../helpers/database';
import { MAIN } from '../../helpers/product';
import { send, type Reply, type RequestSpec } from './http';

/**
 * The world both security suites run against: a fully deployed app on a fresh database, listening on a
 * loopback port (so raw and truncated requests can be sent), with seeded data in two counties. The
 * primary county is the one whose documents the access matrix addresses; the other county's ids must
 * never reach the primary county's callers (and the primary county's never reach the other's).
 */
export const PRIMARY = 'heilongjiang-city';
export const OTHER = 'hailin';

/** The kinds of caller, each a demo user (password demo) or nobody. */
export const CALLERS = {
  superadmin: 'admin',
  countyAdmin: `${PRIMARY}.admin`,
  finance: `${PRIMARY}.yewu`, // 业务股室 (finance-section)
  center: `${PRIMARY}.pingshen`, // 财政投资评审中心 (center)
  leadership: `${PRIMARY}.dangzu`, // 局党组 (leadership)
  oversight: `${PRIMARY}.renda`, // 市人大 (oversight, read-only)
  department: `${PRIMARY}.jiaoyu`, // the seeded project's own department
  otherDepartment: `${PRIMARY}.weijian`, // another department of the same county
  otherCountyDepartment: `${OTHER}.jiaoyu`,
  otherCountyAdmin: `${OTHER}.admin`,
  anonymous: null,
  // 三员分立's other two (no county, made by the superadmin at start, password demo): not matrix columns,
  // the matrix test checks their routes in a describe of their own; the fuzz suite calls as them.
  securityAdmin: 'sanyuan-anquan', // 安全管理员 (security-admin)
  auditor: 'sanyuan-shenji', // 安全审计员 (auditor)
} as const;
export type CallerKind = keyof typeof CALLERS;
/** Accounts of 三员分立 the world makes, and their system role. */
export const STAFF = { securityAdmin: 'security-admin', auditor: 'auditor' } as const;
/** The access matrix's columns, in its order. */
export const CALLER_KINDS = (Object.keys(CALLERS) as CallerKind[]).filter((kind) => !(kind in STAFF));

/** The county a caller belongs to (superadmin and anonymous: none). */
export function countyOf(kind: CallerKind): string | undefined {
  const user = CALLERS[kind];
  return user && user.includes('.') ? user.split('.')[0] : undefined;
}

export const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.alloc(200, 0x20),
  Buffer.from('\n%%EOF\n'),
]);

export function example(formId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(REPO_DIR, 'forms', formId, 'example.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Ids (and names) of one county's seeded documents. */
export interface CountySeed {
  county: string;
  project: string;
  projectName: string;
  instance: string;
  task: string;
  attachment: string;
  batch: string;
  round: string;
  notification: string;
}

export interface World {
  /** The app's database (read directly for snapshots and lookups). */
  db: Connection;
  baseUrl: string;
  /** Whether the server process is still running (always true in process). */
  alive(): boolean;
  /** What the server printed (product mode), for failure messages. */
  output(): string;
  primary: CountySeed;
  other: CountySeed;
  /** Bearer tokens of every caller kind, logged in once. */
  tokens: Record<CallerKind, string | undefined>;
  /** Logs a demo user in anew (password demo) and returns the token. */
  login(username: string): Promise<string>;
  /** Sends a request as a caller kind (or with no Authorization header for anonymous). */
  request(kind: CallerKind, spec: RequestSpec): Promise<Reply>;
  /** Fresh documents for a request that changes what it touches (one per matrix cell). */
  fresh: Fresh;
  /**
   * Every string that identifies a document of `county` as the database holds it now: project ids and
   * names, instance, task, batch and attachment ids.
   */
  secretsOf(county: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface Fresh {
  project(county?: string): Promise<string>;
  /** A running 绩效目标 stage: its instance and the department's open 填报绩效目标 task. */
  task(county?: string): Promise<{ project: string; instance: string; task: string }>;
  /** An open task claimed by the department. */
  claimedTask(): Promise<string>;
  /** A PDF the department uploaded on an open task of its own. */
  attachment(): Promise<string>;
  /** A studio draft of the primary county equal to what is deployed (publishing it changes nothing). */
  draft(kind: 'county' | 'form' | 'process', artifactId: string): Promise<void>;
  /** An account of the primary county's department unit (no system role), made by the superadmin: its id. */
  account(): Promise<string>;
  /** A name nobody used yet. */
  unique(prefix: string): string;
}

let counter = 0;

interface Server {
  db: Connection;
  baseUrl: string;
  alive(): boolean;
  output(): string;
  stop(): Promise<void>;
}

/** The app in this process (jest), on a loopback port: what the access matrix needs. */
async function inProcess(): Promise<Server> {
  const ctx = await createTestContext();
  // The store's TTL monitor runs on real time: sessions stamped with the fake clock's 2026-03-01 would be
  // swept away a minute into the run. The suites do not move time, so the fake clock starts at now.
  ctx.clock.set(new Date());
  const server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    db: ctx.db,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    alive: () => true,
    output: () => '',
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await settleBatches(ctx.db);
      await ctx.close();
    },
  };
}

/**
 * The built server (server/dist/main.js) as its own process on a database of this test's embedded store:
 * a crash (an unhandled error event, say) really ends it, and the next request finds nobody there.
 */
async function product(): Promise<Server> {
  const database = await startTestDatabase();
  let out = '';
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
      LOG_LEVEL: 'error',
      REPO_DIR,
    },
  });
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-100_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up within 90 s:\n${out}`)), 90_000);
    child.stdout.on('data', () => {
      const match = /预算绩效管理平台已启动: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before start-up:\n${out}`));
    });
  });
  const db = await mongoose.createConnection(database.uri, { dbName: database.dbName }).asPromise();
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    db,
    baseUrl,
    alive,
    output: () => out,
    async stop() {
      if (alive()) {
        await settleBatches(db);
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      await db.close();
      await database.stop();
    },
  };
}

export async function createWorld(mode: 'in-process' | 'product' = 'in-process'): Promise<World> {
  const server = mode === 'product' ? await product() : await inProcess();
  const { db, baseUrl } = server;
  const login = async (username: string) => {
    const res = await send(baseUrl, {
      method: 'POST',
      path: '/api/auth/login',
      json: { username, password: 'demo' },
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    return String((res.json as { token: string }).token);
  };

  await makeStaff(db, baseUrl, await login(CALLERS.superadmin));
  const tokens = {} as Record<CallerKind, string | undefined>;
  for (const kind of Object.keys(CALLERS) as CallerKind[]) {
    const user = CALLERS[kind];
    tokens[kind] = user ? await login(user) : undefined;
  }
  const request = (kind: CallerKind, spec: RequestSpec) => {
    const token = tokens[kind];
    return send(baseUrl, {
      ...spec,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...spec.headers },
    });
  };
  const asUser = async (username: string, spec: RequestSpec) => {
    const kind = CALLER_KINDS.find((k) => CALLERS[k] === username);
    const token = kind ? tokens[kind] : await login(username);
    return send(baseUrl, { ...spec, headers: { authorization: `Bearer ${token}`, ...spec.headers } });
  };
  const ok = (reply: Reply, status: number, what: string) => {
    if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${reply.text}`);
    return reply.json as Record<string, unknown>;
  };

  const unique = (prefix: string) => `${prefix}${process.pid}-${++counter}`;
  const project = async (county = PRIMARY) =>
    String(
      ok(
        await asUser(`${county}.jiaoyu`, {
          method: 'POST',
          path: '/api/projects',
          json: {
            county,
            name: unique(`${county}安全测试项目`),
            amount: 300,
            year: 2026,
            category: 'new',
            kind: 'project',
          },
        }),
        201,
        'create project',
      ).id,
    );
  const task = async (county = PRIMARY) => {
    const projectId = await project(county);
    const instance = String(
      ok(
        await asUser(`${county}.jiaoyu`, {
          method: 'POST',
          path: `/api/projects/${projectId}/stages/target-declaration/start`,
          json: {},
        }),
        201,
        'start stage',
      ).instanceId,
    );
    const open = await db
      .collection('tasks')
      .findOne({ instanceId: new Types.ObjectId(instance), status: 'open' });
    if (!open) throw new Error('no open task');
    return { project: projectId, instance, task: open._id.toHexString() };
  };
  const upload = async (county: string, taskId: string) =>
    String(
      ok(
        await asUser(`${county}.jiaoyu`, {
          method: 'POST',
          path: `/api/tasks/${taskId}/attachments`,
          multipart: { field: 'file', filename: '测算依据.pdf', content: PDF },
        }),
        201,
        'upload',
      ).id,
    );

  const deployedContent = async (kind: string, artifactId: string) => {
    const doc = await db
      .collection('deployments')
      .find({ kind, county: PRIMARY, artifactId })
      .sort({ version: -1 })
      .limit(1)
      .next();
    if (!doc) throw new Error(`no deployed ${kind} ${artifactId}`);
    return doc;
  };

  const fresh: Fresh = {
    project,
    task,
    async claimedTask() {
      const { task: id } = await task();
      ok(await asUser(CALLERS.department, { method: 'POST', path: `/api/tasks/${id}/claim` }), 200, 'claim');
      return id;
    },
    async attachment() {
      const { task: id } = await task();
      return upload(PRIMARY, id);
    },
    async draft(kind, artifactId) {
      // What the studio stores: the whole manifest, a form's merge patch against the base, a process's XML.
      const content =
        kind === 'form'
          ? {}
          : kind === 'county'
            ? (await deployedContent('county', artifactId)).content
            : (await deployedContent('process', artifactId)).content;
      await db
        .collection('drafts')
        .updateOne(
          { county: PRIMARY, kind, artifactId },
          { $set: { content, basedOn: 1, updatedBy: 'seed', updatedAt: new Date() }, $inc: { rev: 1 } },
          { upsert: true },
        );
    },
    async account() {
      const username = `${PRIMARY}.${unique('m')}`;
      const made = ok(
        await request('superadmin', {
          method: 'POST',
          path: '/api/admin/users',
          json: { username, displayName: '矩阵测试账号', county: PRIMARY, orgUnit: 'jiaoyu' },
        }),
        201,
        'create account',
      );
      return String((made.account as { id: string }).id);
    },
    unique,
  };

  async function seedCounty(county: string): Promise<CountySeed> {
    const { project: projectId, instance, task: taskId } = await task(county);
    const projectDoc = await db.collection('projects').findOne({ _id: new Types.ObjectId(projectId) });
    const attachment = await upload(county, taskId);
    const round = unique('安全测试轮次');
    const launched = ok(
      await asUser(`${county}.${county === PRIMARY ? 'yewu' : 'caizheng'}`, {
        method: 'POST',
        path: '/api/finance/rounds',
        json: { county, stageId: 'monitoring', round, due: '2026-07-15', projectIds: [projectId] },
      }),
      202,
      'round',
    );
    await settleBatches(db);
    const notification = await db.collection('notifications').findOne({ audience: `unit:${county}:jiaoyu` });
    if (!notification) throw new Error(`no notification for ${county}.jiaoyu`);
    return {
      county,
      project: projectId,
      projectName: projectDoc!.name,
      instance,
      task: taskId,
      attachment,
      batch: String(launched.batchId),
      round,
      notification: String(notification._id),
    };
  }

  const primary = await seedCounty(PRIMARY);
  const other = await seedCounty(OTHER);

  /** Every document id of a county, read from the database, not only the seeded ones. */
  async function idsOf(county: string): Promise<string[]> {
    const find = (collection: string, filter: object) => db.collection(collection).find(filter).toArray();
    const [projects, instances, tasks, batches, files] = await Promise.all([
      find('projects', { county }),
      find('instances', { county }),
      find('tasks', { county }),
      find('batches', { county }),
      find('attachments.files', { 'metadata.county': county }),
    ]);
    return [
      ...projects.flatMap((p) => [String(p._id), String(p.name)]),
      ...instances.map((i) => String(i._id)),
      ...tasks.map((t) => String(t._id)),
      ...batches.map((b) => String(b._id)),
      ...files.map((f) => String(f._id)),
    ];
  }

  return {
    db,
    baseUrl,
    alive: server.alive,
    output: server.output,
    primary,
    other,
    tokens,
    login,
    request,
    fresh,
    secretsOf: idsOf,
    close: () => server.stop(),
  };
}

/**
 * The security-admin and the auditor, made as the superadmin makes them (POST /api/admin/users), then
 * given the demo password the superadmin has (its stored hash) so they log in like every other caller.
 */
async function makeStaff(db: Connection, baseUrl: string, superadmin: string): Promise<void> {
  const users = db.collection('users');
  const admin = await users.findOne({ username: CALLERS.superadmin });
  if (!admin) throw new Error('no superadmin');
  for (const [kind, role] of Object.entries(STAFF) as [keyof typeof STAFF, string][]) {
    const username = CALLERS[kind];
    const res = await send(baseUrl, {
      method: 'POST',
      path: '/api/admin/users',
      json: { username, displayName: username, systemRoles: [role] },
      headers: { authorization: `Bearer ${superadmin}` },
    });
    if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${res.text}`);
    await users.updateOne(
      { username },
      {
        $set: {
          passwordHash: admin.passwordHash,
          mustChangePassword: false,
          demo: admin.demo ?? true,
          ...(admin.passwordChangedAt ? { passwordChangedAt: admin.passwordChangedAt } : {}),
        },
      },
    );
  }
}

/** Batches run in the background after their 202: wait until none is running. */
export async function settleBatches(db: Connection): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (!(await db.collection('batches').findOne({ status: 'running' }))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('a batch is still running after 10 s');
}
