import { isArrayField, type Form } from '@formily/core';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Puts the server's 400 details (`indicators.3.actual`) on the fields they name. Formily applies a state to
 * a field created later (a table row scrolled into view afterwards), and each array field also gets the list
 * of its failing paths in `data.serverErrorPaths`, so a windowed table can point at rows not yet mounted.
 * Returns the errors no field claims (shown above the form).
 */
export function applyServerErrors(form: Form, errors: readonly FieldError[]): FieldError[] {
  clearServerErrors(form);
  const unclaimed: FieldError[] = [];
  const arrays = new Map<string, string[]>();
  for (const error of errors) {
    const segments = error.path.split('.');
    const arrayAt = segments.findIndex((s, i) => i > 0 && /^\d+$/.test(s));
    if (arrayAt > 0) {
      const arrayPath = segments.slice(0, arrayAt).join('.');
      arrays.set(arrayPath, [...(arrays.get(arrayPath) ?? []), error.path]);
    }
    const exists = form.query(error.path).take() || arrayAt > 0;
    if (!exists) {
      unclaimed.push(error);
      continue;
    }
    form.setFieldState(error.path, (state) => {
      state.selfErrors = [error.message];
    });
  }
  for (const [path, paths] of arrays) {
    const field = form.query(path).take();
    if (field && isArrayField(field)) field.data = { ...(field.data as object), serverErrorPaths: paths };
  }
  return unclaimed;
}

/** Server errors are about the values sent; a new attempt starts clean. */
export function clearServerErrors(form: Form): void {
  form.query('*').forEach((field) => {
    if (isArrayField(field) && (field.data as { serverErrorPaths?: unknown } | undefined)?.serverErrorPaths)
      field.data = { ...(field.data as object), serverErrorPaths: [] };
  });
}
