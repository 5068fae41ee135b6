/**
 * Data in and out on the embedded store, through the HTTP API as a finance section uses it:
 *  - export: N projects' 自评表 (each with its indicator rows and a three-step approval trail) to one
 *    workbook (GET /api/exports/stage-tables);
 *  - import: an M-row 项目库 workbook (POST /api/imports/projects), then the same file again (no change).
 * Wall time, this process's CPU time and peak RSS while each ran. The server and the store run in this
 * process, so CPU covers both.
 *
 *   npm run bench -- dataio [--projects=1000] [--rows=5000]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { createTestContext, REPO_DIR } from '../../test/helpers/app';
import { binary } from '../../test/helpers/files';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    return [key, value] as const;
  }),
);
const PROJECTS = Number(args.get('projects') || 1000);
const ROWS = Number(args.get('rows') || 5000);
const COUNTY = 'heilongjiang-city';

async function measure<T>(work: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const before = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    result,
    wall: Math.round(wall),
    cpu: Math.round((used.user + used.system) / 1000),
    peakRssMb: Math.round(peak / 1024 / 1024),
    rssGrowthMb: Math.round((peak - before) / 1024 / 1024),
  };
}

async function projectListWorkbook(rows: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream });
  const ws = wb.addWorksheet('项目库');
  ws.addRow(['项目名称', '主管部门', '实施单位', '项目类别', '资金总额', '预算年度', '重大项目']).commit();
  for (let i = 0; i < rows; i++)
    ws.addRow([
      `基准导入项目${i}`,
      i % 2 ? '市教育局' : '市卫生健康委员会',
      `实施单位${i % 37}`,
      ['新增', '延续', '调整'][i % 3],
      100 + (i % 900),
      2027,
      i % 10 === 0 ? '是' : '否',
    ]).commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  console.log(
    `数据导入导出基准 (node ${process.version}, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  const ctx = await createTestContext();
  const { models, deployments } = ctx.app.services;
  const token = await ctx.login(`${COUNTY}.zonghe`);
  const auth = { Authorization: `Bearer ${token}` };

  // N projects with a completed 自评 each, as the runtime leaves them (data, pinned form, trail).
  const form = (await deployments.latestForm(COUNTY, 'self-evaluation'))!;
  const data = JSON.parse(
    readFileSync(path.join(REPO_DIR, 'forms/self-evaluation/example.json'), 'utf8'),
  ) as Record<string, unknown>;
  const now = ctx.clock.now();
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({
    _id: new Types.ObjectId(),
    county: COUNTY,
    year: 2026,
    name: `基准自评项目${i}`,
    amount: 100 + i,
    category: 'new',
    kind: 'project',
    department: i % 2 ? 'jiaoyu' : 'weijian',
    createdBy: 'bench',
    demo: false,
    major: false,
    stages: { 'self-evaluation': { status: 'completed', score: 88, grade: '良' } },
    createdAt: now,
    updatedAt: now,
  }));
  await models.Project.collection.insertMany(projects as never[]);
  const instances = projects.map((p) => ({
    _id: new Types.ObjectId(),
    county: COUNTY,
    projectId: p._id,
    stageId: 'self-evaluation',
    round: '',
    processId: 'self-evaluation',
    processDeploymentId: new Types.ObjectId(),
    formDeployments: { 'self-evaluation': form.id },
    state: {},
    rev: 1,
    status: 'completed',
    data: { 'self-evaluation': { ...data, projectName: p.name } },
    outbox: [],
    followUps: [],
    pending: false,
    activeKey: String(new Types.ObjectId()),
    startedBy: 'bench',
    startedAt: now,
  }));
  await models.Instance.collection.insertMany(instances as never[]);
  const steps: [string, string, string][] = [
    ['填报绩效自评表', 'heilongjiang-city.jiaoyu', '提交'],
    ['业务股室审核', 'heilongjiang-city.yewu', '审核通过'],
    ['综合股复审', 'heilongjiang-city.zonghe', '复审通过'],
  ];
  await models.Event.collection.insertMany(
    instances.flatMap((inst) =>
      steps.map(([taskName, actor, outcomeLabel], seq) => ({
        _id: `${inst._id.toHexString()}:${seq}`,
        instanceId: inst._id,
        projectId: inst.projectId,
        county: COUNTY,
        at: now,
        actor,
        action: 'task.completed',
        taskName,
        outcome: 'approve',
        outcomeLabel,
        comment: seq === 1 ? '指标完成情况与佐证材料一致' : '',
        seq,
      })),
    ) as never[],
  );
  const indicatorRows = (data.indicators as unknown[]).length;

  const exported = await measure(async () => {
    const res = await ctx.http
      .get(`/api/exports/stage-tables?year=2026&stage=self-evaluation&county=${COUNTY}`)
      .set(auth)
      .buffer(true)
      .parse(binary as never);
    if (res.status !== 200) throw new Error(`export: ${res.status}`);
    return (res.body as unknown as Buffer).length;
  });

  const file = await projectListWorkbook(ROWS);
  const imported = await measure(async () => {
    const res = await ctx.http.post(`/api/imports/projects?county=${COUNTY}`).set(auth).send(file);
    if (res.status !== 200)
      throw new Error(`import: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body as { created: number };
  });
  const again = await measure(async () => {
    const res = await ctx.http.post(`/api/imports/projects?county=${COUNTY}`).set(auth).send(file);
    return res.body as { unchanged: number };
  });

  console.table([
    {
      benchmark: `export ${PROJECTS} 自评表 (${indicatorRows} indicator rows each) to one workbook`,
      'wall (ms)': exported.wall,
      'CPU (ms)': exported.cpu,
      'peak RSS (MB)': exported.peakRssMb,
      'RSS growth (MB)': exported.rssGrowthMb,
      result: `${Math.round(exported.result / 1024)} KB`,
    },
    {
      benchmark: `import ${ROWS} 项目库 rows (${Math.round(file.length / 1024)} KB)`,
      'wall (ms)': imported.wall,
      'CPU (ms)': imported.cpu,
      'peak RSS (MB)': imported.peakRssMb,
      'RSS growth (MB)': imported.rssGrowthMb,
      result: `created ${imported.result.created}`,
    },
    {
      benchmark: `re-import the same ${ROWS} rows`,
      'wall (ms)': again.wall,
      'CPU (ms)': again.cpu,
      'peak RSS (MB)': again.peakRssMb,
      'RSS growth (MB)': again.rssGrowthMb,
      result: `unchanged ${again.result.unchanged}`,
    },
  ]);
  await ctx.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
