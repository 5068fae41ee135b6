import { compileProcess, outlineProcess, summarizeProcess } from '@pm/engine';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { webSession } from './support/session';

/**
 * The studio in a real browser against the built product and its /api/admin: jinan-shizhong's admin adds a
 * required field to 绩效运行监控表 in the designer, inserts a 分管领导审批 step after the finance review in the
 * modeler, and publishes. A monitoring instance started afterwards shows the field and runs the extra step;
 * one started before keeps its route; hailin is unchanged. Screenshots: test/e2e/screenshots/studio-*.png.
 */
jest.setTimeout(300_000);

const COUNTY = 'jinan-shizhong';
const ADMIN = `${COUNTY}.admin`;
const FIELD_TITLE = '分管领导意见';
const FIELD_KEY = 'leaderOpinion';
const STEP_NAME = '分管领导审批';

const e2e = webSession('pm-e2e-studio-');

const userPage = (username = ADMIN) => e2e.userPage(username);

interface InstanceView {
  status: string;
  activeTasks: { taskId: string; name: string; candidates: { username: string }[] }[];
}
type Json = Record<string, unknown>;

const instance = (id: string) => e2e.api.call<InstanceView>('admin', 'GET', `/instances/${id}`);

/** A monitoring round of a new project: the department's project, started by the county's finance section. */
async function startMonitoring(county: string, department: string, starter: string): Promise<string> {
  const project = await e2e.api.call<{ id: string }>(`${county}.${department}`, 'POST', '/projects', {
    county,
    name: `配置工作台测试项目 ${Date.now() % 100000}`,
    amount: 300,
    year: 2026,
    category: 'new',
    kind: 'project',
  });
  const started = await e2e.api.call<{ instanceId: string }>(
    `${county}.${starter}`,
    'POST',
    `/projects/${project.id}/stages/monitoring/start`,
    { round: '2026年上半年' },
  );
  return started.instanceId;
}

/** Completes the instance's open task of that name as `username`. */
async function complete(
  username: string,
  id: string,
  name: string,
  outcome: string,
  data?: Json,
): Promise<void> {
  const task = (await instance(id)).activeTasks.find((t) => t.name === name);
  if (!task)
    throw new Error(
      `no open 「${name}」: ${JSON.stringify((await instance(id)).activeTasks.map((t) => t.name))}`,
    );
  await e2e.api.call(username, 'POST', `/tasks/${task.taskId}/complete`, {
    outcome,
    ...(data ? { data } : {}),
  });
}

async function example(county: string): Promise<Json> {
  return (
    await e2e.api.call<{ data: Json }>(`${county}.admin`, 'GET', `/forms/monitoring/example?county=${county}`)
  ).data;
}

/** A pointer drag the way a person does it (dnd-kit and diagram-js both start after a few pixels). */
async function drag(page: Page, from: Locator, to: { x: number; y: number }): Promise<void> {
  const box = (await from.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 12, box.y + box.height / 2 + 4, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('配置工作台 (jinan-shizhong admin)', () => {
  it('shows the studio to the county admin only, listing only their county', async () => {
    const page = await userPage();
    await page.getByRole('link', { name: '配置工作台' }).click();
    await page.waitForURL('**/studio');
    await page.getByRole('link', { name: '济南市市中区' }).waitFor();
    await expect(page.getByRole('link', { name: '海林市' }).count()).resolves.toBe(0);
    await page.context().close();

    const clerk = await userPage(`${COUNTY}.caizheng`);
    await expect(clerk.getByRole('link', { name: '配置工作台' }).count()).resolves.toBe(0);
    await clerk.goto('/studio/jinan-shizhong');
    await clerk.getByText('无权访问配置工作台').waitFor();
    await clerk.context().close();
  });

  let before: string;
  let hailin: string;
  it('has monitoring rounds running before the change (jinan-shizhong and hailin)', async () => {
    before = await startMonitoring(COUNTY, 'jiaoyu', 'caizheng');
    hailin = await startMonitoring('hailin', 'jiaoyu', 'yewu');
    expect((await instance(before)).activeTasks.map((t) => t.name)).toEqual(['填报绩效运行监控表']);
  });

  it('adds a required field to 绩效运行监控表 in the designer and saves the whole form', async () => {
    const page = await userPage();
    await page.goto(`/studio/${COUNTY}`);
    await page.getByRole('link', { name: '绩效运行监控表' }).click();
    await page.waitForURL(`**/studio/${COUNTY}/forms/monitoring`);
    const canvas = page.getByLabel('表单画布');
    const last = canvas.getByRole('button', { name: /^纠偏措施及整改安排/ });
    await last.waitFor();

    // Drag 多行文本 from the palette onto the last field: it lands right before it.
    await last.scrollIntoViewIfNeeded();
    await drag(page, page.getByRole('button', { name: '添加多行文本' }), await centre(last));
    const added = canvas.getByRole('button', { name: /^多行文本（多行文本）/ });
    await added.waitFor();
    await expect(added.getAttribute('aria-pressed')).resolves.toBe('true');

    const properties = page.getByRole('complementary', { name: '属性' });
    await properties.getByLabel('标题').fill(FIELD_TITLE);
    await properties.getByLabel('标题').press('Enter');
    await properties.getByLabel('字段名').fill(FIELD_KEY);
    await properties.getByLabel('字段名').press('Enter');
    await properties.getByLabel('必填').click();
    await properties.getByLabel('占位提示').fill('请填写分管领导的意见');
    await properties.getByLabel('占位提示').press('Enter');
    const field = canvas.getByRole('button', { name: `${FIELD_TITLE}（多行文本）` });
    await field.getByText('必填', { exact: true }).waitFor();
    await field.getByText('本县新增').waitFor();

    // Undo takes back the last edit, redo restores it.
    await page.getByRole('button', { name: /^撤\s*销$/ }).click();
    await expect(properties.getByLabel('占位提示').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: /^重\s*做$/ }).click();
    await expect(properties.getByLabel('占位提示').inputValue()).resolves.toBe('请填写分管领导的意见');
    await screenshot(page, 'studio-01-designer');

    // The live preview is the product's renderer with the example record.
    await page.getByRole('tab', { name: '预览（示例数据）' }).click();
    await page.getByLabel(FIELD_TITLE).waitFor();
    await screenshot(page, 'studio-02-designer-preview');
    await page.getByRole('tab', { name: '对照基础表单' }).click();
    await page.getByText(`新增「${FIELD_TITLE}」`).waitFor();
    await screenshot(page, 'studio-03-designer-side-by-side');
    await page.getByRole('tab', { name: /^JSON/ }).click();
    await page.getByText('检查通过').first().waitFor();

    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.getByText('已保存草稿').waitFor();
    const saved = await e2e.api.call<{ resolved: { schema: { properties: Json } }; draft: { patch: Json } }>(
      ADMIN,
      'GET',
      `/admin/counties/${COUNTY}/forms/monitoring`,
    );
    const fields = saved.resolved.schema.properties as Record<string, { 'x-index'?: number }>;
    const keys = Object.keys(fields);
    // The patch appends new fields; x-index keeps the field where it was dropped, as Formily orders them.
    const rendered = [...keys].sort(
      (a, b) => (fields[a]!['x-index'] ?? Infinity) - (fields[b]!['x-index'] ?? Infinity),
    );
    expect(rendered.indexOf(FIELD_KEY)).toBe(rendered.indexOf('measures') - 1);
    expect(saved.resolved.schema.properties[FIELD_KEY]).toEqual({
      type: 'string',
      title: FIELD_TITLE,
      maxLength: 2000,
      required: true,
      'x-decorator': 'FormItem',
      'x-component': 'Input.TextArea',
      'x-component-props': { placeholder: '请填写分管领导的意见' },
      'x-index': rendered.indexOf(FIELD_KEY),
    });
    // The county's own change (共性指标 预算到项目率) is still there: the studio sends the resolved form.
    expect(keys).toContain('allocationRate');
    await page.context().close();
  });

  it('inserts a 分管领导审批 step after the finance review in the modeler', async () => {
    const page = await userPage();
    await page.goto(`/studio/${COUNTY}/processes/monitoring`);
    const shape = (id: string) => page.locator(`.djs-shape[data-element-id="${id}"]`);
    await shape('end').waitFor();
    // Make room between the review's gateway and the end event, and put a user task there.
    const endAt = await centre(shape('end'));
    await drag(page, shape('end'), { x: endAt.x + 200, y: endAt.y });
    // Drop a user task on the 正常 flow (clear of its label): bpmn-js splits the flow around it.
    const gatewayAt = await centre(shape('decision'));
    const stepAt = { x: endAt.x + 200 - 130, y: gatewayAt.y };
    await page.locator('.djs-palette [data-action="create.user-task"]').click();
    await page.mouse.move(stepAt.x, stepAt.y + 60, { steps: 6 });
    await page.mouse.move(stepAt.x, stepAt.y, { steps: 4 });
    await page.mouse.click(stepAt.x, stepAt.y);
    const created = page.locator('.djs-shape[data-element-id^="Activity_"]');
    await created.waitFor();
    const stepId = (await created.getAttribute('data-element-id'))!;

    // The flow into the step kept its condition; a Java-style condition is refused with the engine's message.
    // The click that placed the task leaves diagram-js a click trap; the first click after it is swallowed.
    await page.mouse.click(stepAt.x, stepAt.y + 200);
    await page.locator('[data-element-id="f_ok_label"]').click({ force: true });
    const properties = page.getByLabel('节点属性');
    const conditionGroup = properties.locator('.bio-properties-panel-group-header', { hasText: '流转条件' });
    if (!(await conditionGroup.getAttribute('class'))?.includes('open')) await conditionGroup.click();
    const condition = properties.locator('#bio-properties-panel-pm-condition-expression');
    await expect(condition.inputValue()).resolves.toBe('outcome = "approve"');
    await condition.fill('outcome == "approve"');
    await properties.getByText('不能用“==”').waitFor();
    await condition.fill('outcome = "approve"');
    await page.waitForTimeout(400);
    await shape(stepId).click({ force: true });

    const panel = page.getByLabel('节点属性');
    await panel.getByText('用户任务').first().waitFor();
    for (const group of ['基本信息', '办理角色', '表单与时限', '办理结果（按钮）']) {
      const header = panel.locator('.bio-properties-panel-group-header', { hasText: group });
      if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
    }
    await panel.locator('#bio-properties-panel-name').fill(STEP_NAME);
    await panel.locator('#bio-properties-panel-pm-role-approver').check();
    await panel.locator('#bio-properties-panel-pm-form').selectOption('monitoring');
    await panel.locator('#bio-properties-panel-pm-due').fill('P5D');
    await panel.locator('#bio-properties-panel-pm-outcome-approve').check();
    await panel.locator('#bio-properties-panel-pm-due').press('Tab');
    await page.waitForTimeout(500); // the panel's inputs are debounced
    await screenshot(page, 'studio-04-modeler');

    // A bad condition is refused at the flow with the engine's FEEL message.
    await page
      .locator('[data-element-id="f_return"]')
      .click({ position: { x: 2, y: 2 }, force: true })
      .catch(() => undefined);

    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.getByText('已保存草稿').waitFor();
    const { xml } = await e2e.api.call<{ xml: string }>(
      ADMIN,
      'GET',
      `/admin/counties/${COUNTY}/processes/monitoring`,
    );
    const { definition, problems } = await compileProcess(xml);
    expect(problems).toEqual([]);
    const step = summarizeProcess(definition!).userTasks.find((t) => t.name === STEP_NAME);
    expect(step).toMatchObject({ candidateRoles: ['approver'], form: 'monitoring' });
    expect(
      outlineProcess(definition!)
        .tasks.map((t) => t.name)
        .slice(0, 3),
    ).toEqual(['填报绩效运行监控表', '区财政部门跟踪监控问效', STEP_NAME]);
    const approve = Object.values(definition!.flows).find((f) => f.target === step!.id)!;
    expect(approve.source).toBe('decision');
    expect(approve.condition).toBe('outcome = "approve"');
    await page.context().close();
  });

  it('shows the differences in words and side by side, and publishes', async () => {
    const page = await userPage();
    await page.goto(`/studio/${COUNTY}?tab=diff`);
    await page.getByText(`增加字段「${FIELD_TITLE}」`).waitFor();
    await page.getByText('左右对照').click();
    await page
      .getByRole('row', { name: new RegExp(`表单 绩效运行监控表 · .*${FIELD_TITLE}.* — .*${FIELD_TITLE}`) })
      .waitFor();
    await screenshot(page, 'studio-05-diff');
    await page.getByRole('tab', { name: '发布与历史' }).click();
    await page.getByLabel('发布说明').fill('监控表增加分管领导意见；增加分管领导审批');
    await page.getByRole('button', { name: /^发\s*布$/ }).click();
    await page.getByText(/已发布（第 \d+ 次发布）/).waitFor();
    await page.getByRole('cell', { name: '监控表增加分管领导意见；增加分管领导审批' }).waitFor();
    await page.getByRole('cell', { name: ADMIN }).first().waitFor();
    await screenshot(page, 'studio-06-history');
    await page.context().close();
  });

  it('runs the new field and step in a round started after publishing; the earlier round and hailin keep theirs', async () => {
    const after = await startMonitoring(COUNTY, 'jiaoyu', 'caizheng');
    const department = await userPage(`${COUNTY}.jiaoyu`);
    const fill = (await instance(after)).activeTasks[0]!;
    await department.goto(`/tasks/${fill.taskId}`);
    await department.getByLabel(FIELD_TITLE).scrollIntoViewIfNeeded();
    const top = async (label: string) =>
      (await department.getByLabel(label, { exact: true }).boundingBox())!.y;
    expect(await top('项目实施及资金管理情况')).toBeLessThan(await top(FIELD_TITLE));
    expect(await top(FIELD_TITLE)).toBeLessThan(await top('纠偏措施及整改安排'));
    await screenshot(department, 'studio-07-task-with-new-field');
    await department.context().close();

    const data = await example(COUNTY);
    const refused = await fetch(`${e2e.product.url}/api/tasks/${fill.taskId}/complete`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await e2e.api.token(`${COUNTY}.jiaoyu`)}`,
      },
      body: JSON.stringify({ outcome: 'submit', data }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain(FIELD_KEY);
    await complete(`${COUNTY}.jiaoyu`, after, '填报绩效运行监控表', 'submit', {
      ...data,
      [FIELD_KEY]: '同意，按序时进度推进',
    });
    await complete(`${COUNTY}.caizheng`, after, '区财政部门跟踪监控问效', 'approve');
    const leader = await instance(after);
    expect(leader.activeTasks.map((t) => [t.name, t.candidates.map((c) => c.username)])).toEqual([
      [STEP_NAME, [`${COUNTY}.caizheng`]],
    ]);
    await complete(`${COUNTY}.caizheng`, after, STEP_NAME, 'approve');
    expect((await instance(after)).status).toBe('completed');

    // Started before: the old form (no new field required) and the old route (approve ends the round).
    await complete(`${COUNTY}.jiaoyu`, before, '填报绩效运行监控表', 'submit', data);
    await complete(`${COUNTY}.caizheng`, before, '区财政部门跟踪监控问效', 'approve');
    expect((await instance(before)).status).toBe('completed');

    // hailin: neither the field nor the step.
    const hailinFill = (await instance(hailin)).activeTasks[0]!;
    const detail = await e2e.api.call<{ form: { schema: { properties: Json } } }>(
      'hailin.jiaoyu',
      'GET',
      `/tasks/${hailinFill.taskId}`,
    );
    expect(Object.keys(detail.form.schema.properties)).not.toContain(FIELD_KEY);
    const fresh = await startMonitoring('hailin', 'jiaoyu', 'yewu');
    const freshFill = (await instance(fresh)).activeTasks[0]!;
    const freshDetail = await e2e.api.call<{ form: { schema: { properties: Json } } }>(
      'hailin.jiaoyu',
      'GET',
      `/tasks/${freshFill.taskId}`,
    );
    expect(Object.keys(freshDetail.form.schema.properties)).not.toContain(FIELD_KEY);
    const hailinProcess = await e2e.api.call<{ xml: string }>(
      'admin',
      'GET',
      '/admin/counties/hailin/processes/monitoring',
    );
    expect(hailinProcess.xml).not.toContain(STEP_NAME);
  });

  it('edits settings in a form, and lets the superadmin create a county by copying another', async () => {
    const page = await userPage();
    await page.goto(`/studio/${COUNTY}?tab=settings`);
    await page.getByText('办理角色由哪些单位承担').waitFor();
    await page.getByRole('combobox', { name: '批复的承担单位' }).waitFor();
    await screenshot(page, 'studio-08-settings', true);
    await page.context().close();

    const superadmin = await userPage('admin');
    await superadmin.goto('/studio');
    await superadmin.getByRole('button', { name: '新建县区' }).click();
    const dialog = superadmin.getByRole('dialog', { name: '新建县区' });
    await dialog.getByLabel('县区名称').fill('测试县');
    await dialog.getByLabel('县区标识').fill('ceshi');
    await dialog.getByText('复制已有县区').click();
    await dialog.getByLabel('复制的县区').click();
    await superadmin.locator('.ant-select-item-option[title="海林市"]').click();
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await superadmin.waitForURL('**/studio/ceshi');
    await superadmin
      .getByRole('heading', { name: '测试县' })
      .or(superadmin.getByText('测试县').first())
      .first()
      .waitFor();
    await superadmin.goto('/studio');
    await superadmin.getByRole('row', { name: /测试县.*尚未发布/ }).waitFor();
    await superadmin.context().close();
  });

  it('restores the earlier process: a round started then runs without the extra step', async () => {
    const page = await userPage();
    await page.goto(`/studio/${COUNTY}?tab=publish`);
    await page
      .getByRole('row', { name: /^流程 monitoring 第 1 版/ })
      .getByRole('button', { name: '恢复此版' })
      .click();
    await page.getByRole('button', { name: /^恢\s*复$/ }).click();
    await page.getByText('已恢复流程「monitoring」第 1 版的内容').waitFor();
    await page.getByRole('row', { name: /^流程 monitoring 第 3 版/ }).waitFor();
    await page.context().close();

    const id = await startMonitoring(COUNTY, 'jiaoyu', 'caizheng');
    await complete(`${COUNTY}.jiaoyu`, id, '填报绩效运行监控表', 'submit', {
      ...(await example(COUNTY)),
      [FIELD_KEY]: '同意',
    });
    await complete(`${COUNTY}.caizheng`, id, '区财政部门跟踪监控问效', 'approve');
    expect((await instance(id)).status).toBe('completed');
  });

  it('discards a form draft and shows the published form again', async () => {
    const page = await userPage();
    await page.goto(`/studio/${COUNTY}/forms/monitoring`);
    const canvas = page.getByLabel('表单画布');
    await canvas.getByRole('button', { name: /^项目名称/ }).click();
    await page.getByRole('button', { name: '添加单行文本' }).click();
    await canvas.getByRole('button', { name: /^单行文本（单行文本）/ }).waitFor();
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.getByText('已保存草稿').waitFor();
    await page.getByRole('button', { name: '放弃草稿' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: '放弃草稿' }).click();
    await page.getByText('已放弃草稿，恢复为已发布的内容').waitFor();
    await canvas.getByRole('button', { name: `${FIELD_TITLE}（多行文本）` }).waitFor();
    await expect(canvas.getByRole('button', { name: /^单行文本（单行文本）/ }).count()).resolves.toBe(0);
    const form = await e2e.api.call<{ hasDraft: boolean }>(
      ADMIN,
      'GET',
      `/admin/counties/${COUNTY}/forms/monitoring`,
    );
    expect(form.hasDraft).toBe(false);
    await page.context().close();
  });
});
