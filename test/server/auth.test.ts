import { hashToken } from '../../server/src/services/auth';
import { createTestContext, type TestContext } from '../helpers/app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const HOUR = 60 * 60 * 1000;

describe('POST /api/auth/login', () => {
  it('logs the superadmin in with the demo password and never returns the password hash', async () => {
    const res = await ctx.http.post('/api/auth/login').send({ username: 'admin', password: 'demo' });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.body.user).toMatchObject({ username: 'admin', systemRoles: ['superadmin'], county: null });
    expect(JSON.stringify(res.body)).not.toContain('scrypt');
  });

  it('logs a county org-unit user in with its county, org unit and business roles', async () => {
    const county = ctx.deployment.counties.list()[0];
    const unit = county.orgUnits[0];
    const res = await ctx.http
      .post('/api/auth/login')
      .send({ username: `${county.id}.${unit.code}`, password: 'demo' });
    expect(res.status).toBe(200);
    expect(res.body.user.county).toEqual({ id: county.id, name: county.name });
    expect(res.body.user.orgUnit).toMatchObject({ code: unit.code, name: unit.name, kind: unit.kind });
    expect(res.body.user.roles).toEqual(ctx.deployment.counties.rolesOf(county.id, unit.code));
  });

  it('rejects a wrong password and an unknown user with the same Chinese message', async () => {
    const wrong = await ctx.http.post('/api/auth/login').send({ username: 'admin', password: 'nope' });
    const unknown = await ctx.http.post('/api/auth/login').send({ username: 'nobody', password: 'demo' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } });
    }
  });

  it('reports every missing field at its path', async () => {
    const res = await ctx.http.post('/api/auth/login').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([
      { path: 'username', message: '请输入用户名' },
      { path: 'password', message: '请输入密码' },
    ]);
  });

  it('stores only a hash of the token, never the token itself', async () => {
    const token = await ctx.login('admin');
    const sessions = await ctx.db.collection('sessions').find({}).toArray();
    expect(JSON.stringify(sessions)).not.toContain(token);
    expect(sessions.some((s) => s.tokenHash === hashToken(token))).toBe(true);
  });

  it('refuses a deactivated account', async () => {
    const county = ctx.deployment.counties.list()[1];
    const username = `${county.id}.${county.orgUnits[0].code}`;
    await ctx.db.collection('users').updateOne({ username }, { $set: { active: false } });
    const res = await ctx.http.post('/api/auth/login').send({ username, password: 'demo' });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('该账号已停用，请联系管理员');
    await ctx.db.collection('users').updateOne({ username }, { $set: { active: true } });
  });
});

describe('sessions', () => {
  it('answers GET /api/me for a valid token', async () => {
    const token = await ctx.login('admin');
    const res = await ctx.http.get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('admin');
  });

  it('requires a token, and a well-formed one', async () => {
    const none = await ctx.http.get('/api/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    const malformed = await ctx.http.get('/api/me').set('Authorization', 'Basic YWRtaW46ZGVtbw==');
    expect(malformed.status).toBe(401);
    const unknown = await ctx.http.get('/api/me').set('Authorization', `Bearer ${'x'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('expires a session after its lifetime even while it is in use', async () => {
    const token = await ctx.login('admin');
    const ttlHours = ctx.config.session.ttlMinutes / 60;
    // Stay active (inside the idle window) until the absolute lifetime runs out.
    for (let h = 0; h < ttlHours; h += 0.5) {
      ctx.clock.advance(HOUR / 2);
      const res = await ctx.http.get('/api/me').set('Authorization', `Bearer ${token}`);
      if (h + 0.5 < ttlHours) expect(res.status).toBe(200);
      else expect(res.body.error).toEqual({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' });
    }
  });

  it('expires a session left idle longer than the idle timeout', async () => {
    const token = await ctx.login('admin');
    ctx.clock.advance((ctx.config.session.idleMinutes - 1) * 60_000);
    expect((await ctx.http.get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    ctx.clock.advance((ctx.config.session.idleMinutes + 1) * 60_000);
    const res = await ctx.http.get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('revokes the session on logout, leaving the user’s other sessions alive', async () => {
    const first = await ctx.login('admin');
    const second = await ctx.login('admin');
    const out = await ctx.http.post('/api/auth/logout').set('Authorization', `Bearer ${first}`);
    expect(out.status).toBe(204);
    const revoked = await ctx.http.get('/api/me').set('Authorization', `Bearer ${first}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('SESSION_REVOKED');
    expect((await ctx.http.get('/api/me').set('Authorization', `Bearer ${second}`)).status).toBe(200);
  });

  it('revokes every session of a user at once', async () => {
    const tokens = [await ctx.login('admin'), await ctx.login('admin')];
    const user = await ctx.app.services.models.User.findOne({ username: 'admin' }).orFail();
    expect(await ctx.app.services.auth.revokeAll(user._id)).toBeGreaterThanOrEqual(2);
    for (const token of tokens) {
      expect((await ctx.http.get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    }
  });
});

describe('login rate limit', () => {
  it('locks an account after repeated failures from one address, even for the right password', async () => {
    const county = ctx.deployment.counties.list()[2];
    const username = `${county.id}.admin`;
    for (let i = 0; i < ctx.config.login.maxFailures; i++) {
      const res = await ctx.http.post('/api/auth/login').send({ username, password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    const locked = await ctx.http.post('/api/auth/login').send({ username, password: 'demo' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.body.error.message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not affected.
    expect(
      (await ctx.http.post('/api/auth/login').send({ username: 'admin', password: 'demo' })).status,
    ).toBe(200);
  });

  it('lets many different users log in from one address (a training room)', async () => {
    // Org-unit accounts only: the other tests in this file lock or strain the county admins.
    const usernames = ctx.deployment.demoLogins
      .map((l) => l.username)
      .filter((u) => u.includes('.') && !u.endsWith('.admin'))
      .slice(0, 30);
    expect(usernames).toHaveLength(30);
    for (const username of usernames) {
      const res = await ctx.http.post('/api/auth/login').send({ username, password: 'demo' });
      expect([username, res.status]).toEqual([username, 200]);
    }
  });

  it('forgives earlier failures after a successful login', async () => {
    const county = ctx.deployment.counties.list()[3];
    const username = `${county.id}.admin`;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ctx.config.login.maxFailures - 1; i++) {
        await ctx.http.post('/api/auth/login').send({ username, password: 'wrong' });
      }
      expect((await ctx.http.post('/api/auth/login').send({ username, password: 'demo' })).status).toBe(200);
    }
  });
});
