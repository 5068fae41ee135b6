import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo } from '@pm/embedded-mongo';
import { REPO_DIR } from '../helpers/app';
import { MAIN, startProduct, stopProduct } from '../helpers/product';

/**
 * A real bureau's first start, as the README tells it: `NODE_ENV=production` has no demo accounts,
 * so the server refuses to start until `pm user create --role superadmin` made the first account.
 * Runs the built product and the built CLI (`tsc -b` first).
 */
const PM = path.join(REPO_DIR, 'packages', 'cli', 'bin', 'pm.js');

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [file, ...args],
      {
        cwd: REPO_DIR,
        env: { ...process.env, INIT_CWD: REPO_DIR, LOG_LEVEL: 'warn', ...env },
        timeout: 90_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function firstStart(env: Record<string, string>) {
  const production = { NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env };
  const refused = await run(MAIN, [], production);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('尚无可用的全平台系统管理员账号，服务器未启动');
  expect(refused.stderr).toContain(
    'npm run pm -- user create --username <账号> --name <姓名> --role superadmin',
  );

  const weak = await run(
    PM,
    ['user', 'create', '--username', 'wangju', '--name', '王局', '--role', 'superadmin'],
    production,
    'wangju123\n',
  );
  expect(weak.code).toBe(1);
  expect(weak.stderr).toContain('密码不符合密码策略');
  const created = await run(
    PM,
    ['user', 'create', '--username', 'wangju', '--name', '王局', '--role', 'superadmin'],
    production,
    'Caizheng-Ju-2026\n',
  );
  expect(created).toMatchObject({ code: 0 });
  expect(created.stdout).toContain('新建账号 wangju（王局，系统管理员（全平台））');

  const product = await startProduct(env.DATA_DIR ?? '', { ...production, LOG_LEVEL: 'warn' });
  try {
    expect(product.output()).not.toContain('演示账号');
    const demo = await fetch(`${product.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    });
    expect(demo.status).toBe(401);
    const login = await fetch(`${product.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'wangju', password: 'Caizheng-Ju-2026' }),
    });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { user: { systemRoles: string[]; passwordChange: unknown } };
    expect(body.user).toMatchObject({ systemRoles: ['superadmin'], passwordChange: null });
  } finally {
    expect(await stopProduct(product.child, 'SIGTERM')).toBe(0);
  }
}

describe('first start in production', () => {
  it('on the embedded store: refuses without a superadmin, then comes up after pm user create', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-production-'));
    cleanup.push(dataDir);
    await firstStart({ DATA_DIR: dataDir, MONGODB_URI: '' });
  }, 180_000);

  it('on MONGODB_URI the same way', async () => {
    const store = await startEmbeddedMongo({});
    try {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-production-uri-'));
      cleanup.push(dataDir);
      await firstStart({ MONGODB_URI: store.uri, MONGODB_DB: 'bureau', DATA_DIR: dataDir });
    } finally {
      await store.stop();
    }
  }, 180_000);
});
