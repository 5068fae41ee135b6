import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_DIR } from '../helpers/app';
import { startProduct } from '../helpers/product';
import { launchChromium, laptop, login, screenshot } from './support/browser';
import { buildWebApp, stopProduct, type RunningProduct } from './support/product';

/**
 * A real bureau goes live (issue 12): a fresh production installation gets its first account from
 * `pm user create`; that superadmin creates hailin's county admin and an 安全审计员; the county admin
 * creates a department user on 用户管理; the user must replace the one-time password and is refused a
 * weak one; the county admin disables the user, whose open page is sent to the login page at once;
 * the auditor sees all of it on 审计记录 and is offered nothing to change.
 * Screenshots: test/e2e/screenshots/accounts-*.png.
 */
jest.setTimeout(300_000);

const PM = path.join(REPO_DIR, 'packages', 'cli', 'bin', 'pm.js');
const ROOT_PASSWORD = 'Caizheng-Ju-2026';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-accounts-'));
const production = { NODE_ENV: 'production', DATA_DIR: dataDir, MONGODB_URI: '', LOG_LEVEL: 'warn' };

let product: RunningProduct;
let browser: Browser;
const pageErrors: string[] = [];
afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

function pm(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [PM, ...args],
      { cwd: REPO_DIR, env: { ...process.env, INIT_CWD: REPO_DIR, ...production } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

async function api<T>(token: string | undefined, method: string, url: string, body?: unknown) {
  const res = await fetch(`${product.url}/api${url}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
}

async function tokenOf(username: string, password: string): Promise<string> {
  const res = await api<{ token: string }>(undefined, 'POST', '/auth/login', { username, password });
  expect([username, res.status]).toEqual([username, 200]);
  return res.body.token;
}

async function newPage(who: string): Promise<Page> {
  const { page } = await laptop(browser, product.url);
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(`${who}: ${err.message}`));
  await page.goto('/');
  return page;
}

/** On the password page a one-time password leads to: replaces it and waits to be let in. */
async function replacePassword(page: Page, current: string, next: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/password');
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码').fill(next);
  await page.getByRole('button', { name: /修改密码/ }).click();
}

const accounts: Record<string, { otp: string }> = {};

beforeAll(async () => {
  buildWebApp();
  const created = await pm(
    ['user', 'create', '--username', 'wangju', '--name', '王局', '--role', 'superadmin'],
    `${ROOT_PASSWORD}\n`,
  );
  expect(created.code).toBe(0);
  product = await startProduct(dataDir, production);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (product) expect(await stopProduct(product.child, 'SIGTERM')).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

test('the superadmin creates a county admin and an 安全审计员 (三员分立 refuses one account for both)', async () => {
  const root = await tokenOf('wangju', ROOT_PASSWORD);
  const both = await api<{ error: { details: { message: string }[] } }>(root, 'POST', '/admin/users', {
    username: 'hailin.guanli',
    displayName: '海林市管理员',
    county: 'hailin',
    systemRoles: ['admin', 'auditor'],
  });
  expect(both.status).toBe(400);
  expect(both.body.error.details[0].message).toBe('三员分立：系统管理员、安全审计员不能由同一账号兼任');
  for (const [username, displayName, county, role] of [
    ['hailin.guanli', '海林市管理员', 'hailin', 'admin'],
    ['shenji', '审计员', null, 'auditor'],
  ] as const) {
    const res = await api<{ oneTimePassword: string }>(root, 'POST', '/admin/users', {
      username,
      displayName,
      county,
      systemRoles: [role],
    });
    expect(res.status).toBe(201);
    accounts[username] = { otp: res.body.oneTimePassword };
  }
});

test('the county admin creates a department user on 用户管理; the user must replace a weak one-time password', async () => {
  const admin = await newPage('hailin.guanli');
  await login(admin, 'hailin.guanli', accounts['hailin.guanli'].otp);
  await replacePassword(admin, accounts['hailin.guanli'].otp, 'Hailin-Guanli-9');
  await admin.waitForURL((url) => url.pathname === '/');

  await admin.getByRole('menuitem', { name: '系统管理' }).hover();
  await admin.getByRole('link', { name: '用户管理' }).click();
  await admin.waitForURL((url) => url.pathname === '/system/users');
  await admin.getByRole('button', { name: '新建账号' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('账号', { exact: true }).fill('hailin.liming');
  await dialog.getByLabel('姓名').fill('李明');
  await dialog.getByRole('combobox', { name: '所属单位' }).click();
  await admin.locator('.ant-select-item-option', { hasText: '市教育局' }).click();
  await screenshot(admin, 'accounts-create');
  await dialog.getByRole('button', { name: /创\s*建/ }).click();
  const otpDialog = admin.getByRole('dialog', { name: '一次性密码' });
  const otp = (await otpDialog.locator('code').first().innerText()).trim();
  expect(otp).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
  await screenshot(admin, 'accounts-one-time-password');
  await otpDialog.getByRole('button', { name: '我已记下' }).click();
  await admin
    .getByRole('row', { name: /hailin\.liming/ })
    .getByText('待改密码')
    .waitFor();
  await screenshot(admin, 'accounts-users');

  // The user: the one-time password only opens the password page; a weak new one is refused.
  const user = await newPage('hailin.liming');
  await login(user, 'hailin.liming', otp);
  await user.waitForURL((url) => url.pathname === '/password');
  await user.getByText('您正在使用管理员设置的一次性密码').waitFor();
  await replacePassword(user, otp, 'liming123');
  await user.getByText('密码须包含小写字母、大写字母、数字、符号中的至少 3 类（现有 2 类）').waitFor();
  await screenshot(user, 'accounts-weak-password');
  expect(new URL(user.url()).pathname).toBe('/password');
  await user.getByLabel('新密码', { exact: true }).fill('Jiaoyu-Liming-7');
  await user.getByLabel('确认新密码').fill('Jiaoyu-Liming-7');
  await user.getByRole('button', { name: /修改密码/ }).click();
  await user.waitForURL((url) => url.pathname === '/');
  await user.getByRole('link', { name: '个人信息' }).click();
  await user.getByText('市教育局').first().waitFor();
  await screenshot(user, 'accounts-profile');

  // Disabled by the county admin: the user's open page is sent to the login page at its next request.
  await admin
    .getByRole('row', { name: /hailin\.liming/ })
    .getByRole('button', { name: /停\s*用/ })
    .click();
  await admin
    .getByRole('button', { name: /停\s*用/ })
    .last()
    .click();
  await admin
    .getByRole('row', { name: /hailin\.liming/ })
    .getByText('停用', { exact: true })
    .waitFor();
  await user.getByRole('link', { name: '我的项目' }).click();
  await user.waitForURL((url) => url.pathname === '/login');
  await user.getByText('该账号已停用，请联系管理员').waitFor();
  await screenshot(user, 'accounts-disabled');
  const again = await api(undefined, 'POST', '/auth/login', {
    username: 'hailin.liming',
    password: 'Jiaoyu-Liming-7',
  });
  expect(again.status).toBe(401);
});

test('the 安全审计员 sees all of it and can change nothing', async () => {
  const page = await newPage('shenji');
  await login(page, 'shenji', accounts.shenji.otp);
  await replacePassword(page, accounts.shenji.otp, 'Audit-Read-2026');
  // The 安全审计员 has no inbox: the start page is 审计记录.
  await page.waitForURL((url) => url.pathname === '/system/audit');
  const table = page.locator('.ant-table');
  for (const text of ['新建账号', '停用账号', '修改本人密码', '登录成功', '账号 hailin.liming'])
    await table.getByText(text).first().waitFor();
  await expect(page.getByText('task.claimed').count()).resolves.toBe(0);
  await screenshot(page, 'accounts-audit', true);

  // Filter by object: everything that happened to the department user.
  await page.getByLabel('对象').fill('hailin.liming');
  await page.getByLabel('对象').press('Enter');
  const objects = table.locator('tbody tr td:nth-child(5)');
  const filtered = async () => {
    const texts = await objects.allInnerTexts();
    return texts.length > 0 && texts.every((o) => o === '账号 hailin.liming');
  };
  for (let i = 0; i < 60 && !(await filtered()); i++) await page.waitForTimeout(250);
  await screenshot(page, 'accounts-audit-filtered');
  expect(new Set(await objects.allInnerTexts())).toEqual(new Set(['账号 hailin.liming']));
  const actors = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
  expect(new Set(actors)).toEqual(new Set(['hailin.guanli', 'hailin.liming']));
  await table.getByRole('cell', { name: '停用账号', exact: true }).waitFor();

  // Nothing to change: no account administration, no business menu, and the API refuses.
  await expect(page.getByRole('menuitem', { name: '待办' }).count()).resolves.toBe(0);
  await page.goto('/system/users');
  await page.getByText('无权访问').waitFor();
  const token = await tokenOf('shenji', 'Audit-Read-2026');
  const create = await api(token, 'POST', '/admin/users', {
    username: 'hailin.x1',
    displayName: 'x',
    county: 'hailin',
    orgUnit: 'jiaoyu',
  });
  expect(create.status).toBe(403);
});
