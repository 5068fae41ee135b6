import type { Locator, Page } from 'playwright-core';

export interface ColumnSchema {
  title?: string;
  'x-component'?: string;
  enum?: unknown[];
  type?: string;
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
  const input =
    column['x-component'] === 'Select'
      ? scope.getByRole('combobox', { name: title, exact: true })
      : scope.getByLabel(title, { exact: true });
  if ((await input.count()) === 0) return; // hidden by a reaction (e.g. 度量单位 of a 定性 indicator)
  await input.scrollIntoViewIfNeeded();
  if (column['x-component'] === 'Select') {
    await input.click({ force: true }); // the selected value's label lies over the input
    const option = page.locator(
      `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${String(value)}"]`,
    );
    await option.first().click();
    return;
  }
  await input.fill(String(value));
}
