import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startEmbeddedMongo } from '@pm/embedded-mongo';
import type { Connection } from 'mongoose';
import pino from 'pino';

import { connectDatabase } from '../../server/src/bootstrap';
import { createModels, syncIndexes } from '../../server/src/models';
import { AuditTrail } from '../../server/src/services/audit/trail';
import { systemClock } from '../../server/src/services/clock';
import { startTestDatabase, type TestDatabase } from '../helpers/database';
import { composeFixture } from './fixtures';

/** The built CLI as `npm run pm` runs it; `tsc -b` first, which `npm test` does. */
const REPO_DIR = path.resolve(__dirname, '..', '..');
const PM = path.join(REPO_DIR, 'packages', 'cli', 'bin', 'pm.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function pm(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PM, ...args],
      { cwd: REPO_DIR, env: { ...process.env, INIT_CWD: REPO_DIR, ...env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function fixture(name?: string): string {
  const dir = composeFixture(name);
  cleanup.push(dir);
  return dir;
}

describe('pm validate', () => {
  test('passes on the repository', async () => {
    const run = await pm(['validate']);
    expect(run.stdout).toContain('检查通过');
    expect(run.code).toBe(0);
  });

  test('fails on a broken repository, one Chinese line per problem with file and location', async () => {
    const run = await pm(['validate', '--repo', fixture('role-mapped')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('发现 1 处问题');
    expect(run.stdout).toContain(
      '[north] processes/declaration/declaration.bpmn#approve: 「批复」的办理角色 second-reviewer 未在北县的角色映射（roles）中配置（role-mapped）',
    );
  });

  test('checks a diagram from elsewhere on its own, against a repository’s forms', async () => {
    const file = 'test/artifacts/fixtures/broken/bpmn-subset/processes/declaration/declaration.bpmn';
    const run = await pm(['validate', file, '--repo', 'test/artifacts/fixtures/valid']);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      '发现 1 处问题：',
      `  ${file}#archive: 不支持的元素：脚本任务（bpmn:ScriptTask）（bpmn-subset）`,
    ]);
  });

  test('checks a single form file', async () => {
    const file = 'test/artifacts/fixtures/broken/form-schema/forms/application/form.json';
    const run = await pm(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${file} /schema/properties/reason/x-componet: 不允许的字段（是否应为 x-component？）（form-schema）`,
    );
    expect((await pm(['validate', 'test/artifacts/fixtures/valid/forms/application/form.json'])).code).toBe(
      0,
    );
  });

  test('answers a missing file or a wrong option with usage and exit code 2', async () => {
    const missing = await pm(['validate', 'forms/nope/form.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到文件：forms/nope/form.json');
    expect((await pm(['validate', '--bogus'])).stderr).toContain('不认识的选项 --bogus');
  });
});

describe('pm diff', () => {
  test('says how hailin and qitai differ, in words a finance officer uses', async () => {
    const run = await pm(['diff', 'hailin', 'qitai']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('事前评估门槛：海林市 500万元；奇台县 无门槛');
    expect(run.stdout).toContain('海林市 开展「绩效目标调整」，奇台县 不开展');
  });

  test('names an extra review step with the unit that takes it, and a field a county adds', async () => {
    const run = await pm(['diff', 'north', 'south', '--repo', 'test/artifacts/fixtures/valid']);
    expect(run.stdout).toContain('南县 绩效目标申报 多一道「综合股复审」');
    expect(run.stdout).toContain('南县 项目申报表 增加字段「实施计划」');
    expect(run.stdout).toContain('绩效目标申报「初审」的办理期限：北县 5日；南县 10日');
  });
});

describe('pm deploy, diff of versions, export', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let repo: string;

  beforeAll(async () => {
    database = await startTestDatabase();
    env = { MONGODB_URI: database.uri, MONGODB_DB: database.dbName };
    repo = fixture();
  });
  afterAll(async () => {
    await database.stop();
  });

  test('stores versions only when content changes, and diffs and exports them', async () => {
    const first = await pm(['deploy', '--repo', repo], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('新建 4 个版本，0 个未变');
    expect(first.stdout).toContain('新建 南县 表单 application 第 1 版');

    const again = await pm(['deploy', '--repo', repo, '--county', 'south'], env);
    expect(again.stdout).toContain('新建 0 个版本，2 个未变');

    const patchFile = path.join(repo, 'forms', 'application', 'counties', 'south.json');
    const patch = JSON.parse(readFileSync(patchFile, 'utf8'));
    patch.schema.properties.monthly = { type: 'number', title: '月度执行数', 'x-component': 'NumberPicker' };
    writeFileSync(patchFile, JSON.stringify(patch));
    const changed = await pm(['deploy', '--repo', repo], env);
    expect(changed.stdout).toContain('新建 1 个版本，3 个未变');
    expect(changed.stdout).toContain('新建 南县 表单 application 第 2 版');

    const versions = await pm(['diff', 'south@1', 'south@2', '--repo', repo], env);
    expect(versions.stdout).toContain('南县（第 2 版） 项目申报表 增加字段「月度执行数」');

    const out = mkdtempSync(path.join(tmpdir(), 'pm-export-'));
    cleanup.push(out);
    const exported = await pm(['export', '--county', 'south', '--repo', repo, '--out', out], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'forms/application/counties/south.json'), 'utf8'))).toEqual(
      patch,
    );
    expect(readFileSync(path.join(out, 'processes/declaration/counties/south.bpmn'), 'utf8')).toBe(
      readFileSync(path.join(repo, 'processes/declaration/counties/south.bpmn'), 'utf8'),
    );
  });

  test('refuses to deploy a repository with problems, listing them', async () => {
    const run = await pm(['deploy', '--repo', fixture('setting-defined')], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('发现 1 处问题，未部署');
    expect(run.stdout).toContain('[south] processes/declaration/counties/south.bpmn#review');
  });

  test('without MONGODB_URI uses the embedded store in DATA_DIR, which keeps what was deployed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pm-data-'));
    cleanup.push(dataDir);
    const embedded = { MONGODB_URI: '', DATA_DIR: dataDir };
    expect((await pm(['deploy', '--repo', repo], embedded)).stdout).toContain(
      `内置数据库 ${dataDir}：新建 4 个版本`,
    );
    expect((await pm(['deploy', '--repo', repo], embedded)).stdout).toContain('新建 0 个版本，4 个未变');
  });

  test('logs in to the embedded store with the credentials file the server keeps in DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pm-data-'));
    cleanup.push(dataDir);
    // What `npm start` does on its first start: the store creates its credentials file.
    await (
      await startEmbeddedMongo({ dbPath: dataDir, logger: { info() {}, warn() {}, error() {} } })
    ).stop();
    const file = path.join(dataDir, 'store-credentials.json');
    const credentials = readFileSync(file, 'utf8');
    const embedded = { MONGODB_URI: '', DATA_DIR: dataDir };
    expect((await pm(['deploy', '--repo', repo], embedded)).stdout).toContain('新建 4 个版本');
    expect(readFileSync(file, 'utf8')).toBe(credentials);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o604);
    const refused = await pm(['deploy', '--repo', repo], embedded);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain(`请执行 chmod 600 ${file}`);
  });
});

describe('pm audit verify', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let conn: Connection;
  let trail: AuditTrail;

  beforeAll(async () => {
    database = await startTestDatabase();
    env = { MONGODB_URI: database.uri, MONGODB_DB: database.dbName };
    conn = await connectDatabase(database.uri, database.dbName);
    const models = createModels(conn);
    await syncIndexes(models);
    trail = new AuditTrail(models, systemClock, pino({ level: 'silent' }));
    for (let i = 0; i < 3; i++)
      await trail.record({ county: 'north', actor: 'north.yewu', action: 'task.claimed' });
    await trail.record({ actor: 'admin', action: 'user.created', details: { username: 'north.new' } });
  });
  afterAll(async () => {
    await conn.close();
    await database.stop();
  });

  test('says every chain is intact, with the count verified, and exits 0', async () => {
    const run = await pm(['audit', 'verify'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('north：已校验 3 条，完好');
    expect(run.stdout).toContain('系统（system）：已校验 1 条，完好');
    expect(run.stdout).toContain('审计记录完好：共校验 4 条');
  });

  test('names the first broken event of a county, what is wrong, and exits 1', async () => {
    const events = conn.collection('events');
    const second = await events.findOne({ 'chain.county': 'north', 'chain.seq': 2 });
    await events.updateOne({ _id: second!._id }, { $set: { actor: 'north.caizheng' } });
    const run = await pm(['audit', 'verify', '--county', 'north'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `north：已校验 1 条后未通过：第 2 条记录内容被改动（县区 north，第 2 条，记录编号 ${String(second!._id)}）`,
    );
    expect(run.stdout).toContain('审计记录校验未通过：1 条链有问题');

    await events.updateOne({ _id: second!._id }, { $set: { actor: second!.actor } });
    await events.deleteOne({ 'chain.county': 'north', 'chain.seq': 3 });
    const gap = await pm(['audit', 'verify', '--county', 'north'], env);
    expect(gap.code).toBe(1);
    expect(gap.stdout).toContain('第 3 条记录缺失（可能被删除）');
  });

  test('answers a wrong subcommand with usage and exit code 2', async () => {
    const run = await pm(['audit', 'check'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('不认识的子命令“check”');
  });
});
