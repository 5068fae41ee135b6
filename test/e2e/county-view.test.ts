import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsx } from '../helpers/files';
import { screenshot } from './support/browser';
import { webSession } from './support/session';

/**
 * A finance section's year in the browser: heilongjiang-city's 综合股 imports the county's 项目库 on the
 * 导入导出 page, a department files one 绩效目标 and one 监控表 behind 序时进度, and 统计分析 shows those
 * numbers in its charts and table; the project page exports the 绩效目标申报表. Screenshots:
 * test/e2e/screenshots/county-view-*.png.
 */
jest.setTimeout(300_000);

const COUNTY = 'heilongjiang-city';
const YEAR = new Date().getFullYear();
const REPO = path.resolve(__dirname, '..', '..');
const example = (form: string) =>
  JSON.parse(readFileSync(path.join(REPO, 'forms', form, 'example.json'), 'utf8')) as Record<string, unknown>;

const e2e = webSession('pm-e2e-county-', { pageTimeoutMs: 20_000 });
const work = mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const userPage = (username: string) => e2e.userPage(username);

async function nextTask(instanceId: string, name: string): Promise<string> {
  const view = await e2e.api.call<{ activeTasks: { taskId: string; name: string }[] }>(
    'admin',
    'GET',
    `/instances/${instanceId}`,
  );
  const task = view.activeTasks.find((t) => t.name === name);
  if (!task) throw new Error(`no task ${name}: ${JSON.stringify(view.activeTasks.map((t) => t.name))}`);
  return task.taskId;
}

test('导入项目库, then 统计分析 shows the county’s real numbers and the project exports its table', async () => {
  const page = await userPage(`${COUNTY}.zonghe`);
  await page.getByRole('link', { name: '导入导出' }).click();
  await page.getByRole('heading', { name: '数据导入导出' }).waitFor();

  const file = path.join(work, '项目库.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目库');
  ws.addRow(['项目名称', '主管部门', '实施单位', '项目类别', '资金总额', '预算年度', '重大项目']);
  ws.addRow(['农村学校校舍维修改造', '市教育局', '教育局基建办', '新增', 860, YEAR, '是']);
  ws.addRow(['义务教育教师培训', '市教育局', '教师进修学校', '延续', 120, YEAR, '否']);
  ws.addRow(['基层医疗机构设备购置', '市卫生健康委员会', '市人民医院', '新增', '300万元', YEAR, '否']);
  await wb.xlsx.writeFile(file);
  await page.locator('input[type=file]').setInputFiles(file);
  await page
    .getByRole('button', { name: '导 入' })
    .or(page.getByRole('button', { name: '导入' }))
    .click();
  // The wrong amount is listed by row and column, and nothing is imported.
  await page.getByText('共有 1 处错误，未导入任何项目，请修改后重新导入').waitFor();
  await page
    .getByRole('cell', { name: '第 4 行「资金总额」「300万元」带有单位，请只填数字（单位已是万元）' })
    .waitFor();
  await screenshot(page, 'county-view-import-errors');

  ws.getCell('E4').value = 300;
  await wb.xlsx.writeFile(file);
  await page.locator('input[type=file]').setInputFiles(file);
  await page
    .getByRole('button', { name: '导 入' })
    .or(page.getByRole('button', { name: '导入' }))
    .click();
  await page.getByText('导入完成：共 3 行，新增 3 个、更新 0 个、0 个无变化').waitFor();

  // The year's 绩效目标申报 tables as one workbook, written as a job behind a progress bar.
  const [list] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click(),
  ]);
  expect(list.suggestedFilename()).toBe(`黑龙江某市市本级${YEAR}年度绩效目标申报汇总.xlsx`);
  const listFile = path.join(work, 'list.xlsx');
  await list.saveAs(listFile);
  const listSheets = readXlsx(readFileSync(listFile));
  expect(listSheets[0].name).toBe('项目清单');
  expect([...listSheets[0].cells.values()]).toEqual(
    expect.arrayContaining(['农村学校校舍维修改造', '教育局基建办']),
  );

  // A department files its 绩效目标 for one project and a 监控表 behind 序时进度 (46.51% vs 50%) for another.
  const projects = await e2e.api.call<{ items: { id: string; name: string }[] }>(
    `${COUNTY}.zonghe`,
    'GET',
    `/projects?year=${YEAR}`,
  );
  const byName = (n: string) => projects.items.find((p) => p.name === n)!.id;
  const target = await e2e.api.call<{ instanceId: string }>(
    `${COUNTY}.jiaoyu`,
    'POST',
    `/projects/${byName('农村学校校舍维修改造')}/stages/target-declaration/start`,
    {},
  );
  await e2e.api.call(
    `${COUNTY}.jiaoyu`,
    'POST',
    `/tasks/${await nextTask(target.instanceId, '填报绩效目标')}/complete`,
    {
      outcome: 'submit',
      data: example('target-declaration'),
    },
  );
  await e2e.api.call(
    `${COUNTY}.yewu`,
    'POST',
    `/tasks/${await nextTask(target.instanceId, '初审')}/complete`,
    {
      outcome: 'return',
      comment: '绩效指标未细化量化',
    },
  );
  const monitoring = await e2e.api.call<{ instanceId: string }>(
    `${COUNTY}.yewu`,
    'POST',
    `/projects/${byName('基层医疗机构设备购置')}/stages/monitoring/start`,
    { round: `${YEAR}年前6个月` },
  );
  await e2e.api.call(
    `${COUNTY}.weijian`,
    'POST',
    `/tasks/${await nextTask(monitoring.instanceId, '填报绩效运行监控表')}/complete`,
    { outcome: 'submit', data: example('monitoring') },
  );

  await page.getByRole('link', { name: '统计分析' }).click();
  await page.getByRole('heading', { name: /统计分析 · 黑龙江某市市本级/ }).waitFor();
  await page.getByRole('img', { name: '各环节办理情况图' }).locator('canvas').first().waitFor();
  await page.getByRole('img', { name: '序时进度预警图' }).locator('canvas').first().waitFor();
  const table = page.getByRole('table').last();
  await table.getByText('黄色预警').waitFor();
  await table.getByText('46.51% / 50%').waitFor();
  await page.waitForTimeout(800); // ECharts' entry animation
  await screenshot(page, 'county-view', true);
  // The imported three (demo mode adds its own projects beside them).
  for (const name of ['农村学校校舍维修改造', '义务教育教师培训', '基层医疗机构设备购置'])
    await table.getByRole('link', { name, exact: true }).waitFor();

  // One chart's table to .xlsx.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出序时进度预警（落后 10 个百分点及以上为红色）' }).click(),
  ]);
  const saved = path.join(work, 'schedule.xlsx');
  await download.saveAs(saved);
  const [sheet] = readXlsx(readFileSync(saved));
  expect(sheet.name).toBe('序时进度预警');
  expect([...sheet.cells.values()]).toEqual(expect.arrayContaining(['市卫生健康委员会']));

  // Drill down to the project and export its 绩效目标申报表.
  await table.getByRole('link', { name: '农村学校校舍维修改造', exact: true }).click();
  await page.getByRole('heading', { name: '农村学校校舍维修改造' }).waitFor();
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出绩效目标申报PDF' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe('农村学校校舍维修改造-绩效目标申报表.pdf');
  await screenshot(page, 'county-view-project');
});
