import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from './api';
import { launchChromium, laptop, login } from './browser';
import { buildWebApp, startWebProduct, stopProduct, type RunningProduct } from './product';

export interface WebSession {
  /** The built product on the embedded store in its own temp DATA_DIR (set once beforeAll ran). */
  readonly product: RunningProduct;
  readonly browser: Browser;
  readonly api: ApiClient;
  readonly dataDir: string;
  /** A fresh laptop-sized page logged in as `username`; its uncaught errors fail the test. */
  userPage(username: string): Promise<Page>;
}

/**
 * What every browser test file sets up: the web app built, the product started on a temp data
 * directory, chromium launched, and each test ending with no uncaught page error; all stopped and
 * removed afterwards. Call at the top of a test file: it registers the jest hooks.
 */
export function webSession(prefix: string, options: { pageTimeoutMs?: number } = {}): WebSession {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const pageErrors: string[] = [];
  let product: RunningProduct | undefined;
  let browser: Browser | undefined;
  let api: ApiClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the web session is used before beforeAll started it');
    return value;
  };

  afterEach(() => expect(pageErrors.splice(0)).toEqual([]));
  beforeAll(async () => {
    buildWebApp();
    product = await startWebProduct(dataDir);
    api = new ApiClient(product.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (product) expect(await stopProduct(product.child, 'SIGTERM')).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get product() {
      return started(product);
    },
    get browser() {
      return started(browser);
    },
    get api() {
      return started(api);
    },
    dataDir,
    async userPage(username) {
      const { page } = await laptop(started(browser), started(product).url);
      page.setDefaultTimeout(options.pageTimeoutMs ?? 15_000);
      page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
      await page.goto('/');
      await login(page, username);
      return page;
    },
  };
}
