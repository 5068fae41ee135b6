import { formExpressions, formSettingsReferences } from '@pm/config/src/lint/expression-references';
import { toIssues } from '@pm/config/src/validation';
import { ExpressionError, compileExpression } from '@pm/form-core';
import validateFormDefinition from '../generated/form-definition-validator.js';
import type { NodePath } from './schema-types';

/** One problem of a designed form, located by JSON Pointer into the form file, as the CLI reports it. */
export interface FormProblem {
  rule: 'form-schema' | 'form-expression' | 'setting-defined';
  pointer: string;
  message: string;
}

export interface CheckOptions {
  /** The county's setting keys: `$settings.<key>` must name one (omitted: not checked). */
  settingKeys?: readonly string[];
}

/**
 * The checks `pm validate` runs on a form, in the browser: the form definition JSON Schema of @pm/config
 * (compiled ahead of time, same messages through its `toIssues`), every `{{ }}` expression through the
 * form-core compiler, and `$settings` references against the county's settings.
 */
export function checkForm(form: unknown, options: CheckOptions = {}): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!validateFormDefinition(form)) {
    for (const issue of toIssues(validateFormDefinition.errors))
      problems.push({ rule: 'form-schema', pointer: issue.path, message: issue.message });
  }
  for (const { pointer, source } of formExpressions(form)) {
    try {
      compileExpression(source);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      problems.push({ rule: 'form-expression', pointer, message: err.message });
    }
    if (options.settingKeys) {
      for (const key of formSettingsReferences(source))
        if (!options.settingKeys.includes(key))
          problems.push({
            rule: 'setting-defined',
            pointer,
            message: `表达式引用了本县区没有的参数 $settings.${key}`,
          });
    }
  }
  return problems;
}

/** The designer node a problem belongs to: `/schema/properties/a/items/properties/b/title` → [a, b]. */
export function problemNodePath(pointer: string): NodePath | undefined {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (keys[0] !== 'schema') return undefined;
  const path: string[] = [];
  let i = 1;
  while (i < keys.length) {
    if (keys[i] === 'properties' && i + 1 < keys.length) {
      path.push(keys[i + 1]);
      i += 2;
    } else if (keys[i] === 'items') i += 1;
    else break;
  }
  return path;
}
