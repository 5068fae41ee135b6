import { getValidateLocale } from '@formily/validator';

/** One entry of a field's options as Formily holds them (`enum` → `dataSource`). */
export interface DataSourceItem {
  label?: unknown;
  value?: unknown;
}

/**
 * Checks the browser gets for free from its widgets and Formily's validator never makes: a NumberPicker
 * cannot produce text and a Select cannot produce a value outside its options, but a hand-made request can.
 * Applied after Formily's own rules, to the fields Formily validates (visible and editable), identically on
 * both paths.
 */
export function checkWidgetValue(type: unknown, dataSource: unknown, value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const typeMessage = checkType(type, value);
  if (typeMessage) return [typeMessage];
  const options = Array.isArray(dataSource) ? (dataSource as DataSourceItem[]) : [];
  if (!options.length) return [];
  const allowed = options.map((option) => (typeof option === 'object' && option ? option.value : option));
  const chosen = Array.isArray(value) ? value : [value];
  if (chosen.every((item) => allowed.includes(item))) return [];
  const labels = options.map((option) =>
    String(typeof option === 'object' && option ? option.label : option),
  );
  return [String(getValidateLocale('enum')).replace(/\{\{\s*enum\s*\}\}/, labels.join('、'))];
}

function checkType(type: unknown, value: unknown): string | undefined {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : String(getValidateLocale('number'));
    case 'integer':
      return Number.isInteger(value) ? undefined : String(getValidateLocale('integer'));
    case 'string':
      return typeof value === 'string' ? undefined : '该字段应为文本';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : '该字段应为是或否';
    default:
      return undefined;
  }
}
