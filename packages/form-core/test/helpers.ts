import { validateSubmission, type FormDefinition, type ValidateOptions } from '@pm/form-core';
import basic from './fixtures/basic.json';
import reactions from './fixtures/reactions.json';

export const basicForm = basic as FormDefinition;
export const reactionsForm = reactions as FormDefinition;

/** Errors as `path: message` lines, easy to read in a failing expectation. */
export async function errorsOf(
  form: FormDefinition,
  data: unknown,
  options?: ValidateOptions,
): Promise<string[]> {
  const result = await validateSubmission(form, data, options);
  return result.errors.map(({ path, message }) => `${path}: ${message}`);
}
