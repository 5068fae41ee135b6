import { createTestContext, type TestContext } from '../helpers/app';

/**
 * Found by the security access matrix (test/security): an import sent as JSON was read by the JSON
 * parser first, so the import waited for a body that had already ended and never answered.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('imports', () => {
  it('an import sent as JSON is refused with 415 at once instead of hanging', async () => {
    const token = await ctx.login('heilongjiang-city.admin');
    for (const url of [
      '/api/imports/projects?county=heilongjiang-city&dryRun=true',
      '/api/imports/indicators?county=heilongjiang-city',
    ]) {
      const res = await ctx.http
        .post(url)
        .set('Authorization', `Bearer ${token}`)
        .timeout(5000)
        .send({ rows: [] });
      expect([url, res.status, res.body.error?.code]).toEqual([url, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
  });
});
