import { createTestContext, type TestContext } from '../helpers/app';

/** The studio API's access rules and its drafts: each refused for its own problems, at their path. */
let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });

beforeAll(async () => {
  ctx = await createTestContext();
  for (const user of ['admin', 'hailin.admin', 'hailin.jiaoyu', 'hailin.caizheng', 'qitai.admin'])
    tokens[user] = await ctx.login(user);
});
afterAll(() => ctx.close());

type Detail = { path: string; message: string; kind?: string; artifactId?: string };
const paths = (body: { error: { details: Detail[] } }) => body.error.details.map((d) => d.path);

describe('who may use the studio', () => {
  it('gives a department or finance user 403 everywhere under /api/admin', async () => {
    for (const user of ['hailin.jiaoyu', 'hailin.caizheng']) {
      for (const [method, path] of [
        ['get', '/api/admin/counties'],
        ['get', '/api/admin/counties/hailin'],
        ['put', '/api/admin/counties/hailin/forms/target-declaration'],
        ['post', '/api/admin/counties/hailin/publish'],
      ] as const) {
        const res = await ctx.http[method](path).set(as(user)).send({ form: {} });
        expect([user, path, res.status, res.body.error.code]).toEqual([user, path, 403, 'FORBIDDEN']);
        expect(res.body.error.message).toBe('需要管理员权限');
      }
    }
  });

  it('lets a county admin see and change only their own county', async () => {
    const list = await ctx.http.get('/api/admin/counties').set(as('hailin.admin'));
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual(['hailin']);
    expect(list.body[0]).toMatchObject({ status: 'deployed', inRepository: true, hasDraft: false });
    expect((await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'))).status).toBe(200);

    const other = await ctx.http.get('/api/admin/counties/qitai').set(as('hailin.admin'));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('只能管理本县区的配置');
    const form = await ctx.http.get('/api/admin/counties/qitai/forms/monitoring').set(as('hailin.admin'));
    const save = await ctx.http
      .put('/api/admin/counties/qitai/forms/monitoring')
      .set(as('hailin.admin'))
      .send({ form: form.body.resolved ?? {} });
    const publish = await ctx.http.post('/api/admin/counties/qitai/publish').set(as('hailin.admin')).send({});
    const rollback = await ctx.http
      .post('/api/admin/counties/qitai/rollback')
      .set(as('hailin.admin'))
      .send({ kind: 'form', artifactId: 'monitoring', version: 1 });
    expect([form.status, save.status, publish.status, rollback.status]).toEqual([403, 403, 403, 403]);
    const create = await ctx.http
      .post('/api/admin/counties')
      .set(as('hailin.admin'))
      .send({ id: 'xin-xian', name: '新县', from: { kind: 'base' } });
    expect(create.status).toBe(403);
  });

  it('lets the superadmin see and change every county', async () => {
    const list = await ctx.http.get('/api/admin/counties').set(as('admin'));
    expect(list.body.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['changzhi-bureau', 'hailin', 'heilongjiang-city', 'jinan-shizhong', 'qitai']),
    );
    const qitai = await ctx.http.get('/api/admin/counties/qitai').set(as('admin'));
    expect(qitai.status).toBe(200);
    expect(qitai.body.deployed).toMatchObject({
      version: 1,
      source: 'repository',
      manifest: { id: 'qitai' },
    });
    expect(qitai.body.forms.map((f: { id: string }) => f.id)).toContain('monitoring');
    expect((await ctx.http.get('/api/admin/counties/no-such-county').set(as('admin'))).status).toBe(404);
  });

  it('answers an unknown or malformed id with 404 / 400', async () => {
    const unknown = await ctx.http
      .get('/api/admin/counties/hailin/forms/no-such-form')
      .set(as('hailin.admin'));
    expect(unknown.status).toBe(404);
    const malformed = await ctx.http.get('/api/admin/counties/Hai Lin').set(as('admin'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('county');
  });
});

describe('county manifest drafts', () => {
  it('refuses a schema error at its JSON path and keeps no draft', async () => {
    const current = await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'));
    const manifest = structuredClone(current.body.manifest);
    manifest.level = '省';
    manifest.settings.preAssessmentThreshold.value = 600;
    delete manifest.settings.preAssessmentThreshold.source;
    const res = await ctx.http
      .put('/api/admin/counties/hailin/manifest')
      .set(as('hailin.admin'))
      .send({ manifest });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(res.body)).toEqual(
      expect.arrayContaining(['/level', '/settings/preAssessmentThreshold/source']),
    );
    for (const detail of res.body.error.details) expect(detail.message).toMatch(/[\u4e00-\u9fa5]/);
    const after = await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'));
    expect(after.body.draft).toBeNull();
  });

  it('refuses a role mapped to an org unit the county does not have', async () => {
    const current = await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'));
    const manifest = structuredClone(current.body.manifest);
    manifest.roles.approver = ['nosuchunit'];
    const res = await ctx.http
      .put('/api/admin/counties/hailin/manifest')
      .set(as('hailin.admin'))
      .send({ manifest });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toContain('/roles/approver/0');
  });

  it('saves a valid draft, shows it beside the deployed manifest, and discards it', async () => {
    const current = await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'));
    const manifest = structuredClone(current.body.manifest);
    const threshold: number = manifest.settings.preAssessmentThreshold.value;
    manifest.settings.preAssessmentThreshold.value = threshold + 300;
    const res = await ctx.http
      .put('/api/admin/counties/hailin/manifest')
      .set(as('hailin.admin'))
      .send({ manifest });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'county',
      artifactId: 'hailin',
      draft: { updatedBy: 'hailin.admin', basedOn: 1 },
    });
    const after = await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'));
    expect(after.body.hasDraft).toBe(true);
    expect(after.body.draft.manifest.settings.preAssessmentThreshold.value).toBe(threshold + 300);
    expect(after.body.deployed.manifest.settings.preAssessmentThreshold.value).toBe(threshold);

    const diff = await ctx.http
      .get('/api/admin/counties/hailin/diff?against=deployed')
      .set(as('hailin.admin'));
    expect(diff.status).toBe(200);
    expect(diff.body.sentences).toEqual([
      expect.stringMatching(new RegExp(`${threshold}万元.*${threshold + 300}万元`)),
    ]);

    const discarded = await ctx.http.delete('/api/admin/counties/hailin/manifest').set(as('hailin.admin'));
    expect(discarded.status).toBe(204);
    expect((await ctx.http.get('/api/admin/counties/hailin').set(as('hailin.admin'))).body.hasDraft).toBe(
      false,
    );
    // Runtime untouched: drafts are not deployed.
    expect(ctx.app.services.counties.get('hailin')!.settings.preAssessmentThreshold.value).toBe(threshold);
  });
});

describe('form and process drafts', () => {
  it('returns base, overlay, draft, resolved form and example', async () => {
    const res = await ctx.http
      .get('/api/admin/counties/hailin/forms/self-evaluation')
      .set(as('hailin.admin'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      formId: 'self-evaluation',
      county: 'hailin',
      draft: null,
      hasDraft: false,
    });
    expect(res.body.base.id).toBe('self-evaluation');
    expect(res.body.resolved).toEqual(res.body.form);
    expect(res.body.example).toEqual(expect.any(Object));
  });

  it('refuses a form whose merged result breaks the form schema, at its path', async () => {
    const current = await ctx.http
      .get('/api/admin/counties/hailin/forms/target-declaration')
      .set(as('hailin.admin'));
    const form = current.body.resolved;
    form.schema.properties.note = { type: 'string', title: '备注', 'x-componnet': 'Input' };
    const res = await ctx.http
      .put('/api/admin/counties/hailin/forms/target-declaration')
      .set(as('hailin.admin'))
      .send({ form });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'form',
          artifactId: 'target-declaration',
          path: expect.stringMatching(/^\/schema\/properties\/note/),
        }),
      ]),
    );
  });

  it('stores a form draft as the merge patch against the base', async () => {
    const current = await ctx.http
      .get('/api/admin/counties/hailin/forms/target-declaration')
      .set(as('hailin.admin'));
    const form = current.body.resolved;
    const [first] = Object.keys(form.schema.properties);
    form.schema.properties[first].title = '改过的标题';
    const res = await ctx.http
      .put('/api/admin/counties/hailin/forms/target-declaration')
      .set(as('hailin.admin'))
      .send({ form });
    expect(res.status).toBe(200);
    const draft = await ctx.http
      .get('/api/admin/counties/hailin/forms/target-declaration')
      .set(as('hailin.admin'));
    expect(draft.body.draft.patch).toEqual({
      ...(current.body.overlay ?? {}),
      schema: {
        ...(current.body.overlay?.schema ?? {}),
        properties: {
          ...(current.body.overlay?.schema?.properties ?? {}),
          [first]: { ...(current.body.overlay?.schema?.properties?.[first] ?? {}), title: '改过的标题' },
        },
      },
    });
    expect(draft.body.resolved.schema.properties[first].title).toBe('改过的标题');
    const sentences = (
      await ctx.http.get('/api/admin/counties/hailin/diff?against=deployed').set(as('hailin.admin'))
    ).body.sentences;
    expect(sentences.join('\n')).toContain('改过的标题');
    expect(
      (await ctx.http.delete('/api/admin/counties/hailin/forms/target-declaration').set(as('hailin.admin')))
        .status,
    ).toBe(204);
  });

  it('refuses a diagram that does not compile, naming the element', async () => {
    const current = await ctx.http
      .get('/api/admin/counties/hailin/processes/target-declaration')
      .set(as('hailin.admin'));
    expect(current.body).toMatchObject({ processId: 'target-declaration', hasDraft: false, draft: null });
    const xml = current.body.xml.replace(
      '</bpmn:process>',
      '<bpmn:task id="plainTask" name="普通任务" /></bpmn:process>',
    );
    const res = await ctx.http
      .put('/api/admin/counties/hailin/processes/target-declaration')
      .set(as('hailin.admin'))
      .send({ xml });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'process', path: 'plainTask' })]),
    );
  });

  it('refuses to publish without drafts, and documents every admin route in OpenAPI', async () => {
    const res = await ctx.http.post('/api/admin/counties/hailin/publish').set(as('hailin.admin')).send({});
    expect(res.status).toBe(409);
    const openapi = await ctx.http.get('/api/openapi.json');
    const adminPaths = Object.keys(openapi.body.paths).filter((p) => p.startsWith('/api/admin'));
    expect(adminPaths).toEqual(
      expect.arrayContaining([
        '/api/admin/counties',
        '/api/admin/counties/{county}',
        '/api/admin/counties/{county}/manifest',
        '/api/admin/counties/{county}/forms/{formId}',
        '/api/admin/counties/{county}/processes/{processId}',
        '/api/admin/counties/{county}/problems',
        '/api/admin/counties/{county}/diff',
        '/api/admin/counties/{county}/publish',
        '/api/admin/counties/{county}/history',
        '/api/admin/counties/{county}/rollback',
      ]),
    );
  });
});
