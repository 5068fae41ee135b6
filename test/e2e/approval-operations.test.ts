import type { Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { webSession } from './support/session';

/**
 * Approval operations from the task page (heilongjiang-city 绩效目标): 业务股室 sees who gets the task
 * next and 转办 it to 预算股; 预算股 approves, then 撤回 from the completed task; reopened, it is
 * 退回到已办环节 straight to the department's 填报. Screenshots go to test/e2e/screenshots/.
 */
jest.setTimeout(300_000);

const COUNTY = 'heilongjiang-city';
const DEPARTMENT = `${COUNTY}.jiaoyu`;
const FIRST_REVIEWER = `${COUNTY}.yewu`;
const BUDGET = `${COUNTY}.yusuan`;

const e2e = webSession('pm-e2e-ops-');

interface Instance {
  activeTasks: { taskId: string; name: string; candidates: { username: string }[] }[];
}

const userPage = (username: string) => e2e.userPage(username);

async function backToInbox(page: Page, name: string): Promise<void> {
  const error = page.locator('.ant-message-error').first();
  const result = await Promise.race([
    page.waitForURL((url) => url.pathname === '/').then(() => undefined),
    error.waitFor().then(() => error.innerText()),
  ]).catch((err: Error) => err.message);
  if (result === undefined) return;
  await screenshot(page, `ops-failed-${name}`, true);
  throw new Error(`操作后没有回到待办（${name}）：${result}`);
}

describe('approval operations on the task page', () => {
  const projectName = `审批操作端到端项目（${Date.now() % 100000}）`;
  let instanceId: string;
  let reviewTaskId: string;

  /** Each open task of the instance with whoever holds it now (its assignee). */
  const holders = async () => {
    const instance = await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`);
    return Promise.all(
      instance.activeTasks.map(async (t) => {
        const holder = t.candidates[0]!.username;
        const detail = await e2e.api.call<{ task: { assignee: string | null } }>(
          holder,
          'GET',
          `/tasks/${t.taskId}`,
        );
        return [t.name, detail.task.assignee];
      }),
    );
  };

  it('业务股室 sees the next approvers and 转办 the review to 预算股', async () => {
    const project = await e2e.api.call<{ id: string }>(DEPARTMENT, 'POST', '/projects', {
      county: COUNTY,
      name: projectName,
      amount: 380,
      year: 2026,
      category: 'new',
      kind: 'project',
    });
    const started = await e2e.api.call<{ instanceId: string }>(
      DEPARTMENT,
      'POST',
      `/projects/${project.id}/stages/target-declaration/start`,
      {},
    );
    instanceId = started.instanceId;
    const { data } = await e2e.api.call<{ data: Record<string, unknown> }>(
      DEPARTMENT,
      'GET',
      `/forms/target-declaration/example?county=${COUNTY}`,
    );
    const declare = (await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`))
      .activeTasks[0]!;
    await e2e.api.call(DEPARTMENT, 'POST', `/tasks/${declare.taskId}/complete`, { outcome: 'submit', data });
    reviewTaskId = (await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`))
      .activeTasks[0]!.taskId;

    const page = await userPage(FIRST_REVIEWER);
    await page.goto(`/tasks/${reviewTaskId}`);
    await page
      .getByTestId('next-approvers')
      .getByText(/^提交后将由 .+办理$/)
      .waitFor();
    await page.getByRole('button', { name: /^转\s*办$/ }).click();
    const dialog = page.getByRole('dialog', { name: '转办' });
    await dialog.getByLabel('办理人（用户名）').fill(BUDGET);
    await dialog.getByLabel('意见').fill('请预算股代为初审');
    await screenshot(page, 'ops-01-transfer');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await backToInbox(page, 'transfer');
    await page.context().close();

    expect(await holders()).toEqual([['初审', BUDGET]]);
  });

  it('预算股 approves, then 撤回 from the completed task and gets the review back', async () => {
    const page = await userPage(BUDGET);
    await page.goto(`/tasks/${reviewTaskId}`);
    await page.getByRole('button', { name: '审核通过' }).click();
    await backToInbox(page, 'approve');
    await page.goto(`/tasks/${reviewTaskId}`);
    await page.getByRole('button', { name: /^撤\s*回$/ }).click();
    await backToInbox(page, 'withdraw');
    await screenshot(page, 'ops-02-withdrawn-inbox');
    await page.context().close();

    expect(await holders()).toEqual([['初审', BUDGET]]);
    reviewTaskId = (await e2e.api.call<Instance>(DEPARTMENT, 'GET', `/instances/${instanceId}`))
      .activeTasks[0]!.taskId;
  });

  it('预算股 returns it straight to the department’s 填报 (退回到已办环节)', async () => {
    const page = await userPage(BUDGET);
    await page.goto(`/tasks/${reviewTaskId}`);
    await page.getByRole('button', { name: '退回到已办环节' }).click();
    const dialog = page.getByRole('dialog', { name: '退回到已办环节' });
    await dialog.getByLabel('退回到').click();
    await page.locator('.ant-select-item-option', { hasText: '填报绩效目标' }).click();
    await dialog.getByLabel('意见').fill('请补充产出指标');
    await screenshot(page, 'ops-03-return');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await backToInbox(page, 'return');
    await page.context().close();

    expect(await holders()).toEqual([['填报绩效目标', DEPARTMENT]]);
  });
});
