import { createTestContext, type TestContext } from '../helpers/app';

/**
 * 三员分立: the superadmin (系统管理员) creates the 安全管理员 and the 安全审计员; each of the three can
 * do its job and nothing else, and the auditor sees everything the other two did.
 */
jest.setTimeout(90_000);

let ctx: TestContext;
const tokens: Record<'system' | 'security' | 'audit', string> = { system: '', security: '', audit: '' };
let targetId = '';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function activate(username: string, systemRoles: string[]): Promise<string> {
  const created = await ctx.http
    .post('/api/admin/users')
    .set(bearer(tokens.system))
    .send({ username, displayName: username, systemRoles });
  expect(created.status).toBe(201);
  const token = await ctx.login(username, created.body.oneTimePassword);
  const changed = await ctx.http
    .post('/api/auth/password')
    .set(bearer(token))
    .send({ current: created.body.oneTimePassword, next: 'Sanyuan-Fenli-1' });
  expect(changed.status).toBe(204);
  return token;
}

beforeAll(async () => {
  ctx = await createTestContext();
  // The store's TTL monitor runs on real time: sessions expiring at the fake clock's default date
  // (March 2026) would be swept away in the middle of this long file.
  ctx.clock.set(new Date());
  tokens.system = await ctx.login('admin');
  tokens.security = await activate('anquan', ['security-admin']);
  tokens.audit = await activate('shenji', ['auditor']);
  targetId = (
    await ctx.app.services.models.User.findOne({ username: 'hailin.jiaoyu' }).orFail()
  )._id.toHexString();
});
afterAll(() => ctx.close());

type Call = [method: 'get' | 'post' | 'put' | 'patch', path: string, body?: Record<string, unknown>];

const SYSTEM_JOBS: Call[] = [
  ['get', '/api/admin/users'],
  [
    'post',
    '/api/admin/users',
    { username: 'hailin.new', displayName: '新人', county: 'hailin', orgUnit: 'jiaoyu' },
  ],
  ['patch', '/api/admin/users/:target', { displayName: '市教育局（改名）' }],
  ['post', '/api/admin/users/:target/unlock'],
  ['get', '/api/admin/counties'],
];
const SECURITY_JOBS: Call[] = [
  ['put', '/api/security/password-policy', { minLength: 8, minClasses: 3, historySize: 5, expiryDays: 0 }],
  ['get', '/api/security/lockouts'],
  ['post', '/api/security/lockouts/hailin.jiaoyu/unlock'],
  ['get', '/api/security/sessions'],
  ['post', '/api/security/users/hailin.jiaoyu/end-sessions'],
];
const AUDIT_JOBS: Call[] = [
  ['get', '/api/audit/events'],
  ['get', '/api/audit/actions'],
  ['get', '/api/audit/events/export'],
];

async function call(token: string, [method, path, body]: Call) {
  const req = ctx.http[method](path.replace(':target', targetId)).set(bearer(token));
  return body ? req.send(body) : req;
}

describe.each([
  ['系统管理员', 'system', SYSTEM_JOBS],
  ['安全管理员', 'security', SECURITY_JOBS],
  ['安全审计员', 'audit', AUDIT_JOBS],
] as const)('%s', (_label, duty, own) => {
  it('does its own job', async () => {
    for (const job of own) {
      const res = await call(tokens[duty], job);
      expect([job[1], res.status < 300]).toEqual([job[1], true]);
    }
  });

  it('is refused every other duty’s job', async () => {
    const others = [SYSTEM_JOBS, SECURITY_JOBS, AUDIT_JOBS].filter((jobs) => jobs !== own).flat();
    for (const job of others) {
      const res = await call(tokens[duty], job);
      expect([job[1], res.status, res.body.error?.code]).toEqual([job[1], 403, 'FORBIDDEN']);
    }
  });
});

describe('the 安全审计员', () => {
  it('sees what the other two did, with Chinese labels, and can filter', async () => {
    const res = await ctx.http.get('/api/audit/events?limit=500').set(bearer(tokens.audit));
    expect(res.status).toBe(200);
    const labels = new Set(res.body.items.map((e: { actionLabel: string }) => e.actionLabel));
    for (const label of [
      '新建账号',
      '修改账号',
      '修改密码策略',
      '强制下线',
      '解除锁定',
      '登录成功',
      '修改本人密码',
    ])
      expect(labels).toContain(label);
    expect(res.body.items.every((e: { actionLabel: string }) => !/[a-z]\.[a-z]/.test(e.actionLabel))).toBe(
      true,
    );
    const byActor = await ctx.http.get('/api/audit/events?actor=anquan').set(bearer(tokens.audit));
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(byActor.body.items.every((e: { actor: string }) => e.actor === 'anquan')).toBe(true);
    const byAction = await ctx.http
      .get('/api/audit/events?action=security.policy-updated')
      .set(bearer(tokens.audit));
    expect(byAction.body.items).toHaveLength(1);
    expect(byAction.body.items[0]).toMatchObject({ actor: 'anquan', county: 'system', countyName: '全平台' });
    const byObject = await ctx.http.get('/api/audit/events?object=hailin.jiaoyu').set(bearer(tokens.audit));
    expect(byObject.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.updated', 'security.sessions-ended']),
    );
    const byCounty = await ctx.http.get('/api/audit/events?county=hailin').set(bearer(tokens.audit));
    expect(byCounty.body.items.every((e: { county: string }) => e.county === 'hailin')).toBe(true);
    const future = await ctx.http
      .get(
        `/api/audit/events?from=${encodeURIComponent(new Date(Date.now() + 365 * 86400_000).toISOString())}`,
      )
      .set(bearer(tokens.audit));
    expect(future.body.total).toBe(0);
  });

  it('has every workflow and account action labelled', async () => {
    const { AUDIT_ACTION_LABELS } = await import('../../server/src/services/audit-labels');
    const stored: string[] = await ctx.db.collection('events').distinct('action');
    for (const action of stored)
      expect([action, AUDIT_ACTION_LABELS[action]]).toEqual([action, expect.any(String)]);
  });

  it('can change nothing: no account, no configuration, no project', async () => {
    const attempts: Call[] = [
      [
        'post',
        '/api/admin/users',
        { username: 'hailin.x9', displayName: 'x', county: 'hailin', orgUnit: 'jiaoyu' },
      ],
      ['post', '/api/admin/users/:target/disable'],
      ['post', '/api/admin/users/:target/reset-password'],
      [
        'put',
        '/api/security/password-policy',
        { minLength: 8, minClasses: 3, historySize: 5, expiryDays: 0 },
      ],
      [
        'post',
        '/api/projects',
        { county: 'hailin', name: '审计员的项目', amount: 1, year: 2026, category: 'new', kind: 'project' },
      ],
    ];
    for (const job of attempts) {
      const res = await call(tokens.audit, job);
      expect([job[1], res.status]).toEqual([job[1], 403]);
    }
    const projects = await ctx.http.get('/api/projects').set(bearer(tokens.audit));
    expect(projects.body.items ?? []).toEqual([]);
  });

  it('is the only one who reads the trail: the superadmin and a county admin are refused', async () => {
    for (const token of [tokens.system, await ctx.login('hailin.admin'), tokens.security]) {
      expect((await ctx.http.get('/api/audit/events').set(bearer(token))).status).toBe(403);
    }
  });
});

describe('the 安全管理员', () => {
  it('ends a user’s sessions at once', async () => {
    const token = await ctx.login('hailin.weijian');
    const listed = await ctx.http
      .get('/api/security/sessions?username=hailin.weijian')
      .set(bearer(tokens.security));
    expect(listed.body.length).toBeGreaterThanOrEqual(1);
    expect(listed.body[0]).toMatchObject({ username: 'hailin.weijian', county: 'hailin' });
    const ended = await ctx.http
      .post('/api/security/users/hailin.weijian/end-sessions')
      .set(bearer(tokens.security));
    expect(ended.body.ended).toBeGreaterThanOrEqual(1);
    const after = await ctx.http.get('/api/me').set(bearer(token));
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('安全管理员已结束您的登录，请重新登录');
  });

  it('sees and lifts a lockout', async () => {
    for (let i = 0; i < ctx.config.login.maxFailures; i++)
      await ctx.http.post('/api/auth/login').send({ username: 'hailin.renda', password: `guess-${i}` });
    const locked = await ctx.http.get('/api/security/lockouts').set(bearer(tokens.security));
    expect(locked.body.map((l: { username: string }) => l.username)).toContain('hailin.renda');
    await ctx.http.post('/api/security/lockouts/hailin.renda/unlock').set(bearer(tokens.security));
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.renda', password: 'demo' })).status,
    ).toBe(200);
  });
});
