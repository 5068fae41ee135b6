import { FormilySession } from './formily-session';
import type { CompiledForm } from './compiled-form';
import type { PreparedSubmission } from './prepare';

/** The reference semantics: every field of every row built as a Formily field, then `form.validate()`. */
export async function validatePlain(
  compiled: CompiledForm,
  prepared: PreparedSubmission,
  scope: Record<string, unknown>,
  readOnlyPaths: readonly string[],
): Promise<FormilySession> {
  const session = new FormilySession(compiled.schema, prepared.values, scope);
  session.mount();
  session.makeReadOnly(readOnlyPaths);
  await session.validate();
  return session;
}
