import { createTestContext, type TestContext } from '../helpers/app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ JSON_BODY_LIMIT: '64kb' });
});
afterAll(() => ctx.close());

function expectEnvelope(body: unknown, code: string): void {
  expect(body).toEqual({
    error: expect.objectContaining({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) }),
  });
}

describe('the error envelope', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await ctx.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "admin", "password": ');
    expect(res.status).toBe(400);
    expectEnvelope(res.body, 'MALFORMED_JSON');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await ctx.http
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(100 * 1024) });
    expect(res.status).toBe(413);
    expectEnvelope(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown API route with 404 NOT_FOUND', async () => {
    const res = await ctx.http.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expectEnvelope(res.body, 'NOT_FOUND');
  });

  it('answers bodies of the wrong shape with 400 and never a 5xx', async () => {
    const bodies: unknown[] = [
      [],
      'admin',
      42,
      null,
      { username: 123, password: true },
      { username: { $gt: '' }, password: 'demo' },
      { username: 'admin', password: ['demo'] },
      { username: '', password: '' },
      { username: 'a'.repeat(500), password: 'demo' },
      { username: 'admin\u0000', password: 'demo' },
      { __proto__: { admin: true }, username: 'admin' },
    ];
    for (const body of bodies) {
      const res = await ctx.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect([JSON.stringify(body), res.status < 500]).toEqual([JSON.stringify(body), true]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.error.code).toMatch(/^(VALIDATION_FAILED|MALFORMED_JSON|INVALID_CREDENTIALS)$/);
    }
  });

  it('ignores bodies that are not JSON instead of crashing', async () => {
    const res = await ctx.http
      .post('/api/auth/login')
      .set('Content-Type', 'text/plain')
      .send('username=admin');
    expect(res.status).toBe(400);
    expectEnvelope(res.body, 'VALIDATION_FAILED');
  });

  it('answers a JSON body in an unsupported charset with 415', async () => {
    const res = await ctx.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json; charset=latin7')
      .send('{}');
    expect(res.status).toBe(415);
    expectEnvelope(res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('GET /api/health', () => {
  it('answers ok while the database answers', async () => {
    const res = await ctx.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('response headers', () => {
  it('sends security headers, no-store for the API and a request id', async () => {
    const res = await ctx.http.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming request id and replaces a hostile one', async () => {
    const kept = await ctx.http.get('/api/health').set('X-Request-Id', 'lb-123.abc');
    expect(kept.headers['x-request-id']).toBe('lb-123.abc');
    const replaced = await ctx.http
      .get('/api/health')
      .set('X-Request-Id', 'x\r\ny'.replace(/\r\n/, ' <script>'));
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
