import { CountyRoute, example } from '../routes/helpers';
import { binary, pdfText } from '../helpers/files';

/** The 报送人大 steps leave a downloadable PDF on the instance: a cover listing the tables, then the tables. */
async function packagesOf(r: CountyRoute, unit: string, instanceId: string) {
  await r.ctx.app.services.runtime.idle();
  const res = await r.get(unit, `/api/instances/${instanceId}/packages`);
  expect(res.status).toBe(200);
  return res.body as {
    id: string;
    recipient: string;
    filename: string;
    contents: { title: string; page: number }[];
  }[];
}

async function download(r: CountyRoute, unit: string, id: string) {
  const res = await r.ctx.http
    .get(`/api/packages/${encodeURIComponent(id)}`)
    .set(await r.auth(unit))
    .buffer(true)
    .parse(binary as never);
  return res as unknown as { status: number; body: Buffer; headers: Record<string, string> };
}

describe('jinan-shizhong: 与预算草案同步报送区人大', () => {
  let r: CountyRoute;
  beforeAll(async () => {
    r = await CountyRoute.open('jinan-shizhong');
  });
  afterAll(() => r.close());

  test('the approved 绩效目标申报表 goes to the 区人大 as one PDF with a cover', async () => {
    const projectId = await r.createProject('jiaoyu', { name: '区属学校智慧课堂建设' });
    const id = await r.begin('jiaoyu', projectId, 'target-declaration');
    await r.complete('jiaoyu', id, '填报绩效目标', 'submit', { data: example('target-declaration') });
    await r.complete('jiaoyu', id, '区业务主管部门审核', 'approve');
    await r.complete('caizheng', id, '区财政部门审核', 'approve', { comment: '符合区委区政府重点工作安排' });
    expect(await packagesOf(r, 'caizheng', id)).toEqual([]);
    await r.complete('caizheng', id, '批复下达绩效目标', 'approve');
    // Still notified as before.
    expect(await r.notifications('renda')).toContain('重大政策和项目绩效目标与预算草案同步报送区人大');
    const [pkg, ...more] = await packagesOf(r, 'renda', id);
    expect(more).toEqual([]);
    expect(pkg).toMatchObject({
      recipient: '区人大',
      filename: '报送区人大-区属学校智慧课堂建设-绩效目标申报.pdf',
      contents: [{ title: '绩效目标申报表', page: 2 }],
    });
    const file = await download(r, 'renda', pkg.id);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const text = pdfText(file.body);
    expect(text).toContain('报送区人大材料');
    expect(text).toContain('材料目录');
    expect(text).toMatch(/1．区属学校智慧课堂建设\s+绩效目标申报表\s+……\s+第\s*2\s*页/);
    expect(text).toContain('符合区委区政府重点工作安排');
    expect(text).toContain('批复下达绩效目标');
    // The project's department sees it too; another county does not.
    expect((await download(r, 'jiaoyu', pkg.id)).status).toBe(200);
    const other = await r.ctx.http
      .get(`/api/packages/${encodeURIComponent(pkg.id)}`)
      .set({ Authorization: `Bearer ${await r.ctx.login('hailin.caizheng')}` });
    expect(other.status).toBe(404);
    // Replaying the step stores nothing twice.
    await r.ctx.app.services.runtime.idle();
    expect(await r.ctx.app.services.models.ReportPackage.countDocuments({ instanceId: id })).toBe(1);
  }, 60_000);
});

describe('heilongjiang-city: 《绩效再评价结果反馈告知书》上报财政局、市人大和市政府', () => {
  let r: CountyRoute;
  beforeAll(async () => {
    r = await CountyRoute.open('heilongjiang-city');
  });
  afterAll(() => r.close());

  test('the 结果应用 step leaves the notice and the project’s earlier tables', async () => {
    const projectId = await r.createProject('jiaoyu', { name: '农村学校校舍维修改造' });
    const target = await r.begin('jiaoyu', projectId, 'target-declaration');
    await r.complete('jiaoyu', target, '填报绩效目标', 'submit', { data: example('target-declaration') });
    const id = await r.begin('zonghe', projectId, 'result-application');
    await r.complete('zonghe', id, '综合股提出结果应用建议', 'submit', { data: example('feedback-notice') });
    await r.complete('dangzu', id, '局党组审议', 'approve', { comment: '同意' });
    const [pkg] = await packagesOf(r, 'zonghe', id);
    expect(pkg.recipient).toBe('市人大和市政府');
    expect(pkg.contents.map((c) => c.title)).toEqual([
      '绩效评价结果反馈告知书（整改通知）',
      '绩效目标申报表',
    ]);
    const text = pdfText((await download(r, 'renda', pkg.id)).body);
    expect(text).toContain('报送市人大和市政府材料');
    expect(text).toContain('局党组审议');
    expect(text).toContain('维修改造学校数');
  }, 60_000);
});
