#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>/index.ts (TypeScript through tsx); with no name, lists them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const names = fs
  .readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(__dirname, d.name, 'index.ts')))
  .map((d) => d.name);
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`用法: npm run bench -- <${names.join(' | ') || '无可用基准'}> [参数]`);
  process.exit(name ? 2 : 0);
}
const tsx = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsx, path.join(__dirname, name, 'index.ts'), ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
