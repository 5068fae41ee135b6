import { setValidateLanguage } from '@formily/core';
import { FormPath } from '@formily/shared';
import { registerSafeCompiler } from '../expression/register';
import { validateFast } from '../fast/validate-fast';
import { compileForm, type CompiledForm } from './compiled-form';
import { prepareSubmission, projectValues } from './prepare';
import { expressionScope } from './scope';
import { comparePageOrder, pageOrder, type ShapeNode } from './shape';
import type { FormDefinition, ValidateOptions, ValidationError, ValidationResult } from './types';
import { validatePlain } from './validate-plain';

/**
 * Validates a submitted record against its form the way the browser does — same schema, same Formily
 * rules, same reactions, through the same sandboxed compiler — and returns the values the server may store.
 */
export async function validateSubmission(
  form: FormDefinition,
  data: unknown,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  registerSafeCompiler();
  setValidateLanguage('zh-CN');
  const compiled = compileForm(form);
  const prepared = prepareSubmission(compiled.shape, data, compiled.valueTargets);
  const scope = expressionScope(options.scope);
  const readOnlyPaths = options.readOnlyPaths ?? [];

  let outcome: { errors: ValidationError[]; values: Record<string, unknown> } | undefined;
  let fallbackReason = fastPathRefusal(compiled, options);
  if (!fallbackReason) {
    const fast = await validateFast(compiled, prepared, scope);
    if (fast.supported) outcome = fast;
    else fallbackReason = fast.reason;
  }
  outcome ??= await validatePlain(compiled, prepared, scope, readOnlyPaths);
  const errors = orderErrors(compiled.shape, [...prepared.errors, ...outcome.errors]);
  return {
    ok: errors.length === 0,
    values: (projectValues(compiled.shape, outcome.values) ?? {}) as Record<string, unknown>,
    errors,
    unknownPaths: prepared.unknownPaths,
    strategy: fallbackReason === undefined ? 'fast' : 'plain',
    ...(fallbackReason && fallbackReason !== PLAIN_REQUESTED ? { fallbackReason } : {}),
  };
}

const PLAIN_REQUESTED = 'plain requested';

/** Reasons known before running: asked for the plain walk, no table to speed up, read-only cells. */
function fastPathRefusal(compiled: CompiledForm, options: ValidateOptions): string | undefined {
  if (options.strategy === 'plain') return PLAIN_REQUESTED;
  if (compiled.fastTables.size === 0) {
    const [table, reason] = [...compiled.plainTables][0] ?? [];
    return table ? `表格 ${table}：${reason}` : '表单没有表格';
  }
  for (const pattern of options.readOnlyPaths ?? []) {
    const path = FormPath.parse(pattern);
    for (const table of compiled.fastTables.keys()) {
      if (path.match(`${table}.0.x`) || !/^[\w$.]+$/.test(pattern)) return `只读路径 ${pattern}`;
    }
  }
  return undefined;
}

/** The one English message Formily's validator can produce: a validator expression that did not compile. */
const FORMILY_ENGLISH: Record<string, string> = {
  "The rule's validator property must be a function.": '校验规则的 validator 不是函数（请检查它的表达式）',
};

/** Page order, each error once: a failing expression re-run by a reaction reports the same thing again. */
function orderErrors(shape: ShapeNode, errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  const localized = errors.map((error) => ({
    ...error,
    message: FORMILY_ENGLISH[error.message] ?? error.message,
  }));
  const unique = localized.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const keyed = unique.map((error, index) => ({ error, index, order: pageOrder(shape, error.path) }));
  keyed.sort((a, b) => comparePageOrder(a.order, b.order) || a.index - b.index);
  return keyed.map(({ error }) => error);
}
