import { createTestContext, type TestContext } from '../helpers/app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('GET /api/openapi.json', () => {
  it('describes the login endpoint from the same schema that validates it', async () => {
    const res = await ctx.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const login = res.body.paths['/api/auth/login'].post;
    const schema = login.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['username', 'password']);
    expect(schema.properties.username).toMatchObject({ type: 'string', minLength: 1, maxLength: 100 });
    expect(login.security).toEqual([]);
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '401', '429', 'default']));
  });

  it('marks authenticated endpoints with bearer security', async () => {
    const res = await ctx.http.get('/api/openapi.json');
    expect(res.body.paths['/api/me'].get.security).toEqual([{ bearer: [] }]);
    expect(res.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });
});
