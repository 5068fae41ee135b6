import type { ISchema } from '@formily/json-schema';

/** A published form: metadata plus the Formily JSON schema the browser renders. */
export interface FormDefinition {
  id: string;
  title: string;
  /** Any stable label of the published version; cached compilations are keyed by id and version. */
  version: string | number;
  schemaVersion: number;
  schema: ISchema;
}

export interface ValidationError {
  /** Formily's dotted data path, e.g. `indicators.3.actual`; `''` for the whole form. */
  path: string;
  /** Chinese, ready for the user. */
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  /** The data the server may store: hidden, unknown fields dropped, computed fields recomputed. */
  values: Record<string, unknown>;
  errors: ValidationError[];
  /** Submitted paths the schema does not know; dropped from `values`, listed for logs (not errors). */
  unknownPaths: string[];
  /** `fast`: large tables validated row by row without Formily fields; `plain`: the full Formily walk. */
  strategy: 'fast' | 'plain';
  /** Why the fast path was not taken although allowed (a schema feature it does not model). */
  fallbackReason?: string;
}

export interface ValidateOptions {
  /**
   * What expressions see besides the form: `{settings, project}` become `$settings`, `$project` (a key that
   * already starts with `$` is kept as it is).
   */
  scope?: Record<string, unknown>;
  /**
   * Formily path patterns the current task shows read-only (`basicInfo.*`, `indicators.*.target`). Those
   * fields are not validated, as in the browser, and keep the values given: the caller passes the stored
   * values there, not the submitted ones.
   */
  readOnlyPaths?: string[];
  /** `'plain'` forces the full Formily walk (tests and benchmarks compare it with the default `'auto'`). */
  strategy?: 'auto' | 'plain';
}
