import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CountyRoute, example } from '../routes/helpers';
import { binary, pdfPages, pdfText, readXlsx } from '../helpers/files';

/** heilongjiang-city's whole 绩效目标 route, then its tables exported and read back by other tools. */
let r: CountyRoute;
let projectId: string;
beforeAll(async () => {
  r = await CountyRoute.open('heilongjiang-city');
  projectId = await r.createProject('jiaoyu', { name: '农村学校校舍维修改造' });
  const id = await r.begin('jiaoyu', projectId, 'target-declaration');
  await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
  await r.complete('yewu', id, '初审', 'return', { comment: '绩效指标未细化量化' });
  await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
  await r.complete('yewu', id, '初审', 'approve');
  await r.complete('zonghe', id, '复审', 'approve', { comment: '同意' });
  await r.announce('yusuan', '人代会批准');
  await r.complete('yusuan', id, '批复', 'approve');
  // A second project that has not started the stage: listed, but no table.
  await r.createProject('jiaoyu', { name: '未申报项目' });
}, 60_000);
afterAll(() => r.close());

async function download(unit: string, url: string) {
  const res = await r.ctx.http
    .get(url)
    .set(await r.auth(unit))
    .buffer(true)
    .parse(binary as never);
  const file = res as unknown as { status: number; body: Buffer; headers: Record<string, string> };
  // EXPORT_DIR=... keeps the files to look at (pdftoppm, a spreadsheet program).
  if (process.env.EXPORT_DIR && file.status === 200)
    writeFileSync(path.join(process.env.EXPORT_DIR, url.replace(/[^a-z0-9]+/gi, '-').slice(-60)), file.body);
  return file;
}

describe('one project’s 绩效目标申报表', () => {
  test('.xlsx: header block, 一级/二级 indicator rows merged as on paper, the approval trail', async () => {
    const res = await download(
      'jiaoyu',
      `/api/projects/${projectId}/stages/target-declaration/export?format=xlsx`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain(
      '农村学校校舍维修改造-绩效目标申报表.xlsx',
    );
    const [sheet] = readXlsx(res.body);
    expect(sheet.name).toBe('绩效目标申报表');
    expect(sheet.cells.get('A1')).toBe('绩效目标申报表');
    expect(sheet.cells.get('A2')).toContain('市教育局');
    const values = [...sheet.cells.values()];
    expect(values).toEqual(
      expect.arrayContaining(['项目名称', '农村学校校舍维修改造', '一级指标', '三级指标']),
    );
    // 产出指标 spans its four 二级 rows in column A; 效益指标 its two.
    const rowOf = (text: string) =>
      Number([...sheet.cells.entries()].find(([, v]) => v === text)![0].replace(/[A-Z]+/, ''));
    const first = rowOf('维修改造学校数');
    expect(sheet.merges).toContain(`A${first}:A${first + 3}`);
    expect(sheet.merges).toContain(`A${first + 4}:A${first + 5}`);
    expect(sheet.cells.get(`A${first}`)).toBe('产出指标');
    // Numbers stay numbers with the amount format; frozen title rows; A4 landscape; print area.
    expect(sheet.xml).toMatch(/<pane [^>]*ySplit="2"[^>]*state="frozen"/);
    expect(sheet.xml).toMatch(/orientation="landscape"/);
    expect(sheet.xml).toMatch(/paperSize="9"/);
    // The trail: step, unit, person, outcome and comment.
    const trailRow = rowOf('审批环节');
    const trail = [...sheet.cells.entries()]
      .filter(([ref]) => Number(ref.replace(/[A-Z]+/, '')) > trailRow)
      .map(([, v]) => v);
    expect(trail).toEqual(
      expect.arrayContaining([
        '初审',
        '业务股室',
        '退回修改',
        '绩效指标未细化量化',
        '复审',
        '综合股',
        '批复',
      ]),
    );
  });

  test('PDF: Chinese text embedded (extracts back), the trail, page numbers, A4 landscape', async () => {
    const res = await download(
      'zonghe',
      `/api/projects/${projectId}/stages/target-declaration/export?format=pdf`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.body);
    for (const words of [
      '绩效目标申报表',
      '农村学校校舍维修改造',
      '产出指标',
      '维修改造学校数',
      '审批记录',
      '业务股室',
      '绩效指标未细化量化',
      '随部门预算批复',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).toMatch(/第 1 页，共 \d+ 页/);
    expect(pdfPages(res.body)).toBeGreaterThanOrEqual(1);
  });

  test('nothing crosses counties; a stage not started has nothing to export', async () => {
    const other = await r.ctx.http
      .get(`/api/projects/${projectId}/stages/target-declaration/export?format=pdf`)
      .set({ Authorization: `Bearer ${await r.ctx.login('hailin.caizheng')}` });
    expect(other.status).toBe(404);
    const none = await r.get(
      'jiaoyu',
      `/api/projects/${projectId}/stages/self-evaluation/export?format=xlsx`,
    );
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain('尚未开展「绩效自评价」');
  });
});

describe('a list as one workbook', () => {
  test('项目清单 plus one sheet per table, for the county, year and stage', async () => {
    const res = await download(
      'zonghe',
      '/api/exports/stage-tables?year=2026&stage=target-declaration&county=heilongjiang-city',
    );
    expect(res.status).toBe(200);
    const sheets = readXlsx(res.body);
    expect(sheets.map((s) => s.name)).toEqual(['项目清单', '绩效目标申报表', '绩效指标', '预算绩效共性指标']);
    const list = [...sheets[0].cells.values()];
    expect(list).toEqual(
      expect.arrayContaining(['农村学校校舍维修改造', '未申报项目', '已办结', '未开展', '已批复']),
    );
    expect([...sheets[2].cells.values()].filter((v) => v === '农村学校校舍维修改造')).toHaveLength(7);
    const done = await download(
      'zonghe',
      '/api/exports/stage-tables?year=2026&stage=target-declaration&status=not-started',
    );
    expect([...readXlsx(done.body)[0].cells.values()]).not.toContain('农村学校校舍维修改造');
  });

  test('as a job: progress to poll, then the same workbook; only the one who started it sees it', async () => {
    const started = await r.post('zonghe', '/api/exports/stage-tables/jobs', {
      year: 2026,
      stage: 'target-declaration',
      county: 'heilongjiang-city',
    });
    expect(started.status).toBe(202);
    expect(started.body.total).toBeGreaterThanOrEqual(2);
    let job = { status: 'running', done: 0, total: 0 };
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await r.get('zonghe', `/api/exports/jobs/${started.body.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'done', done: started.body.total, total: started.body.total });
    const file = await download('zonghe', `/api/exports/jobs/${started.body.id}/file`);
    expect(readXlsx(file.body).map((s) => s.name)).toEqual([
      '项目清单',
      '绩效目标申报表',
      '绩效指标',
      '预算绩效共性指标',
    ]);
    expect((await r.get('yewu', `/api/exports/jobs/${started.body.id}`)).status).toBe(404);
  });
});
