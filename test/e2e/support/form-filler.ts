import type { Locator, Page } from 'playwright-core';

export interface ColumnSchema {
  title?: string;
  'x-component'?: string;
  enum?: unknown[];
  type?: string;
}

/**
 * Chooses a Select's option with the keyboard, as a person may: the dropdown is a virtual list that renders
 * only the options in view, so the wanted one is reached by moving down until it is the active one.
 */
async function choose(page: Page, combobox: Locator, value: string): Promise<void> {
  await combobox.click({ force: true }); // the selected value's label lies over the input
  const active = page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active',
  );
  await active.first().waitFor();
  for (let i = 0; i < 60; i++) {
    if ((await active.first().getAttribute('title')) === value) {
      await combobox.press('Enter');
      return;
    }
    await combobox.press('ArrowDown');
  }
  throw new Error(`选项「${value}」不在下拉列表中`);
}

/** Sets one widget the way a person does: typing into inputs, choosing from a Select's dropdown. */
export async function setCell(
  page: Page,
  scope: Locator,
  column: ColumnSchema,
  value: unknown,
): Promise<void> {
  const title = String(column.title);
  // antd repeats a Select's aria-label on its wrapper; the combobox is what a person (and a reader) uses.
  const select = column['x-component'] === 'Select';
  const input = select
    ? scope.getByRole('combobox', { name: title, exact: true })
    : scope.getByLabel(title, { exact: true });
  if ((await input.count()) === 0) return; // hidden by a reaction (e.g. 度量单位 of a 定性 indicator)
  await input.scrollIntoViewIfNeeded();
  if (select) await choose(page, input, String(value));
  else await input.fill(String(value));
}
