import { createTestContext, type TestContext } from '../helpers/app';

let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of [
    'admin',
    'heilongjiang-city.admin',
    'heilongjiang-city.jiaoyu',
    'heilongjiang-city.weijian',
    'heilongjiang-city.yewu',
    'heilongjiang-city.renda',
    'hailin.jiaoyu',
  ]) {
    tokens[u] = await ctx.login(u);
  }
});
afterAll(() => ctx.close());

const base = {
  county: 'heilongjiang-city',
  name: '义务教育薄弱环节改善项目',
  amount: 860,
  year: 2026,
  category: 'new',
  kind: 'project',
};

describe('POST /api/projects', () => {
  it('creates a project for the department user’s own department', async () => {
    const res = await ctx.http.post('/api/projects').set(as('heilongjiang-city.jiaoyu')).send(base);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      county: 'heilongjiang-city',
      name: base.name,
      amount: 860,
      department: { code: 'jiaoyu', name: '市教育局' },
      createdBy: 'heilongjiang-city.jiaoyu',
    });
    const stages = Object.fromEntries(res.body.stages.map((s: { id: string }) => [s.id, s]));
    expect(stages['target-declaration']).toMatchObject({
      label: '绩效目标申报',
      enabled: true,
      status: 'not-started',
    });
    expect(stages['pre-assessment'].enabled).toBe(false);
  });

  it('refuses a second project of the same name, year and department', async () => {
    const res = await ctx.http.post('/api/projects').set(as('heilongjiang-city.jiaoyu')).send(base);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'CONFLICT',
      message: `本部门 2026 年度已有同名项目「${base.name}」`,
    });
  });

  it('reports every invalid field with its path', async () => {
    const res = await ctx.http.post('/api/projects').set(as('heilongjiang-city.jiaoyu')).send({
      county: 'heilongjiang-city',
      name: '',
      amount: -1,
      year: 2026.5,
      category: 'old',
      kind: 'project',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['amount', 'category', 'name', 'year']);
    expect(res.body.error.details.find((d: { path: string }) => d.path === 'amount').message).toBe(
      '项目金额不能为负数',
    );
  });

  it('does not let a department declare for another county or another department', async () => {
    const otherCounty = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ ...base, county: 'hailin' });
    expect(otherCounty.status).toBe(403);
    const otherDept = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ ...base, name: '另一个项目', department: 'weijian' });
    expect(otherDept.status).toBe(403);
  });

  it('lets only departments and admins create projects; oversight is read-only', async () => {
    const finance = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.yewu'))
      .send({ ...base, name: '财政股室项目' });
    expect(finance.status).toBe(403);
    const oversight = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.renda'))
      .send({ ...base, name: '人大项目' });
    expect(oversight.status).toBe(403);
    expect(oversight.body.error.message).toBe('您所在单位为只读单位，不能进行此操作');
  });

  it('lets a county admin create for a named department, and asks for one when missing', async () => {
    const missing = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.admin'))
      .send({ ...base, name: '代报项目' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: 'department', message: '请选择项目所属部门' }]);
    const ok = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.admin'))
      .send({ ...base, name: '代报项目', department: 'weijian', kind: 'department' });
    expect(ok.status).toBe(201);
    expect(ok.body.department).toEqual({ code: 'weijian', name: '市卫生健康委员会' });
  });
});

describe('project visibility', () => {
  let projectId: string;
  beforeAll(async () => {
    const res = await ctx.http
      .post('/api/projects')
      .set(as('heilongjiang-city.jiaoyu'))
      .send({ ...base, name: '校园安全设施项目', amount: 120, category: 'continuing' });
    projectId = res.body.id;
  });

  it.each([
    ['heilongjiang-city.jiaoyu', 200],
    ['heilongjiang-city.yewu', 200],
    ['heilongjiang-city.renda', 200],
    ['heilongjiang-city.admin', 200],
    ['admin', 200],
    ['heilongjiang-city.weijian', 403],
    ['hailin.jiaoyu', 404],
  ])('GET /api/projects/:id as %s → %i', async (username, status) => {
    const res = await ctx.http.get(`/api/projects/${projectId}`).set(as(username));
    expect(res.status).toBe(status);
  });

  it('answers a malformed or unknown id with 400 / 404', async () => {
    expect((await ctx.http.get('/api/projects/not-an-id').set(as('admin'))).status).toBe(400);
    expect((await ctx.http.get('/api/projects/0123456789abcdef01234567').set(as('admin'))).status).toBe(404);
  });

  it('lists only the projects a user may see', async () => {
    const mine = await ctx.http.get('/api/projects').set(as('heilongjiang-city.weijian'));
    expect(mine.body.items.map((p: { department: { code: string } }) => p.department.code)).toEqual([
      'weijian',
    ]);
    const county = await ctx.http.get('/api/projects?year=2026').set(as('heilongjiang-city.yewu'));
    expect(county.body.total).toBe(3);
    const other = await ctx.http.get('/api/projects').set(as('hailin.jiaoyu'));
    expect(other.body).toEqual({ items: [], total: 0 });
  });
});

describe('GET /api/counties', () => {
  it('shows a county user only their county, with stage labels and enabled flags', async () => {
    const res = await ctx.http.get('/api/counties').set(as('hailin.jiaoyu'));
    expect(res.status).toBe(200);
    expect(res.body.map((c: { id: string }) => c.id)).toEqual(['hailin']);
    expect(res.body[0].stages.find((s: { id: string }) => s.id === 'pre-assessment')).toEqual({
      id: 'pre-assessment',
      label: '事前绩效评估',
      enabled: true,
    });
  });

  it('shows the superadmin all five counties', async () => {
    const res = await ctx.http.get('/api/counties').set(as('admin'));
    expect(res.body.map((c: { id: string }) => c.id).sort()).toEqual([
      'changzhi-bureau',
      'hailin',
      'heilongjiang-city',
      'jinan-shizhong',
      'qitai',
    ]);
  });
});
