import type { toIssues } from '@pm/config/src/validation';

/** The form definition JSON Schema of @pm/config, compiled ahead of time (scripts/generate-validator.mjs). */
export interface StandaloneValidate {
  (data: unknown): boolean;
  errors?: Parameters<typeof toIssues>[0];
}

declare const validate: StandaloneValidate;
export { validate };
export default validate;
