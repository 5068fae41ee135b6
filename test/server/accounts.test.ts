import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../helpers/app';

/**
 * Accounts for a real bureau: 用户管理 under /api/admin/users, the one-time password that must be
 * changed first, the password policy, and 三员分立 (test/server/separation.test.ts proves each of the
 * three can do its job and nothing else).
 */
jest.setTimeout(90_000);

let ctx: TestContext;
let root: string;
beforeAll(async () => {
  ctx = await createTestContext();
  // The store's TTL monitor runs on real time: sessions expiring at the fake clock's default date
  // (March 2026) would be swept away in the middle of this long file.
  ctx.clock.set(new Date());
  root = await ctx.login('admin');
});
afterAll(() => ctx.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function create(token: string, body: Record<string, unknown>) {
  return ctx.http.post('/api/admin/users').set(bearer(token)).send(body);
}

/** Creates an account, logs in with its one-time password and replaces it; returns a working token. */
async function activated(body: Record<string, unknown>, password = 'Kaohe-2026!') {
  const res = await create(root, body);
  expect([res.status, res.body]).toEqual([201, expect.anything()]);
  const first = await ctx.login(String(body.username), res.body.oneTimePassword);
  const changed = await ctx.http
    .post('/api/auth/password')
    .set(bearer(first))
    .send({ current: res.body.oneTimePassword, next: password });
  expect(changed.status).toBe(204);
  return { token: first, id: res.body.account.id as string, password };
}

describe('creating accounts', () => {
  it('creates a department user with a one-time password and refuses everything but the password change', async () => {
    const res = await create(root, {
      username: 'hailin.li',
      displayName: '李明',
      county: 'hailin',
      orgUnit: 'jiaoyu',
    });
    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({
      username: 'hailin.li',
      displayName: '李明',
      county: { id: 'hailin', name: '海林市' },
      orgUnit: { code: 'jiaoyu', name: '市教育局' },
      systemRoles: [],
      active: true,
      mustChangePassword: true,
    });
    const otp: string = res.body.oneTimePassword;
    expect(otp).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);

    const login = await ctx.http.post('/api/auth/login').send({ username: 'hailin.li', password: otp });
    expect(login.status).toBe(200);
    expect(login.body.user.passwordChange).toBe('one-time');
    const token: string = login.body.token;

    const projects = await ctx.http.get('/api/projects').set(bearer(token));
    expect(projects.status).toBe(403);
    expect(projects.body.error).toEqual({
      code: 'PASSWORD_CHANGE_REQUIRED',
      message: '首次登录或密码被重置后，请先修改密码',
      details: { reason: 'one-time' },
    });
    const me = await ctx.http.get('/api/me').set(bearer(token));
    expect(me.status).toBe(200);
    expect(me.body.user.passwordChange).toBe('one-time');

    // A weak new password is refused with the rule it breaks, and nothing changes.
    const weak = await ctx.http
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ current: otp, next: 'hailin.li2026' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('VALIDATION_FAILED');
    expect(weak.body.error.details).toEqual([{ path: 'next', message: '密码不能包含账号' }]);
    const short = await ctx.http
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ current: otp, next: 'abc' });
    expect(short.body.error.details).toEqual([
      { path: 'next', message: '密码至少 8 位' },
      { path: 'next', message: '密码须包含小写字母、大写字母、数字、符号中的至少 3 类（现有 1 类）' },
    ]);
    const wrongCurrent = await ctx.http
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ current: 'nope', next: 'Jiaoyu-Ju-88' });
    expect(wrongCurrent.body.error.details).toEqual([{ path: 'current', message: '当前密码不正确' }]);
    expect((await ctx.http.get('/api/projects').set(bearer(token))).status).toBe(403);

    const ok = await ctx.http
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ current: otp, next: 'Jiaoyu-Ju-88' });
    expect(ok.status).toBe(204);
    expect((await ctx.http.get('/api/projects').set(bearer(token))).status).toBe(200);
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.li', password: otp })).status,
    ).toBe(401);
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.li', password: 'Jiaoyu-Ju-88' })).body
        .user.passwordChange,
    ).toBeNull();
  });

  it('names the field for a duplicate username, an unknown org unit and a forbidden role combination, and writes nothing', async () => {
    const before = await ctx.db.collection('users').countDocuments();
    const duplicate = await create(root, {
      username: 'hailin.li',
      displayName: '重名',
      county: 'hailin',
      orgUnit: 'jiaoyu',
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details).toEqual([
      { path: 'username', message: '账号「hailin.li」已存在，请换一个' },
    ]);
    const unit = await create(root, {
      username: 'hailin.wang',
      displayName: '王',
      county: 'hailin',
      orgUnit: 'nowhere',
    });
    expect(unit.body.error.details).toEqual([{ path: 'orgUnit', message: '海林市没有「nowhere」这个单位' }]);
    const county = await create(root, {
      username: 'x.wang',
      displayName: '王',
      county: 'atlantis',
      orgUnit: 'jiaoyu',
    });
    expect(county.body.error.details).toEqual([{ path: 'county', message: '县区「atlantis」不存在' }]);
    const combined = await create(root, {
      username: 'sanyuan',
      displayName: '兼任',
      systemRoles: ['security-admin', 'auditor'],
    });
    expect(combined.status).toBe(400);
    expect(combined.body.error.details).toEqual([
      { path: 'systemRoles', message: '三员分立：安全管理员、安全审计员不能由同一账号兼任' },
    ]);
    const adminAndAuditor = await create(root, {
      username: 'sanyuan',
      displayName: '兼任',
      county: 'hailin',
      systemRoles: ['admin', 'auditor'],
    });
    expect(adminAndAuditor.body.error.details[0].message).toBe(
      '三员分立：系统管理员、安全审计员不能由同一账号兼任',
    );
    const badName = await create(root, {
      username: '张三',
      displayName: '张三',
      county: 'hailin',
      orgUnit: 'jiaoyu',
    });
    expect(badName.body.error.details).toEqual([
      { path: 'username', message: '账号为 3 到 50 位字母、数字、点、下划线或连字符，以字母或数字开头' },
    ]);
    expect(await ctx.db.collection('users').countDocuments()).toBe(before);
  });

  it('refuses 三员分立 combinations when an account is edited too', async () => {
    const res = await create(root, {
      username: 'anquan.zhou',
      displayName: '周',
      systemRoles: ['security-admin'],
    });
    expect(res.status).toBe(201);
    const edit = await ctx.http
      .patch(`/api/admin/users/${res.body.account.id}`)
      .set(bearer(root))
      .send({ systemRoles: ['security-admin', 'superadmin'] });
    expect(edit.status).toBe(400);
    expect(edit.body.error.details[0]).toEqual({
      path: 'systemRoles',
      message: '三员分立：安全管理员、系统管理员不能由同一账号兼任',
    });
  });
});

describe('county admins', () => {
  let countyAdmin: string;
  beforeAll(async () => {
    countyAdmin = (
      await activated({
        username: 'hailin.guanli',
        displayName: '海林管理员',
        county: 'hailin',
        systemRoles: ['admin'],
      })
    ).token;
  });

  it('manage their own county only and grant no platform role', async () => {
    const own = await create(countyAdmin, {
      username: 'hailin.zhao',
      displayName: '赵',
      county: 'hailin',
      orgUnit: 'weijian',
    });
    expect(own.status).toBe(201);
    const other = await create(countyAdmin, {
      username: 'qitai.zhao',
      displayName: '赵',
      county: 'qitai',
      orgUnit: 'x',
    });
    expect(other.body.error.details).toEqual([{ path: 'county', message: '只能在本县区内创建和修改账号' }]);
    const auditor = await create(countyAdmin, {
      username: 'hailin.shenji',
      displayName: '审计',
      county: 'hailin',
      systemRoles: ['auditor'],
    });
    expect(auditor.body.error.details).toEqual([
      { path: 'systemRoles', message: '只有全平台系统管理员可以授予「安全审计员」' },
    ]);
    const list = await ctx.http.get('/api/admin/users?limit=200').set(bearer(countyAdmin));
    expect(list.status).toBe(200);
    expect(new Set(list.body.items.map((u: { county: { id: string } }) => u.county.id))).toEqual(
      new Set(['hailin']),
    );
    const foreign = await ctx.http.get('/api/admin/users?county=qitai').set(bearer(countyAdmin));
    expect(foreign.status).toBe(403);
    const qitaiUser = await ctx.app.services.models.User.findOne({ county: 'qitai' }).orFail();
    expect(
      (await ctx.http.get(`/api/admin/users/${qitaiUser._id.toHexString()}`).set(bearer(countyAdmin))).status,
    ).toBe(404);
  });

  it('search and filter the list', async () => {
    const byName = await ctx.http.get(`/api/admin/users?q=${encodeURIComponent('赵')}`).set(bearer(root));
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['hailin.zhao']);
    const byUnit = await ctx.http.get('/api/admin/users?county=hailin&orgUnit=weijian').set(bearer(root));
    expect(byUnit.body.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'hailin.weijian',
      'hailin.zhao',
    ]);
    const admins = await ctx.http.get('/api/admin/users?county=hailin&role=admin').set(bearer(root));
    expect(admins.body.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'hailin.admin',
      'hailin.guanli',
    ]);
    const platform = await ctx.http.get('/api/admin/users?county=system').set(bearer(root));
    expect(platform.body.items.every((u: { county: unknown }) => u.county === null)).toBe(true);
  });

  it('are refused for a business user', async () => {
    const dept = await ctx.login('hailin.jiaoyu');
    const res = await ctx.http.get('/api/admin/users').set(bearer(dept));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('只有系统管理员可以管理账号');
  });
});

describe('disabling, resetting and unlocking', () => {
  it('ends a disabled account’s open session at once', async () => {
    const user = await activated({
      username: 'hailin.qian',
      displayName: '钱',
      county: 'hailin',
      orgUnit: 'jiaoyu',
    });
    expect((await ctx.http.get('/api/projects').set(bearer(user.token))).status).toBe(200);
    const off = await ctx.http.post(`/api/admin/users/${user.id}/disable`).set(bearer(root));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const after = await ctx.http.get('/api/projects').set(bearer(user.token));
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('该账号已停用，请联系管理员');
    const login = await ctx.http
      .post('/api/auth/login')
      .send({ username: 'hailin.qian', password: user.password });
    expect(login.status).toBe(401);
    const on = await ctx.http.post(`/api/admin/users/${user.id}/enable`).set(bearer(root));
    expect(on.body.active).toBe(true);
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.qian', password: user.password }))
        .status,
    ).toBe(200);
  });

  it('resets a password to a one-time password, ends the sessions and lifts a lockout', async () => {
    const user = await activated({
      username: 'hailin.sun',
      displayName: '孙',
      county: 'hailin',
      orgUnit: 'jiaoyu',
    });
    for (let i = 0; i < ctx.config.login.maxFailures; i++)
      await ctx.http.post('/api/auth/login').send({ username: 'hailin.sun', password: `guess-${i}` });
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.sun', password: user.password }))
        .status,
    ).toBe(429);
    const reset = await ctx.http.post(`/api/admin/users/${user.id}/reset-password`).set(bearer(root));
    expect(reset.status).toBe(200);
    expect(reset.body.account.mustChangePassword).toBe(true);
    expect((await ctx.http.get('/api/me').set(bearer(user.token))).status).toBe(401);
    const login = await ctx.http
      .post('/api/auth/login')
      .send({ username: 'hailin.sun', password: reset.body.oneTimePassword });
    expect(login.status).toBe(200);
    expect(login.body.user.passwordChange).toBe('one-time');
    // The password used before the reset is one of the last five.
    const reuse = await ctx.http
      .post('/api/auth/password')
      .set(bearer(login.body.token))
      .send({ current: reset.body.oneTimePassword, next: user.password });
    expect(reuse.body.error.details).toEqual([{ path: 'next', message: '不能使用最近 5 次用过的密码' }]);
  });

  it('unlocks a locked account', async () => {
    const user = await activated({
      username: 'hailin.zhou',
      displayName: '周',
      county: 'hailin',
      orgUnit: 'jiaoyu',
    });
    for (let i = 0; i < ctx.config.login.maxFailures; i++)
      await ctx.http.post('/api/auth/login').send({ username: 'hailin.zhou', password: `guess-${i}` });
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.zhou', password: user.password }))
        .status,
    ).toBe(429);
    expect((await ctx.http.post(`/api/admin/users/${user.id}/unlock`).set(bearer(root))).status).toBe(204);
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'hailin.zhou', password: user.password }))
        .status,
    ).toBe(200);
  });

  it('never disables the last superadmin or lets an admin disable themselves', async () => {
    const me = await ctx.app.services.models.User.findOne({ username: 'admin' }).orFail();
    const self = await ctx.http.post(`/api/admin/users/${me._id.toHexString()}/disable`).set(bearer(root));
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('不能停用自己的账号');
  });
});

describe('password policy', () => {
  it('refuses the last five passwords and applies an expiry set by the 安全管理员', async () => {
    const user = await activated(
      { username: 'hailin.wu', displayName: '吴', county: 'hailin', orgUnit: 'jiaoyu' },
      'First-Pass-1',
    );
    const passwords = ['Second-Pass-2', 'Third-Pass-3', 'Fourth-Pass-4', 'Fifth-Pass-5'];
    let current = user.password;
    for (const next of passwords) {
      const res = await ctx.http.post('/api/auth/password').set(bearer(user.token)).send({ current, next });
      expect(res.status).toBe(204);
      current = next;
    }
    const reuse = await ctx.http
      .post('/api/auth/password')
      .set(bearer(user.token))
      .send({ current, next: user.password });
    expect(reuse.body.error.details).toEqual([{ path: 'next', message: '不能使用最近 5 次用过的密码' }]);

    const security = await activated({
      username: 'anquan.qin',
      displayName: '秦',
      systemRoles: ['security-admin'],
    });
    const policy = await ctx.http
      .put('/api/security/password-policy')
      .set(bearer(security.token))
      .send({ minLength: 10, minClasses: 3, historySize: 5, expiryDays: 90 });
    expect(policy.status).toBe(200);
    const tooWeak = await ctx.http
      .put('/api/security/password-policy')
      .set(bearer(security.token))
      .send({ minLength: 6, minClasses: 2, historySize: 5, expiryDays: 90 });
    expect(tooWeak.body.error.details).toEqual([
      { path: 'minLength', message: '最短长度不能少于 8 位' },
      { path: 'minClasses', message: '至少包含的字符类别不能少于 3 类' },
    ]);
    ctx.clock.advance(91 * 24 * 60 * 60 * 1000);
    const fresh = await ctx.login('hailin.wu', current);
    const expired = await ctx.http.get('/api/projects').set(bearer(fresh));
    expect(expired.status).toBe(403);
    expect(expired.body.error.details).toEqual({ reason: 'expired' });
    const short = await ctx.http
      .post('/api/auth/password')
      .set(bearer(fresh))
      .send({ current, next: 'Sixth-P-6' });
    expect(short.body.error.details).toEqual([{ path: 'next', message: '密码至少 10 位' }]);
    expect(
      (await ctx.http.post('/api/auth/password').set(bearer(fresh)).send({ current, next: 'Sixth-Pass-6' }))
        .status,
    ).toBe(204);
    expect((await ctx.http.get('/api/projects').set(bearer(fresh))).status).toBe(200);
    // Demo accounts keep `demo`, outside production only.
    expect((await ctx.http.get('/api/projects').set(bearer(await ctx.login('hailin.jiaoyu')))).status).toBe(
      200,
    );
    await ctx.http
      .put('/api/security/password-policy')
      .set(bearer(await ctx.login('anquan.qin', security.password)))
      .send({ minLength: 8, minClasses: 3, historySize: 5, expiryDays: 0 });
  }, 120_000);
});

describe('bulk creation from a spreadsheet', () => {
  // After the expiry test moved the clock by months: a fresh session.
  beforeAll(async () => {
    root = await ctx.login('admin');
  });

  async function sheet(rows: string[][]): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('账号');
    ws.addRow(['姓名', '账号', '所属单位', '角色']);
    for (const row of rows) ws.addRow(row);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('offers a template with the county’s units', async () => {
    const res = await ctx.http
      .get('/api/admin/users/import-template?county=hailin')
      .set(bearer(root))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    expect(book.worksheets[0].getRow(1).values).toEqual([undefined, '姓名', '账号', '所属单位', '角色']);
    expect(book.getWorksheet('可选单位')!.getColumn(1).values).toContain('市教育局');
  });

  it('lists every wrong row and writes nothing, then imports a clean sheet', async () => {
    const before = await ctx.db.collection('users').countDocuments();
    const bad = await ctx.http
      .post('/api/admin/users/import?county=hailin')
      .set(bearer(root))
      .attach(
        'file',
        await sheet([
          ['郑一', 'hailin.zheng1', '市教育局', '普通用户'],
          ['', 'hailin.zheng2', '市教育局', ''],
          ['郑三', 'hailin.li', '市教育局', ''],
          ['郑四', 'hailin.zheng4', '市公安局', ''],
          ['郑五', 'hailin.zheng1', 'weijian', ''],
          ['郑六', 'hailin.zheng6', 'jiaoyu', '安全审计员'],
        ]),
        '账号.xlsx',
      );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('表格有 5 处问题，未导入任何账号');
    expect(bad.body.error.details).toEqual([
      { path: '第 3 行「姓名」', message: '请填写姓名' },
      { path: '第 4 行「账号」', message: '账号「hailin.li」已存在' },
      { path: '第 5 行「所属单位」', message: '海林市没有「市公安局」这个单位' },
      { path: '第 6 行「账号」', message: '与第 2 行的账号重复' },
      {
        path: '第 7 行「角色」',
        message:
          '「安全审计员」不是可导入的角色，请填写“普通用户”或“系统管理员”（安全管理员、安全审计员请逐个创建）',
      },
    ]);
    expect(await ctx.db.collection('users').countDocuments()).toBe(before);

    const good = await ctx.http
      .post('/api/admin/users/import?county=hailin')
      .set(bearer(root))
      .attach(
        'file',
        await sheet([
          ['郑一', 'hailin.zheng1', '市教育局', '普通用户'],
          ['郑二', 'hailin.zheng2', 'weijian', ''],
        ]),
        '账号.xlsx',
      );
    expect(good.status).toBe(201);
    expect(
      good.body.created.map((c: { account: { username: string; orgUnit: { code: string } } }) => [
        c.account.username,
        c.account.orgUnit.code,
      ]),
    ).toEqual([
      ['hailin.zheng1', 'jiaoyu'],
      ['hailin.zheng2', 'weijian'],
    ]);
    expect(await ctx.db.collection('users').countDocuments()).toBe(before + 2);
    const login = await ctx.http
      .post('/api/auth/login')
      .send({ username: 'hailin.zheng2', password: good.body.created[1].oneTimePassword });
    expect(login.body.user.passwordChange).toBe('one-time');
  });
});
