/**
 * `npm run bench -- web`: in Debian's chromium, the 自评表 with 200 indicator rows — time from navigation
 * to an interactive form, and from editing one row's 实际完成值 to the recomputed total score (median of 5
 * each) — for our IndicatorTable and for a plain ArrayTable with all rows mounted (the baseline).
 */
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type PluginOption } from 'vite';
import { launchChromium } from '../../test/e2e/support/browser';
import './timings';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.RUNS ?? 5);
const ROWS = Number(process.env.ROWS ?? 200);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The React plugin as packages/web has it installed (npm may nest it there rather than at the root). */
async function reactPlugin(): Promise<() => PluginOption> {
  const resolved = createRequire(path.join(ROOT, 'packages/web/package.json')).resolve(
    '@vitejs/plugin-react',
  );
  return ((await import(pathToFileURL(resolved).href)) as { default: () => PluginOption }).default;
}

async function buildPage(out: string) {
  const react = await reactPlugin();
  await build({
    root: path.join(__dirname, 'page'),
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: {
      alias: {
        '@pm/form-core': path.join(ROOT, 'packages/form-core/src/index.ts'),
        '@pm/form-renderer': path.join(ROOT, 'packages/form-renderer/src/index.ts'),
      },
      dedupe: ['react', 'react-dom', 'antd', '@formily/core', '@formily/react', '@formily/reactive'],
    },
    build: {
      outDir: out,
      emptyOutDir: true,
      chunkSizeWarningLimit: 5000,
      modulePreload: { polyfill: false },
      minify: !process.env.NO_MINIFY,
    },
  });
}

function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const target = existsSync(file) && !file.endsWith('/') ? file : path.join(dir, 'index.html');
    res.setHeader('Content-Type', types[path.extname(target)] ?? 'application/octet-stream');
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}`, close: () => server.close() });
    }),
  );
}

async function main() {
  const out = mkdtempSync(path.join(os.tmpdir(), 'pm-bench-web-'));
  process.stdout.write('构建基准页面…\n');
  await buildPage(out);
  const site = await serve(out);
  const browser = await launchChromium();
  const results: { mode: string; boot: number; interactive: number; edit: number; painted: number }[] = [];
  try {
    for (const mode of (process.env.MODES ?? 'arraytable,indicator').split(',')) {
      const interactive: number[] = [];
      const boot: number[] = [];
      const edit: number[] = [];
      const painted: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        await page.goto(`${site.url}/?mode=${mode}&rows=${ROWS}`);
        await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000 });
        interactive.push(await page.evaluate(() => window.__ready!));
        boot.push(await page.evaluate(() => window.__boot!));
        const input =
          mode === 'indicator'
            ? page.locator('input[aria-label="实际完成值"]').first()
            : page.locator('.ant-table-row').first().locator('input.ant-input-number-input').nth(1);
        const before = await page.evaluate(() => window.__total ?? 0);
        await input.fill(String(1 + run));
        await page.waitForFunction(
          (t) => (window.__painted ?? 0) > (window.__total ?? 0) && (window.__total ?? 0) > t,
          before,
          {
            timeout: 10_000,
          },
        );
        const timing = await page.evaluate(() => ({
          total: window.__total! - window.__t0!,
          painted: window.__painted! - window.__t0!,
        }));
        edit.push(timing.total);
        painted.push(timing.painted);
        await context.close();
      }
      results.push({
        mode,
        boot: median(boot),
        interactive: median(interactive),
        edit: median(edit),
        painted: median(painted),
      });
    }
  } finally {
    await browser.close();
    site.close();
    rmSync(out, { recursive: true, force: true });
  }
  const [baseline, ours] = results;
  const label: Record<string, string> = {
    arraytable: `ArrayTable（${ROWS} 行全部挂载）`,
    indicator: `IndicatorTable（分组 + 窗口化）`,
  };
  process.stdout.write(`\n自评表 ${ROWS} 行指标，chromium，${RUNS} 次取中位数（毫秒）\n`);
  process.stdout.write(
    '| 组件 | 脚本加载完成 | 导航到可交互 | 修改实际完成值到总分更新 | 到下一帧绘制 |\n|---|---:|---:|---:|---:|\n',
  );
  for (const r of results)
    process.stdout.write(
      `| ${label[r.mode]} | ${r.boot.toFixed(0)} | ${r.interactive.toFixed(0)} | ${r.edit.toFixed(1)} | ${r.painted.toFixed(1)} |\n`,
    );
  process.stdout.write(
    `\n可交互时间：IndicatorTable 为 ArrayTable 的 ${(ours!.interactive / baseline!.interactive).toFixed(2)} 倍（目标 < 1000 ms）；` +
      `总分更新 ${ours!.edit.toFixed(1)} ms（目标 < 50 ms）\n`,
  );
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
