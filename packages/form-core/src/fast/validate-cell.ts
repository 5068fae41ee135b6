import { FormPath, isBool, isFn, isStr, toArr } from '@formily/shared';
import {
  getValidateLanguage,
  getValidateLocale,
  getValidateMessageTemplateEngine,
  getValidateRules,
  parseValidatorDescription,
  type Validator,
} from '@formily/validator';

interface Result {
  type: string;
  message?: unknown;
}

/**
 * @formily/validator's `validate` for one trigger type, synchronously: the same rule order, messages,
 * templates and result handling as its `parseValidatorRules`/`createValidate`, without a promise and a
 * generator per rule. Returns undefined when a rule answers with a promise (an async custom validator);
 * the caller then awaits the real `validate`.
 */
export function validateSync(
  value: unknown,
  validator: Validator,
  triggerType: string,
  validateFirst: boolean | undefined,
  context: Record<string, unknown>,
): string[] | undefined {
  const errors: string[] = [];
  for (const description of toArr(validator)) {
    const rules = parseValidatorDescription(description) as Record<string, unknown>;
    if ((rules.triggerType ?? 'onInput') !== triggerType) continue;
    for (const key of ruleKeys(rules)) {
      const callback = getValidateRules(key) as ((...args: unknown[]) => unknown) | undefined;
      if (!callback) continue;
      const result = runRule(key, callback, value, rules, context);
      if (result === undefined) return undefined;
      if (result.message) {
        if (result.type === 'error') errors.push(String(result.message));
        if (validateFirst) return errors;
      }
    }
  }
  return errors;
}

function ruleKeys(rules: Record<string, unknown>): string[] {
  const keys = 'required' in rules ? ['required'] : [];
  for (const key in rules) if (key !== 'required' && key !== 'validator') keys.push(key);
  if ('validator' in rules) keys.push('validator');
  return keys;
}

// The rules @formily/validator registers itself read only the value and the rule; a rule registered later
// (or replaced) may read the context too, so it gets the full call.
const BUILTIN_RULES = new Set(Object.values(getValidateRules() as Record<string, unknown>));

function runRule(
  key: string,
  callback: (...args: unknown[]) => unknown,
  value: unknown,
  rules: Record<string, unknown>,
  context: Record<string, unknown>,
): Result | undefined {
  const message = rules.format ? rules.message || locale(String(rules.format)) : rules.message || locale(key);
  // The rule scope ({...rules, ...context, value}) is built only when something reads it: most cells pass.
  let scope: Record<string, unknown> | undefined;
  const getScope = () => (scope ??= { ...rules, ...context, value });
  const format = (text: unknown, extra?: object) =>
    render({ type: 'error', message: text }, () => Object.assign(getScope(), extra)).message;
  try {
    let results: unknown;
    if (key === 'validator') {
      // RULES.validator awaits the function; the same, when the function does not return a promise.
      if (!isFn(rules.validator)) throw new Error("The rule's validator property must be a function.");
      const validatorFn = rules.validator as (...args: unknown[]) => unknown;
      const response = validatorFn(value, { ...rules, message }, getScope(), format);
      if (isThenable(response)) return undefined;
      results = isBool(response) ? (!response ? message : '') : response;
    } else if (BUILTIN_RULES.has(callback)) {
      results = callback(value, { ...rules, message });
    } else {
      results = callback(value, { ...rules, message }, getScope(), format);
      if (isThenable(results)) return undefined;
    }
    if (isBool(results)) return results ? { type: 'error' } : render({ type: 'error', message }, getScope);
    if (results) {
      const result = results as Result;
      if (result.type && result.message) return render({ ...result }, getScope);
      return render({ type: 'error', message: results }, getScope);
    }
    return { type: 'error' };
  } catch (error) {
    return { type: 'error', message: (error as Error)?.message || error };
  }
}

// getValidateLocale walks the locale tree by path on every call; the answer only changes with the language.
const locales = new Map<string, unknown>();

function locale(key: string): unknown {
  const id = `${String(getValidateLanguage())}\u0000${key}`;
  if (!locales.has(id)) locales.set(id, getValidateLocale(key));
  return locales.get(id);
}

/** @formily/validator's template `render`: the registered engine, then `{{path}}` from the rule scope. */
function render(result: Result, scope: () => Record<string, unknown>): Result {
  if (isStr(result.message)) {
    const template = getValidateMessageTemplateEngine();
    if (isFn(template)) result.message = template(result.message, scope());
    if (String(result.message).includes('{{'))
      result.message = String(result.message).replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) =>
        FormPath.getIn(scope(), path),
      );
  }
  return result;
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
