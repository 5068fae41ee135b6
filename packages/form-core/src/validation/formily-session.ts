import { createForm, isVoidField, type Form, type GeneralField } from '@formily/core';
import type { Schema } from '@formily/json-schema';
import { toJS } from '@formily/reactive';
import { HostSignal } from '../expression/errors';
import { collectExpressionErrors } from '../expression/register';
import { mountSchema, type WalkOptions } from './formily-walk';
import { checkWidgetValue } from './value-checks';
import type { ValidationError } from './types';

/**
 * One headless Formily form for one submission: build the fields, validate, read errors and values. The
 * plain path uses it for everything; the fast path for everything but the rows of large tables.
 */
export class FormilySession {
  readonly form: Form;
  /** Expression and construction failures, which reject the submission like any validation error. */
  readonly faults: ValidationError[] = [];
  private readonly fieldTypes = new Map<GeneralField, unknown>();

  constructor(
    private readonly schema: Schema,
    values: Record<string, unknown>,
    private readonly scope: Record<string, unknown>,
  ) {
    this.form = createForm({ values });
  }

  /** Builds the fields; `mountRows` may take over the rows of an array (see WalkOptions). */
  mount(mountRows?: WalkOptions['mountRows']): void {
    this.withFaults(() =>
      mountSchema(this.form, this.schema, {
        scope: this.scope,
        mountRows,
        onFieldError: (path, error) => this.fault(path, error),
        onField: (field, schema) => this.fieldTypes.set(field, schema.type),
      }),
    );
  }

  /** Shows the fields matching these patterns read-only, as the task's page does. */
  makeReadOnly(patterns: readonly string[]): void {
    for (const pattern of patterns) {
      this.withFaults(() => this.form.query(pattern).forEach((field) => field.setPattern('readOnly')));
    }
  }

  /** Formily's own validation; it rejects with the errors, which `errors()` reads from the fields instead. */
  async validate(): Promise<void> {
    await this.form.validate().catch(() => undefined);
  }

  /** Every data field's errors in creation order, then the widget checks Formily leaves to the browser. */
  errors(): ValidationError[] {
    const errors: ValidationError[] = [];
    for (const field of Object.values(this.form.fields)) {
      if (isVoidField(field)) continue;
      const path = field.path.toString();
      for (const message of field.selfErrors) errors.push({ path, message: String(message) });
      if (field.display === 'visible' && field.pattern === 'editable') {
        for (const message of checkWidgetValue(this.fieldTypes.get(field), field.dataSource, field.value)) {
          errors.push({ path, message });
        }
      }
    }
    return errors;
  }

  values(): Record<string, unknown> {
    return toJS(this.form.values) as Record<string, unknown>;
  }

  /**
   * Unmounts the form as React would. Formily's form registers an observer in a process-wide list that
   * only unmounting removes: without this every validated form stays in memory (≈0.5 MB a row).
   */
  dispose(): void {
    try {
      this.form.onUnmount();
    } catch {
      // Unmounting only releases memory; a failure there must not turn a validation into an error.
    }
  }

  /** Runs `body` with failed expressions recorded against the field that evaluated them. */
  withFaults<T>(body: () => T): T | undefined {
    try {
      return collectExpressionErrors((error, scope) => {
        const self = (scope as { $self?: GeneralField }).$self;
        this.faults.push({ path: self?.path?.toString() ?? '', message: error.message });
      }, body);
    } catch (error) {
      if (error instanceof HostSignal) throw error;
      this.fault('', error);
      return undefined;
    }
  }

  private fault(path: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.faults.push({ path, message: reason.startsWith('表达式') ? reason : `表单计算出错：${reason}` });
  }
}
