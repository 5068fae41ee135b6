import type { FormDefinition } from '../form';
import { LIMIT_LABELS, formFields, type FormField } from './form-fields';
import type { DiffSide, FormDiff } from './types';

function options(field: FormField): string {
  return field.options && field.options.length > 0 ? field.options.join('、') : '无（自由填写）';
}

function diffForm(
  a: DiffSide,
  b: DiffSide,
  formId: string,
  left: FormDefinition,
  right: FormDefinition,
): FormDiff[] {
  const formTitle = right.title;
  const base = { topic: 'form' as const, formId, formTitle };
  const entries: FormDiff[] = [];
  if (left.title !== right.title) {
    entries.push({
      ...base,
      change: 'form-title',
      values: [left.title, right.title],
      sentence: `表单名称：${a.label} ${left.title}；${b.label} ${right.title}`,
    });
  }
  const leftFields = new Map(formFields(left).map((field) => [field.path, field]));
  const rightFields = new Map(formFields(right).map((field) => [field.path, field]));
  for (const [path, field] of rightFields) {
    if (leftFields.has(path)) continue;
    entries.push({
      ...base,
      change: 'field-added',
      field: path,
      fieldTitle: field.title,
      sentence: `${b.label} ${formTitle} 增加字段${field.title}`,
    });
  }
  for (const [path, field] of leftFields) {
    if (rightFields.has(path)) continue;
    entries.push({
      ...base,
      change: 'field-removed',
      field: path,
      fieldTitle: field.title,
      sentence: `${b.label} ${formTitle} 没有字段${field.title}（${a.label} 有）`,
    });
  }
  for (const [path, l] of leftFields) {
    const r = rightFields.get(path);
    if (!r) continue;
    const changed = (
      property: 'title' | 'required' | 'options' | 'limit',
      what: string,
      values: [string, string],
      keyword?: string,
    ): void => {
      entries.push({
        ...base,
        change: 'field-changed',
        field: path,
        fieldTitle: r.title,
        property,
        ...(keyword === undefined ? {} : { keyword }),
        values,
        sentence: `${formTitle}${what}：${a.label} ${values[0]}；${b.label} ${values[1]}`,
      });
    };
    if (l.title !== r.title) changed('title', ` 字段 ${path} 的名称`, [l.title, r.title]);
    if (l.required !== r.required)
      changed('required', r.title, [l.required ? '必填' : '选填', r.required ? '必填' : '选填']);
    if (options(l) !== options(r)) changed('options', `${r.title}的选项`, [options(l), options(r)]);
    for (const keyword of Object.keys(LIMIT_LABELS) as (keyof typeof LIMIT_LABELS)[]) {
      const values: [string, string] = [l.limits[keyword] ?? '无', r.limits[keyword] ?? '无'];
      if (values[0] !== values[1]) changed('limit', `${r.title}的${LIMIT_LABELS[keyword]}`, values, keyword);
    }
  }
  return entries;
}

export function diffForms(a: DiffSide, b: DiffSide): FormDiff[] {
  const entries: FormDiff[] = [];
  const ids = [...new Set([...a.forms.keys(), ...b.forms.keys()])].sort();
  for (const formId of ids) {
    const [left, right] = [a.forms.get(formId), b.forms.get(formId)];
    if (left && right) {
      entries.push(...diffForm(a, b, formId, left, right));
      continue;
    }
    const [has, lacks, form] = left ? [a, b, left] : [b, a, right as FormDefinition];
    entries.push({
      topic: 'form',
      formId,
      formTitle: form.title,
      change: 'form-only-in',
      side: left ? 'a' : 'b',
      sentence: `${has.label} 使用表单「${form.title}」，${lacks.label} 不使用`,
    });
  }
  return entries;
}
