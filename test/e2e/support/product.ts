import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO_DIR } from '../../helpers/app';

export interface Product {
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Builds the browser app when its sources changed (once per run; a no-op when dist is current). */
export function buildWebApp(): void {
  execFileSync(process.execPath, [path.join(REPO_DIR, 'packages/web/scripts/build-if-stale.mjs')], {
    stdio: 'pipe',
    timeout: 180_000,
  });
}

/**
 * The built server as `npm start` runs it, on the embedded store in `dataDir`, on a free port. E2E_REPO_DIR
 * points it at another checkout of forms/, processes/ and counties/ (with the same packages/web/dist).
 */
export function startProduct(dataDir: string): Promise<Product> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [path.join(REPO_DIR, 'server/dist/main.js')],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        MONGODB_URI: '',
        ...(process.env.E2E_REPO_DIR ? { REPO_DIR: process.env.E2E_REPO_DIR } : {}),
      },
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up within 90 s:\n${out}`)), 90_000);
    child.stdout.on('data', () => {
      const match = /预算绩效管理平台已启动: (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => out, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before start-up:\n${out}`));
    });
  });
}
