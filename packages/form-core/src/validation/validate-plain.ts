import { FormilySession } from './formily-session';
import type { CompiledForm } from './compiled-form';
import type { PreparedSubmission } from './prepare';
import type { ValidationError } from './types';

/** The reference semantics: every field of every row built as a Formily field, then `form.validate()`. */
export async function validatePlain(
  compiled: CompiledForm,
  prepared: PreparedSubmission,
  scope: Record<string, unknown>,
  readOnlyPaths: readonly string[],
): Promise<{ errors: ValidationError[]; values: Record<string, unknown> }> {
  const session = new FormilySession(compiled.schema, prepared.values, scope);
  try {
    session.mount();
    session.makeReadOnly(readOnlyPaths);
    await session.validate();
    return { errors: [...session.faults, ...session.errors()], values: session.values() };
  } finally {
    session.dispose();
  }
}
