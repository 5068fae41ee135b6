import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO_DIR } from './app';

/**
 * The product as a user starts it: `npm start` runs the built server/dist/main.js (so these tests
 * need `tsc -b` first, which `npm test` does), here on the embedded store in `dataDir` and a free port.
 */
export const MAIN = path.join(REPO_DIR, 'server', 'dist', 'main.js');

export interface RunningProduct {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

export function startProduct(dataDir: string, env: Record<string, string> = {}): Promise<RunningProduct> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      MONGODB_URI: '',
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up within 60 s:\n${out}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /预算绩效管理平台已启动: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before start-up:\n${out}`));
    });
  });
}

/** Sends a signal and resolves with the exit code (null when killed), even if it already exited. */
export function stopProduct(
  child: ChildProcessWithoutNullStreams,
  signal: NodeJS.Signals,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
