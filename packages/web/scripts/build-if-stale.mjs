#!/usr/bin/env node
// Builds the browser app (vite build → dist/app) only when it is missing or older than anything it is built
// from, so `npm start` stays fast when nothing changed. `--force` builds anyway.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = path.resolve(web, '..');
const output = path.join(web, 'dist', 'app', 'index.html');
const sources = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(web, 'package.json'),
  path.join(packages, 'form-renderer', 'src'),
  path.join(packages, 'form-core', 'src'),
  path.join(packages, 'form-designer', 'src'),
  path.join(packages, 'process-modeler', 'src'),
  path.join(packages, 'config', 'src'),
  path.join(packages, 'engine', 'src'),
  path.resolve(packages, '..', 'package-lock.json'),
];

function newest(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

function builtAt() {
  try {
    return statSync(output).mtimeMs;
  } catch {
    return 0;
  }
}

const force = process.argv.includes('--force');
const built = builtAt();
const changed = Math.max(...sources.map(newest));
if (!force && built > 0 && built >= changed) process.exit(0);

process.stdout.write(built ? '前端源码有更新，正在重新构建页面…\n' : '正在构建前端页面（首次启动）…\n');
const started = Date.now();
const { build } = await import('vite');
await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
process.stdout.write(`前端页面构建完成（${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
