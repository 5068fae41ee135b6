import type { Page } from 'playwright-core';
import { login, screenshot } from './support/browser';
import { setCell, type ColumnSchema } from './support/form-filler';
import { webSession } from './support/session';

/**
 * The whole 绩效目标 route of heilongjiang-city in a real browser against the built product: the department
 * fills the indicator table and submits, 业务股室 returns it with a comment, the department sees the comment
 * and resubmits, every following reviewer approves (whoever GET /api/instances/:id names), and the project
 * page shows 已批复. Screenshots of each key page go to test/e2e/screenshots/.
 */
jest.setTimeout(300_000);

const COUNTY = 'heilongjiang-city';
const DEPARTMENT = `${COUNTY}.jiaoyu`;
const FIRST_REVIEWER = `${COUNTY}.yewu`;

const e2e = webSession('pm-e2e-');

interface Instance {
  status: string;
  activeTasks: { taskId: string; name: string; candidates: { username: string }[] }[];
}

const userPage = (username: string) => e2e.userPage(username);

async function openTaskFromInbox(page: Page, projectName: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: projectName }).first().click();
  await page.waitForURL(/\/tasks\/[0-9a-f]{24}$/);
  await page.locator('.pm-task-head').waitFor();
}

async function clickOutcome(page: Page, label: RegExp): Promise<void> {
  // The outcome buttons only: the approval operations beside them (退回到已办环节, 转办 ...) are not outcomes.
  await page
    .locator('button[data-outcome]')
    .and(page.getByRole('button', { name: label }))
    .click();
}

/** Waits for the return to the inbox after completing a task; if an error shows instead, says which. */
async function backToInbox(page: Page, name: string): Promise<void> {
  const error = page.locator('.ant-message-error').first();
  const result = await Promise.race([
    page.waitForURL((url) => url.pathname === '/').then(() => undefined),
    error.waitFor().then(() => error.innerText()),
  ]).catch((err: Error) => err.message);
  if (result === undefined) return;
  await screenshot(page, `failed-${name}`, true);
  const shown = await page
    .locator('.pm-cell__error, .ant-formily-item-error-help, .ant-alert-message, .ant-alert-description')
    .allInnerTexts();
  throw new Error(`办理后没有回到待办（${name}）：${result}；页面上的提示：${shown.join(' | ') || '无'}`);
}

describe('绩效目标 in the browser (heilongjiang-city)', () => {
  const projectName = `义务教育薄弱环节改善项目（端到端 ${Date.now() % 100000}）`;
  let projectId: string;
  let instanceId: string;
  let example: Record<string, unknown> & { indicators: Record<string, unknown>[] };
  let columns: Record<string, ColumnSchema>;

  it('lets the department log in, create a project and start 绩效目标 from the project page', async () => {
    const page = await userPage(DEPARTMENT);
    await screenshot(page, '01-inbox-department');
    await page.getByRole('link', { name: '我的项目' }).click();
    await page.getByRole('button', { name: '新建项目' }).click();
    const dialog = page.getByRole('dialog', { name: '新建项目' });
    await dialog.getByLabel('项目名称').fill(projectName);
    await dialog.getByLabel('项目金额（万元）').fill('380');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/projects\/[0-9a-f]{24}$/);
    projectId = page.url().split('/').pop()!;
    await page.getByRole('button', { name: '发起绩效目标申报' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /发\s*起/ })
      .click();
    await page.getByText('已发起绩效目标申报').waitFor();
    await screenshot(page, '02-project-started');
    await page.context().close();

    const project = await e2e.api.call<{ stages: { id: string; instances: { id: string }[] }[] }>(
      DEPARTMENT,
      'GET',
      `/projects/${projectId}`,
    );
    instanceId = project.stages.find((s) => s.id === 'target-declaration')!.instances[0]!.id;
    const instance = await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`);
    expect(instance.activeTasks.map((t) => t.candidates.map((c) => c.username))).toEqual([[DEPARTMENT]]);
  });

  it('fills the indicator table, shows errors at the cells, and submits', async () => {
    const { data } = await e2e.api.call<{ data: typeof example }>(
      DEPARTMENT,
      'GET',
      `/forms/target-declaration/example?county=${COUNTY}`,
    );
    example = data;
    const instance = await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`);
    const taskId = instance.activeTasks[0]!.taskId;
    const detail = await e2e.api.call<{
      form: {
        schema: { properties: { indicators: { items: { properties: Record<string, ColumnSchema> } } } };
      };
    }>(DEPARTMENT, 'GET', `/tasks/${taskId}`);
    columns = detail.form.schema.properties.indicators.items.properties;
    // The header was filled in an earlier sitting and saved as a draft; the indicators are typed now.
    const { indicators: _rows, ...header } = example;
    await e2e.api.call(DEPARTMENT, 'PUT', `/tasks/${taskId}/draft`, { data: { ...header, indicators: [] } });

    const page = await userPage(DEPARTMENT);
    await openTaskFromInbox(page, projectName);
    const table = page.getByRole('group', { name: '绩效指标' });

    // An empty row is refused at its cells before anything is sent.
    await table.getByRole('button', { name: '添加指标' }).click();
    await clickOutcome(page, /提交/);
    await page.getByText('表单填写有误，请按提示修改').waitFor();
    await table.locator('.pm-cell__error').first().waitFor();
    await screenshot(page, '03-indicator-errors');

    const level1Order = (columns.level1?.enum ?? []) as string[];
    const rows = [...example.indicators].sort(
      (a, b) => level1Order.indexOf(String(a.level1)) - level1Order.indexOf(String(b.level1)),
    );
    const order = ['level1', ...Object.keys(columns).filter((c) => c !== 'level1')];
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) await table.getByRole('button', { name: '添加指标' }).click();
      const row = table.getByRole('row', { name: `第 ${i + 1} 行指标` });
      await row.waitFor();
      for (const name of order) {
        const value = rows[i]![name];
        if (value === undefined || value === null || value === '') continue;
        await setCell(page, table.getByRole('row', { name: `第 ${i + 1} 行指标` }), columns[name]!, value);
      }
    }
    await expect(table.getByText(`共 ${rows.length} 条指标`).isVisible()).resolves.toBe(true);
    await screenshot(page, '04-indicators-filled');
    // 佐证材料 go up with the declaration (GridFS through the API).
    await page.getByRole('tab', { name: '附件' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: '测算依据.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n'),
    });
    await page.getByText('已上传「测算依据.pdf」').waitFor();
    await page.getByRole('button', { name: '下载 测算依据.pdf' }).waitFor();
    await page.getByRole('tab', { name: /表/ }).first().click();
    await clickOutcome(page, /提交/);
    await backToInbox(page, 'submit');
    await page.context().close();

    const after = await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`);
    expect(after.activeTasks.map((t) => t.candidates.map((c) => c.username))).toEqual([[FIRST_REVIEWER]]);
  });

  it('has 业务股室 return it with a required comment, surviving an expired login on the way', async () => {
    const page = await userPage(FIRST_REVIEWER);
    await openTaskFromInbox(page, projectName);
    const taskUrl = page.url();
    await screenshot(page, '05-review-readonly');

    // The login ends behind the page's back (revoked): the next request returns to login and then here.
    const token = await page.evaluate(
      () => JSON.parse(localStorage.getItem('pm.session') ?? '{}').token as string,
    );
    await fetch(`${e2e.product.url}/api/auth/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    await page.reload();
    await page.waitForURL(/\/login\?next=/);
    // The server says why the session ended: it was logged out elsewhere.
    await page.getByText('您已退出登录，请重新登录').waitFor();
    await screenshot(page, '06-session-ended');
    await login(page, FIRST_REVIEWER);
    expect(page.url()).toBe(taskUrl);

    await page.getByRole('tab', { name: '流程图' }).click();
    await page.locator('.pm-diagram .djs-element.pm-active').first().waitFor();
    await screenshot(page, '07-process-diagram');
    await page.getByRole('tab', { name: '附件' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 测算依据.pdf' }).click();
    expect((await download).suggestedFilename()).toBe('测算依据.pdf');
    await page.getByRole('tab', { name: /表/ }).first().click();

    await clickOutcome(page, /退回/);
    await page
      .getByText(/时必须填写理由或修改意见/)
      .first()
      .waitFor();
    await page.getByLabel('审核意见').fill('满意度指标值偏低，请按不低于95%重新测算');
    await page.getByRole('checkbox', { name: /可行性/ }).check();
    await screenshot(page, '08-return-with-comment');
    await clickOutcome(page, /退回/);
    await backToInbox(page, 'return');
    await page.context().close();
  });

  it('shows the department the comment, and takes the resubmission', async () => {
    const page = await userPage(DEPARTMENT);
    await openTaskFromInbox(page, projectName);
    await page.getByTestId('history-comment').filter({ hasText: '满意度指标值偏低' }).waitFor();
    await page.getByRole('alert').filter({ hasText: '满意度指标值偏低' }).first().waitFor();
    await screenshot(page, '09-returned-with-comment');
    await page.getByLabel('年度总体目标').fill(`${String(example.overallGoal ?? '')}（已按初审意见修改）`);
    // Leaving before the draft is saved asks first; staying keeps what was typed.
    await page.getByRole('link', { name: '已办' }).click();
    const leave = page.getByRole('dialog').filter({ hasText: '有尚未保存的修改' });
    await leave.getByRole('button', { name: '留在本页' }).click();
    await expect(page.getByLabel('年度总体目标').inputValue()).resolves.toContain('已按初审意见修改');
    expect(new URL(page.url()).pathname).toMatch(/^\/tasks\//);
    await clickOutcome(page, /提交/);
    await backToInbox(page, 'resubmit');
    await page.context().close();
  });

  it('passes every following review as the instance names it, and the project shows 已批复', async () => {
    const seen: string[] = [];
    for (let step = 0; step < 10; step++) {
      const instance = await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`);
      if (instance.status !== 'active') break;
      if (instance.activeTasks.length === 0) {
        // Waiting for an external event (人代会批准): a finance section registers it on the instance page.
        const { waitingFor } = await e2e.api.call<{ waitingFor: { message: string }[] }>(
          DEPARTMENT,
          'GET',
          `/instances/${instanceId}/diagram`,
        );
        if (waitingFor.length === 0) throw new Error('流程既无待办也不在等待外部事项（可能在等待定时事件）');
        const finance = await userPage(`${COUNTY}.yusuan`);
        await finance.goto(`/instances/${instanceId}`);
        const message = waitingFor[0]!.message;
        await finance.getByRole('button', { name: `登记「${message}」` }).click();
        await screenshot(finance, `10-message-${step + 1}`);
        await finance.getByRole('dialog').getByRole('button', { name: '确认登记' }).click();
        await finance.getByText(`已登记「${message}」`).waitFor();
        await finance.context().close();
        seen.push(`消息:${message}`);
        continue;
      }
      const task = instance.activeTasks[0]!;
      const reviewer = task.candidates[0]!.username;
      seen.push(`${task.name}:${reviewer}`);
      const page = await userPage(reviewer);
      await page.goto(`/tasks/${task.taskId}`);
      await page.locator('.pm-task-head').waitFor();
      for (const box of await page.getByRole('group', { name: '审核要点' }).getByRole('checkbox').all())
        await box.check();
      await screenshot(page, `10-review-${step + 1}`);
      // The outcome that moves forward: `approve` by convention of our processes (pm:outcomes).
      await page.locator('button[data-outcome="approve"]').click();
      await backToInbox(page, `approve-${step + 1}`);
      await page.context().close();
    }
    expect(seen[0]).toBe(`初审:${FIRST_REVIEWER}`);

    const page = await userPage(DEPARTMENT);
    await page.goto(`/projects/${projectId}`);
    await page.getByTestId('stage-label-target-declaration').filter({ hasText: '已批复' }).waitFor();
    await screenshot(page, '11-project-approved');
    await page.goto(`/instances/${instanceId}`);
    await page.locator('.pm-diagram .djs-element.pm-done').first().waitFor();
    await screenshot(page, '12-instance-history');
    await page.context().close();
  });

  it('shows the finance section the county’s submissions and the print view', async () => {
    const page = await userPage(`${COUNTY}.zonghe`);
    await page.getByRole('link', { name: '报送情况' }).click();
    await page.getByRole('link', { name: projectName }).waitFor();
    await screenshot(page, '13-finance-submissions');
    // 综合股 launches this year's monitoring round for the approved project, with its due date.
    await page.getByRole('link', { name: '发起监控' }).click();
    await page
      .getByRole('row', { name: new RegExp(projectName.replace(/[()（）]/g, '.')) })
      .getByRole('checkbox')
      .check();
    await page.getByLabel('轮次名称').fill('端到端半年监控');
    await page.getByLabel('报送截止日期').fill('2099-07-15');
    await page.getByLabel('报送截止日期').press('Enter');
    await page.getByRole('button', { name: /发起（已选 1 个项目）/ }).click();
    await page.getByText('共 1 个，已处理 1 个，成功 1 个，失败 0 个').waitFor();
    await screenshot(page, '14-finance-round');
    await page.getByRole('link', { name: '查看报送情况' }).click();
    await page.getByRole('combobox', { name: '轮次' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(projectName.replace(/[()（）]/g, '.')) });
    await row.getByText('待报送').waitFor();
    await screenshot(page, '14b-finance-round-submissions');
    const tasks = await e2e.api.call<{ items: { id: string; projectId: string }[] }>(
      FIRST_REVIEWER,
      'GET',
      '/tasks?status=completed',
    );
    const done = tasks.items.find((t) => t.projectId === projectId)!;
    const reviewer = await userPage(FIRST_REVIEWER);
    await reviewer.goto(`/tasks/${done.id}/print`);
    await reviewer.getByRole('button', { name: /打\s*印/ }).waitFor();
    await screenshot(reviewer, '15-print', true);
    await reviewer.context().close();
    await page.context().close();
  });
});
