import { validateSubmission } from '@pm/form-core';
import type { ErrorDetail } from '../errors';
import type { FormDefinition } from './deployments';

export interface FormValidationResult {
  ok: boolean;
  /** The values to store: hidden fields dropped, computed fields recomputed on the server. */
  values: Record<string, unknown>;
  errors: ErrorDetail[];
}

/** Validates a submission against a task's resolved form, exactly as the browser does. */
export interface FormValidator {
  validate(
    form: FormDefinition,
    data: unknown,
    scope: { settings: Record<string, unknown>; project: Record<string, unknown> },
  ): Promise<FormValidationResult> | FormValidationResult;
}

/** The shared headless Formily validation (@pm/form-core): the same schema, rules and reactions as the page. */
export const formCoreValidator: FormValidator = {
  async validate(form, data, scope) {
    const result = await validateSubmission(form as never, data, { scope });
    return { ok: result.ok, values: result.values, errors: result.errors };
  },
};
