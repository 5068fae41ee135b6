import type { CompiledForm } from '../validation/compiled-form';
import { FormilySession } from '../validation/formily-session';
import type { PreparedSubmission } from '../validation/prepare';
import type { ValidationError } from '../validation/types';
import { TableRows } from './rows';
import { BailRecorder, FastPathUnsupported } from './unsupported';

export type FastOutcome =
  | { supported: true; errors: ValidationError[]; values: Record<string, unknown> }
  | { supported: false; reason: string };

/**
 * The plain walk for everything but the rows of the planned tables, whose cells are RowFields: the same
 * reactions and validators without a reactive Field per cell. Gives up (and says why) whenever a row needs
 * something RowField does not model; the caller then runs the plain walk.
 */
export async function validateFast(
  compiled: CompiledForm,
  prepared: PreparedSubmission,
  scope: Record<string, unknown>,
): Promise<FastOutcome> {
  const session = new FormilySession(compiled.schema, prepared.values, scope);
  const bails = new BailRecorder();
  const tables: TableRows[] = [];
  try {
    session.mount((field) => {
      const plan = compiled.fastTables.get(field.path.toString());
      if (!plan) return false;
      const rows = new TableRows(field, plan, scope, bails);
      tables.push(rows);
      session.withFaults(() => rows.mount());
      return true;
    });
    await session.validate();
    const rowErrors: ValidationError[] = [];
    for (const rows of tables) rowErrors.push(...(await rows.validate()));
    if (bails.reason) return { supported: false, reason: bails.reason };
    return {
      supported: true,
      errors: [...session.faults, ...session.errors(), ...rowErrors],
      values: session.values(),
    };
  } catch (error) {
    if (error instanceof FastPathUnsupported) return { supported: false, reason: error.reason };
    throw error;
  } finally {
    session.dispose();
  }
}
