import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '@pm/embedded-mongo';
import { MongoClient } from 'mongodb';
import { MAIN, startProduct, stopProduct as stopWith } from '../helpers/product';

/** The embedded store's address as printed for mongosh (without the password). */
function printedStoreUri(output: string): string {
  const match = /mongosh "(mongodb:\/\/[^"]+)"/.exec(output);
  if (!match) throw new Error(`no mongosh command in the output:\n${output}`);
  return match[1];
}

/** `npm start` on the embedded default: deploy, demo data, health, login, restart, clean shutdown. */
describe('npm start on the embedded default', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-main-'));
  const credentialsFile = path.join(dataDir, 'store-credentials.json');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, prints the demo logins, serves health and login, and stops cleanly on SIGTERM', async () => {
    const product = await startProduct(dataDir);
    try {
      expect(product.output()).toContain('演示账号（密码均为 demo）');
      expect(product.output()).toMatch(
        /hailin:\s+hailin\.admin（海林市管理员）\s+hailin\.yewu（市财政局主管业务科室）/,
      );
      const health = await fetch(`${product.url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const login = await fetch(`${product.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo' }),
      });
      expect(login.status).toBe(200);

      // Demo data: sample projects in different stages for each county's first department.
      const dept = await fetch(`${product.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'heilongjiang-city.jiaoyu', password: 'demo' }),
      });
      const { token } = (await dept.json()) as { token: string };
      const projects = (await (
        await fetch(`${product.url}/api/projects`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as { items: { name: string; stages: { id: string; status: string }[] }[] };
      const declaration = projects.items.map(
        (p) => p.stages.find((stage) => stage.id === 'target-declaration')!.status,
      );
      expect(declaration.sort()).toEqual(['active', 'active', 'not-started']);
      const inbox = (await (
        await fetch(`${product.url}/api/tasks?status=open`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as { total: number };
      expect(inbox.total).toBe(1);
    } finally {
      expect(await stopWith(product.child, 'SIGTERM')).toBe(0);
    }
    const log = product.output();
    expect(log.indexOf('shutting down')).toBeGreaterThan(-1);
    expect(log.indexOf('stopped')).toBeGreaterThan(log.indexOf('shutting down'));
  });

  it('creates the store credentials owner-only on first start and refuses connections without them', async () => {
    // The first test started the product on this fresh directory.
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(0);
    const { username, password } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as {
      username: string;
      password: string;
    };
    expect(password.length).toBeGreaterThanOrEqual(32);
    const product = await startProduct(dataDir);
    try {
      const printed = printedStoreUri(product.output());
      expect(product.output()).toContain(credentialsFile);
      expect(product.output()).not.toContain(password);
      // A connection without credentials, as an attacker on the machine would open: every read is refused.
      const anonymous = new URL(printed);
      anonymous.username = '';
      const intruder = await MongoClient.connect(anonymous.toString(), { serverSelectionTimeoutMS: 5000 });
      try {
        await expect(intruder.db('budget_performance').collection('users').findOne({})).rejects.toMatchObject(
          {
            code: 13,
            codeName: 'Unauthorized',
          },
        );
        await expect(intruder.db('admin').command({ listDatabases: 1 })).rejects.toMatchObject({ code: 13 });
      } finally {
        await intruder.close();
      }
      // With the file's password the same address works (mongosh would ask for it).
      const withPassword = new URL(printed);
      withPassword.password = password;
      expect(withPassword.username).toBe(username);
      const owner = await MongoClient.connect(withPassword.toString());
      try {
        expect(
          await owner.db('budget_performance').collection('users').countDocuments({ username: 'admin' }),
        ).toBe(1);
      } finally {
        await owner.close();
      }
    } finally {
      expect(await stopWith(product.child, 'SIGTERM')).toBe(0);
    }
  });

  it('refuses a credentials file other users can read, saying how to fix it', async () => {
    chmodSync(credentialsFile, 0o640);
    try {
      const child = spawn(process.execPath, [MAIN], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MONGODB_URI: '' },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(err).toContain(`chmod 600 ${credentialsFile}`);
      expect(err).toContain('权限是 0640');
    } finally {
      chmodSync(credentialsFile, 0o600);
    }
  });

  it('keeps its data across restarts and does not seed twice', async () => {
    const credentials = readFileSync(credentialsFile, 'utf8');
    const product = await startProduct(dataDir);
    try {
      const login = await fetch(`${product.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo' }),
      });
      const { token } = (await login.json()) as { token: string };
      // The session made in this run works; sessions made by the first run are still stored too.
      const me = await fetch(`${product.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
    } finally {
      expect(await stopWith(product.child, 'SIGINT')).toBe(0);
    }
    // Restarts reuse the credentials created on the first start.
    expect(readFileSync(credentialsFile, 'utf8')).toBe(credentials);
    // Open the same data directory directly (with the same credentials file): one admin, each demo account once, two runs' sessions.
    const store = await startEmbeddedMongo({ dbPath: dataDir });
    const client = await MongoClient.connect(store.uri);
    try {
      const db = client.db('budget_performance');
      expect(await db.collection('users').countDocuments({ username: 'admin' })).toBe(1);
      const names = await db.collection('users').distinct('username');
      expect(new Set(names).size).toBe(names.length);
      expect(await db.collection('sessions').countDocuments({})).toBeGreaterThanOrEqual(2);
      // Three sample projects per county, created on the first start only.
      expect(await db.collection('projects').countDocuments({ demo: true })).toBe(15);
    } finally {
      await client.close();
      await store.stop();
    }
  });

  it('refuses to start with a bad configuration, naming the variable', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: 'not-a-port', DATA_DIR: dataDir },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/配置无效[\s\S]*PORT/);
  });
});
