import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../helpers/app';
import { binary, readXlsx } from '../helpers/files';

const COUNTY = 'heilongjiang-city';
let ctx: TestContext;
let finance: { Authorization: string };
beforeAll(async () => {
  ctx = await createTestContext();
  finance = { Authorization: `Bearer ${await ctx.login(`${COUNTY}.zonghe`)}` };
});
afterAll(() => ctx.close());

const HEADER = ['项目名称', '主管部门', '实施单位', '项目类别', '资金总额', '预算年度', '重大项目'];

async function workbook(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目库');
  ws.addRow(HEADER);
  for (const row of rows) ws.addRow(row);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(body: Buffer, query = '', auth = finance) {
  return ctx.http
    .post(`/api/imports/projects?county=${COUNTY}${query}`)
    .set(auth)
    .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(body);
}

const GOOD = [
  ['农村学校校舍维修改造', '市教育局', '教育局基建办', '新增', 860, 2026, '是'],
  ['义务教育教师培训', '市教育局', '教师进修学校', '延续', '120.5', '2026年', '否'],
  ['基层医疗机构设备购置', '市卫生健康委员会', '市人民医院', '调整', '1,200', 2026, ''],
];

describe('项目库 import', () => {
  test('the template lists the columns and the county’s departments', async () => {
    const res = await ctx.http
      .get(`/api/imports/projects/template?county=${COUNTY}`)
      .set(finance)
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const [sheet, names] = readXlsx(res.body as unknown as Buffer);
    expect(HEADER.map((_, i) => sheet.cells.get(`${'ABCDEFG'[i]}1`))).toEqual(HEADER);
    expect([...names.cells.values()]).toContain('市教育局');
  });

  test('imports every row, and the same file again creates no duplicate', async () => {
    const units = ctx.deployment.counties.get(COUNTY)!.orgUnits.filter((u) => u.kind === 'department');
    const rows = GOOD.map((r, i) => [r[0], units[i % units.length].name, ...r.slice(2)]);
    const file = await workbook(rows);
    const dry = await upload(file, '&dryRun=true');
    expect(dry.body).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, dryRun: true });
    expect(await ctx.app.services.models.Project.countDocuments({ county: COUNTY })).toBe(0);
    const first = await upload(file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 3, created: 3 });
    const again = await upload(file);
    expect(again.body).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3 });
    const stored = await ctx.app.services.models.Project.find({ county: COUNTY }).sort({ name: 1 }).lean();
    expect(stored).toHaveLength(3);
    expect(stored.find((p) => p.name === '义务教育教师培训')).toMatchObject({
      amount: 120.5,
      year: 2026,
      category: 'continuing',
      major: false,
      implementingUnit: '教师进修学校',
      kind: 'project',
    });
    expect(stored.find((p) => p.name === '基层医疗机构设备购置')!.amount).toBe(1200);
    // A changed amount updates the project in place.
    rows[0][4] = 900;
    expect((await upload(await workbook(rows))).body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const list = await ctx.http.get('/api/projects?year=2026').set(finance);
    expect(list.body.total).toBe(3);
  });

  test('every wrong row is listed by row and column in Chinese, and nothing is written', async () => {
    const before = await ctx.app.services.models.Project.countDocuments();
    const file = await workbook(
      [
        ['甲项目', '市教育局', '教育局', '新增', '300万元', 2027, '否'],
        ['乙项目', '市教育局', '教育局', '新增', 100, new Date('2027-01-01'), '否'],
        ['丙项目', '市教育局', '教育局', '新增', { formula: 'SUM(1,2)', result: 3 }, 2027, '否'],
        ['丁项目', '不存在的局', '教育局', '新上', 100, 2027, '也许'],
        ['戊项目', '市教育局', '教育局', '新增', 50, 2027, '否'],
        ['戊项目', '市教育局', '教育局', '新增', 50, 2027, '否'],
        ['己项目', '市教育局', '', '新增', 50, 2027, '否'],
        ['庚项目', '市教育局', '教育局', '新增', 60, 2027, '否'],
      ],
      (ws) => ws.mergeCells('B9:B10'),
    );
    const res = await upload(file);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^共有 \d+ 处错误，未导入任何项目/);
    const messages = (res.body.error.details as { row: number; column: string; message: string }[]).map(
      (d) => d.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        '第 2 行「资金总额」「300万元」带有单位，请只填数字（单位已是万元）',
        '第 3 行「预算年度」是日期，请填写四位年份，如 2026',
        '第 4 行「资金总额」是公式，请复制后“选择性粘贴 → 数值”再导入',
        '第 5 行「主管部门」「不存在的局」不是本县区的预算部门，请从“部门名称”表中选择',
        '第 5 行「项目类别」「新上」应为 新增、延续 或 调整',
        '第 5 行「重大项目」「也许」应为 是 或 否',
        '第 7 行「项目名称」与第 6 行重复（同一年度、同一主管部门的同名项目）',
        '第 8 行「实施单位」未填写',
        '第 9 行「主管部门」是合并单元格，请取消合并并在每一行填写',
      ]),
    );
    expect(res.body.error.details[0]).toMatchObject({ row: 2, column: '资金总额' });
    expect(await ctx.app.services.models.Project.countDocuments()).toBe(before);
  });

  test('a file that is not a usable .xlsx gets a clear message, never a 5xx', async () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('%PDF-1.7 not a workbook'), /不是 Excel 工作簿（.xlsx）/],
      [Buffer.from('项目名称,主管部门\n甲,乙\n'), /不是 Excel 工作簿（.xlsx）/],
      [
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(512),
          Buffer.from('EncryptionInfo', 'utf16le'),
        ]),
        /设置了打开密码/,
      ],
      [
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
        /旧版 Excel（.xls）/,
      ],
      [Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 7)]), /文件已损坏/],
      [Buffer.alloc(0), /空的/],
    ];
    for (const [body, message] of cases) {
      const res = await upload(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const wrongHeader = await upload(await workbook([['甲']], (ws) => ws.spliceRows(1, 1, ['名称', '部门'])));
    expect(wrongHeader.status).toBe(400);
    expect(wrongHeader.body.error.message).toContain('第 1 行缺少列：项目名称、主管部门、实施单位');
  });

  test('50,000 rows are refused in bounded time before the workbook is loaded', async () => {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream });
    const ws = wb.addWorksheet('项目库');
    ws.addRow(HEADER).commit();
    for (let i = 0; i < 50_000; i++)
      ws.addRow([`项目${i}`, '市教育局', '教育局', '新增', 10, 2026, '否']).commit();
    await wb.commit();
    const started = Date.now();
    const res = await upload(Buffer.concat(chunks));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('一次最多导入 10000 行，文件行数超过上限，请分批导入');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  test('only finance sections and admins import; a department or another county cannot', async () => {
    const file = await workbook(GOOD);
    const dept = { Authorization: `Bearer ${await ctx.login(`${COUNTY}.jiaoyu`)}` };
    expect((await upload(file, '', dept)).status).toBe(403);
    const other = { Authorization: `Bearer ${await ctx.login('hailin.caizheng')}` };
    expect((await upload(file, '', other)).status).toBe(404);
    const tooBig = await upload(Buffer.alloc(11 * 1024 * 1024, 1));
    expect(tooBig.status).toBe(413);
  });
});

describe('指标库 import (county admin)', () => {
  const HEAD = ['指标类别', '行业领域', '一级指标', '二级指标', '三级指标', '指标性质', '度量单位', '依据'];
  const admin = async () => ({ Authorization: `Bearer ${await ctx.login(`${COUNTY}.admin`)}` });
  const send = async (body: Buffer, as?: { Authorization: string }) =>
    ctx.http
      .post(`/api/imports/indicators?county=${COUNTY}`)
      .set(as ?? (await admin()))
      .set('Content-Type', 'application/octet-stream')
      .send(body);

  test('the template is the library as it stands; an import becomes a draft of the county’s manifest', async () => {
    const res = await ctx.http
      .get(`/api/imports/indicators/template?county=${COUNTY}`)
      .set(await admin())
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const [sheet] = readXlsx(res.body as unknown as Buffer);
    expect(HEAD.map((_, i) => sheet.cells.get(`${'ABCDEFGH'[i]}1`))).toEqual(HEAD);
    expect([...sheet.cells.values()]).toContain('实际完成率');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标库');
    ws.addRow(HEAD);
    ws.addRow(['共性指标', '', '产出指标', '数量指标', '实际完成率', '≥', '%', '国家参考框架']);
    ws.addRow(['分行业分领域指标', '教育', '产出指标', '数量指标', '维修改造学校数', '≥', '所', '']);
    ws.addRow(['分行业分领域指标', '教育', '效益指标', '社会效益指标', '办学条件改善', '定性', '', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await send(file);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ rows: 3, common: 1, industry: 2, draft: true });
    const draft = await ctx.http.get(`/api/admin/counties/${COUNTY}`).set(await admin());
    expect(draft.body.draft.manifest.settings.indicatorLibrary.value).toEqual([
      {
        level1: '产出指标',
        level2: '数量指标',
        name: '实际完成率',
        operator: '≥',
        unit: '%',
        basis: '国家参考框架',
        common: true,
      },
      {
        level1: '产出指标',
        level2: '数量指标',
        name: '维修改造学校数',
        operator: '≥',
        unit: '所',
        industry: '教育',
      },
      {
        level1: '效益指标',
        level2: '社会效益指标',
        name: '办学条件改善',
        operator: '定性',
        industry: '教育',
      },
    ]);
    // The same file again: the same library, no duplicates.
    expect((await send(file)).status).toBe(200);
    const again = await ctx.http.get(`/api/admin/counties/${COUNTY}`).set(await admin());
    expect(again.body.draft.manifest.settings.indicatorLibrary.value).toHaveLength(3);
  });

  test('wrong rows are listed and the library is not touched; only admins import', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标库');
    ws.addRow(HEAD);
    ws.addRow(['共性指标', '', '产出指标', '经济效益指标', '甲', '≥', '%', '']);
    ws.addRow(['分行业分领域指标', '', '效益指标', '社会效益指标', '乙', '大于', '', '']);
    ws.addRow(['共性指标', '', '满意度指标', '服务对象满意度指标', '丙', '定性', '%', '']);
    const res = await send(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/指标库未改动/);
    expect(res.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      '第 2 行「二级指标」「经济效益指标」不属于「产出指标」',
      '第 3 行「指标性质」「大于」应为 ≥、≤、= 或 定性',
      '第 3 行「行业领域」未填写（分行业分领域指标须填行业领域）',
      '第 4 行「度量单位」定性指标不填度量单位',
    ]);
    expect((await send(Buffer.from(await wb.xlsx.writeBuffer()), finance)).status).toBe(403);
  });
});
