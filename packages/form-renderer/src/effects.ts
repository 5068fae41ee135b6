import { isField, onFieldChange } from '@formily/core';

/**
 * Form effects every stage form needs (pass to `createForm({effects})`). A field hidden by a reaction (度量单位
 * of a 定性 indicator) is no longer validated, but Formily keeps the error it had while visible, and that
 * stale error would still block the submit: hiding a field clears its errors.
 */
export function stageFormEffects(): void {
  onFieldChange('*', ['display'], (field) => {
    if (isField(field) && field.display !== 'visible' && field.selfErrors.length > 0) field.selfErrors = [];
  });
}
