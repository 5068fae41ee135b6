import type { JsonObject } from './artifacts';
import formSchema from './schemas/form.schema.json';
import formOverlaySchema from './schemas/form-overlay.schema.json';
import { compileSchema, toIssues, type ValidationIssue } from './validation';

/** A form as stored in forms/<id>/form.json and deployed per county (after the county's merge patch). */
export interface FormDefinition {
  $schema?: string;
  id: string;
  title: string;
  /** A label of the content; deployed versions come from the content hash, not from this. */
  version: string | number;
  schemaVersion: 1;
  /** Formily JSON schema: `type: object` with `properties`. */
  schema: JsonObject;
}

export type FormValidationResult =
  { ok: true; errors: ValidationIssue[]; form: FormDefinition } | { ok: false; errors: ValidationIssue[] };

export const formDefinitionSchema = formSchema;
export const formOverlayJsonSchema = formOverlaySchema;

let validateForm: ReturnType<typeof compileSchema<FormDefinition>> | undefined;
let validateOverlay: ReturnType<typeof compileSchema<JsonObject>> | undefined;

/**
 * Validates a form definition against its JSON Schema (`src/schemas/form.schema.json`): metadata, and every
 * node of the Formily schema restricted to the keys Formily knows, so a misspelt `x-componet` is an error
 * rather than a field silently rendered without its component. Expressions are checked by the lint.
 */
export function validateFormDefinition(json: unknown, file?: string): FormValidationResult {
  validateForm ??= compileSchema<FormDefinition>(formSchema);
  if (validateForm(json)) return { ok: true, errors: [], form: json };
  return { ok: false, errors: toIssues(validateForm.errors, file) };
}

/** A county's form overlay is a JSON Merge Patch (RFC 7396): any object; what it produces is checked apart. */
export function validateFormOverlay(json: unknown, file?: string): ValidationIssue[] {
  validateOverlay ??= compileSchema<JsonObject>(formOverlaySchema);
  return validateOverlay(json) ? [] : toIssues(validateOverlay.errors, file);
}
