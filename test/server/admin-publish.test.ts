import { deployRepository } from '../../server/src/bootstrap';
import { createTestContext, type TestContext } from '../helpers/app';

/**
 * Publishing from the studio reaches new work only: instances started before keep the form and route
 * they pinned, other counties see nothing, a restart does not revert it, and a rollback is a new version.
 */
const COUNTY = 'heilongjiang-city';
const DEPARTMENT = `${COUNTY}.jiaoyu`;
const STEP_NAME = '工作室加审';

let ctx: TestContext;
const tokens: Record<string, string> = {};
const as = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
let example: Record<string, unknown>;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const user of ['admin', `${COUNTY}.admin`, DEPARTMENT, 'hailin.jiaoyu'])
    tokens[user] = await ctx.login(user);
  const res = await ctx.http.get(`/api/forms/target-declaration/example?county=${COUNTY}`).set(as('admin'));
  example = res.body.data;
});
afterAll(() => ctx.close());

let seq = 0;
/** A new project of the department with its 绩效目标 stage started; the instance and its first task. */
async function startDeclaration(user = DEPARTMENT) {
  const county = user.split('.')[0];
  const project = await ctx.http
    .post('/api/projects')
    .set(as(user))
    .send({
      county,
      name: `工作室测试项目${++seq}`,
      amount: 100,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
  expect(project.status).toBe(201);
  const started = await ctx.http
    .post(`/api/projects/${project.body.id}/stages/target-declaration/start`)
    .set(as(user))
    .send({});
  expect(started.status).toBe(201);
  const inbox = await ctx.http.get('/api/tasks?status=open').set(as(user));
  const task = inbox.body.items.find((t: { projectId: string }) => t.projectId === project.body.id);
  return { instanceId: started.body.instanceId as string, taskId: task.id as string };
}

async function taskForm(taskId: string, user = DEPARTMENT) {
  const res = await ctx.http.get(`/api/tasks/${taskId}`).set(as(user));
  expect(res.status).toBe(200);
  return res.body.form as { version: number; schema: { properties: Record<string, unknown> } };
}

async function activeTaskNames(instanceId: string): Promise<string[]> {
  const res = await ctx.http.get(`/api/instances/${instanceId}`).set(as('admin'));
  return res.body.activeTasks.map((t: { name: string }) => t.name);
}

function complete(taskId: string, data: Record<string, unknown>) {
  return ctx.http.post(`/api/tasks/${taskId}/complete`).set(as(DEPARTMENT)).send({ outcome: 'submit', data });
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/**
 * The county's diagram with one more user task right after the department's first submission: that
 * task's outgoing flow now leads to the new step, which leads on to where the flow went. The step is
 * handled by the roles of the diagram's first review task.
 */
function insertStep(xml: string): string {
  const tasks = [...xml.matchAll(/<bpmn:userTask\b[^>]*>/g)].map((m) => attributes(m[0]));
  const submit = tasks.find((t) => /(^|,)submit:/.test(t['pm:outcomes'] ?? ''))!;
  const review = tasks.find((t) => !/(^|,)submit:/.test(t['pm:outcomes'] ?? ''))!;
  const flows = [...xml.matchAll(/<bpmn:sequenceFlow\b[^>]*>/g)].map((m) => ({
    tag: m[0],
    ...attributes(m[0]),
  }));
  const out = flows.find((f) => f.sourceRef === submit.id)!;
  const step =
    `<bpmn:userTask id="studioStep" name="${STEP_NAME}" pm:candidateRoles="${review['pm:candidateRoles']}" ` +
    `pm:form="${submit['pm:form']}" pm:outcomes="approve:同意" />` +
    `<bpmn:sequenceFlow id="f_studio_step" sourceRef="studioStep" targetRef="${out.targetRef}" />`;
  return xml
    .replace(out.tag, out.tag.replace(`targetRef="${out.targetRef}"`, 'targetRef="studioStep"'))
    .replace('</bpmn:process>', `${step}</bpmn:process>`);
}

const admin = () => as(`${COUNTY}.admin`);
let before: { instanceId: string; taskId: string };
let oldFormVersion: number;

describe('publishing a form overlay that adds a required field', () => {
  it('shows and requires the field in tasks started after the publish only', async () => {
    before = await startDeclaration();
    oldFormVersion = (await taskForm(before.taskId)).version;

    const current = await ctx.http.get(`/api/admin/counties/${COUNTY}/forms/target-declaration`).set(admin());
    const form = current.body.resolved;
    form.schema.properties.contactPhone = {
      type: 'string',
      title: '项目联系人电话',
      required: true,
      'x-decorator': 'FormItem',
      'x-component': 'Input',
    };
    const saved = await ctx.http
      .put(`/api/admin/counties/${COUNTY}/forms/target-declaration`)
      .set(admin())
      .send({ form });
    expect(saved.status).toBe(200);
    const draft = await ctx.http.get(`/api/admin/counties/${COUNTY}/forms/target-declaration`).set(admin());
    // Only the difference from the base is stored.
    expect(draft.body.draft.patch.schema.properties.contactPhone.title).toBe('项目联系人电话');
    expect(Object.keys(draft.body.draft.patch.schema.properties)).toContain('contactPhone');
    expect(draft.body.resolved.schema.properties.contactPhone.required).toBe(true);

    const published = await ctx.http.post(`/api/admin/counties/${COUNTY}/publish`).set(admin()).send({});
    expect(published.status).toBe(200);
    expect(published.body.created).toEqual([
      { kind: 'form', county: COUNTY, artifactId: 'target-declaration', version: oldFormVersion + 1 },
    ]);
    expect(published.body.publication).toEqual(expect.any(Number));
    const after = await ctx.http.get(`/api/admin/counties/${COUNTY}`).set(admin());
    expect(after.body.drafts).toEqual([]);

    const fresh = await startDeclaration();
    const newForm = await taskForm(fresh.taskId);
    expect(newForm.version).toBe(oldFormVersion + 1);
    expect(newForm.schema.properties.contactPhone).toMatchObject({ title: '项目联系人电话', required: true });
    const missing = await complete(fresh.taskId, example);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('contactPhone');
    expect((await complete(fresh.taskId, { ...example, contactPhone: '0451-12345678' })).status).toBe(200);
  });

  it('keeps the old form for a task of an instance started before', async () => {
    const form = await taskForm(before.taskId);
    expect(form.version).toBe(oldFormVersion);
    expect(form.schema.properties.contactPhone).toBeUndefined();
    expect((await complete(before.taskId, example)).status).toBe(200);
  });
});

describe('publishing a process that inserts an approval step', () => {
  let running: { instanceId: string; taskId: string };

  it('routes new instances through the new step and leaves running ones on their route', async () => {
    running = await startDeclaration();
    const current = await ctx.http
      .get(`/api/admin/counties/${COUNTY}/processes/target-declaration`)
      .set(admin());
    const saved = await ctx.http
      .put(`/api/admin/counties/${COUNTY}/processes/target-declaration`)
      .set(admin())
      .send({ xml: insertStep(current.body.xml) });
    expect(saved.status).toBe(200);
    const published = await ctx.http.post(`/api/admin/counties/${COUNTY}/publish`).set(admin()).send({});
    expect(published.status).toBe(200);
    expect(published.body.created.map((c: { kind: string }) => c.kind)).toEqual(['process']);

    const fresh = await startDeclaration();
    expect((await complete(fresh.taskId, { ...example, contactPhone: '0451-1' })).status).toBe(200);
    expect(await activeTaskNames(fresh.instanceId)).toEqual([STEP_NAME]);

    expect((await complete(running.taskId, { ...example, contactPhone: '0451-2' })).status).toBe(200);
    const oldRoute = await activeTaskNames(running.instanceId);
    expect(oldRoute.length).toBeGreaterThan(0);
    expect(oldRoute).not.toContain(STEP_NAME);
    // Started before both publishes: the old form, and the old route.
    expect(await activeTaskNames(before.instanceId)).toEqual(oldRoute);
  });

  it('refuses a diagram with problems, naming the element', async () => {
    const current = await ctx.http
      .get(`/api/admin/counties/${COUNTY}/processes/target-declaration`)
      .set(admin());
    const xml = current.body.xml.replace(
      /(id="studioStep"[^>]*pm:candidateRoles=")[^"]*"/,
      '$1no-such-role"',
    );
    const res = await ctx.http
      .put(`/api/admin/counties/${COUNTY}/processes/target-declaration`)
      .set(admin())
      .send({ xml });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'process', path: 'studioStep' })]),
    );
  });

  it('changes nothing in another county', async () => {
    const history = await ctx.http.get('/api/admin/counties/hailin/history').set(as('admin'));
    for (const artifact of history.body.artifacts)
      expect([artifact.artifactId, artifact.versions.map((v: { source: string }) => v.source)]).toEqual([
        artifact.artifactId,
        ['repository'],
      ]);
    const other = await startDeclaration('hailin.jiaoyu');
    expect((await taskForm(other.taskId, 'hailin.jiaoyu')).schema.properties.contactPhone).toBeUndefined();
  });
});

describe('restart and rollback', () => {
  it('deploying the repository again keeps the studio versions', async () => {
    const again = await deployRepository(ctx.db, ctx.config);
    expect(again.report.conflicts).toEqual([]);
    expect(again.report.keptStudio).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ county: COUNTY, kind: 'form', artifactId: 'target-declaration' }),
        expect.objectContaining({ county: COUNTY, kind: 'process', artifactId: 'target-declaration' }),
      ]),
    );
    const fresh = await startDeclaration();
    expect((await taskForm(fresh.taskId)).schema.properties.contactPhone).toBeDefined();
    expect((await complete(fresh.taskId, { ...example, contactPhone: '0451-3' })).status).toBe(200);
    expect(await activeTaskNames(fresh.instanceId)).toEqual([STEP_NAME]);
  });

  it('rolls a form back as a new version with the old content', async () => {
    const res = await ctx.http
      .post(`/api/admin/counties/${COUNTY}/rollback`)
      .set(admin())
      .send({ kind: 'form', artifactId: 'target-declaration', version: oldFormVersion });
    expect(res.status).toBe(200);
    const restored = oldFormVersion + 2;
    expect(res.body.created).toEqual([
      { kind: 'form', county: COUNTY, artifactId: 'target-declaration', version: restored },
    ]);
    const fresh = await startDeclaration();
    const form = await taskForm(fresh.taskId);
    expect(form.version).toBe(restored);
    expect(form.schema.properties.contactPhone).toBeUndefined();

    const history = await ctx.http
      .get(`/api/admin/counties/${COUNTY}/history?kind=form&artifactId=target-declaration`)
      .set(admin());
    expect(history.body.artifacts[0].versions.slice(0, 3)).toEqual([
      expect.objectContaining({ version: restored, source: 'studio', note: `恢复第 ${oldFormVersion} 版` }),
      expect.objectContaining({
        version: oldFormVersion + 1,
        source: 'studio',
        createdBy: `${COUNTY}.admin`,
      }),
      expect.objectContaining({ version: oldFormVersion, source: 'repository' }),
    ]);
    expect(history.body.publications[0]).toMatchObject({ action: 'rollback', actor: `${COUNTY}.admin` });

    const twice = await ctx.http
      .post(`/api/admin/counties/${COUNTY}/rollback`)
      .set(admin())
      .send({ kind: 'form', artifactId: 'target-declaration', version: oldFormVersion });
    expect(twice.status).toBe(409);
  });
});
