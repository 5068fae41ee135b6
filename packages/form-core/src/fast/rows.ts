import type { ArrayField } from '@formily/core';
import { autorun, batch } from '@formily/reactive';
import type { Schema } from '@formily/json-schema';
import { isPlainObj, toArr } from '@formily/shared';
import { parseValidatorDescriptions, validate, type Validator } from '@formily/validator';
import { checkWidgetValue } from '../validation/value-checks';
import type { ValidationError } from '../validation/types';
import { ACCESSOR_STATE_KEYS, RowField, type CellState } from './row-field';
import type { RowPlan } from './row-plan';
import type { BailRecorder } from './unsupported';

type Reaction = (field: RowField) => void;

/** `batch.scope.bound`, as createReactions wraps each reaction (typed optional in @formily/reactive). */
const scoped = (body: () => void): (() => void) =>
  (batch.scope as NonNullable<typeof batch.scope> & { bound: (fn: () => void) => () => void }).bound(body);

/**
 * The cells of every row of one table, driven by the very reactions Formily's `toFieldProps` makes from the
 * `items` schema — built once per table and submission, run per cell under `autorun` as Formily's
 * `createReactions` runs them — but on plain RowField state instead of a reactive Field each.
 */
export class TableRows {
  private readonly cells: { field: RowField; type: unknown }[] = [];

  constructor(
    private readonly array: ArrayField,
    private readonly plan: RowPlan,
    private readonly scope: Record<string, unknown>,
    private readonly bails: BailRecorder,
  ) {}

  /** Builds every cell of every row in page order; reactions re-running on later changes settle at batch end. */
  mount(): void {
    const columns = this.plan.cells.map(({ name, schema }) => {
      const [base, ...user] = [
        schema.toFieldProps({ scope: this.scope }).reactions ?? [],
      ].flat() as unknown as Reaction[];
      return {
        name,
        type: schema.type,
        base: base as Reaction,
        user,
        ownStateKeys: reactionStateKeys(schema),
        template: undefined as CellState | undefined,
      };
    });
    const rows: unknown = this.array.value;
    if (!Array.isArray(rows)) return;
    batch(() => {
      rows.forEach((row, index) => {
        if (!isPlainObj(row)) this.bails.bail('表格行不是对象');
        this.plan.cells.forEach((cell, i) => {
          const column = columns[i] as (typeof columns)[number];
          const field = new RowField(
            this.array.form,
            this.array,
            index,
            cell.name,
            this.bails,
            column.ownStateKeys,
          );
          if (column.template) field.restore(column.template);
          else {
            autorun(scoped(() => column.base(field)));
            // A schema without expressions gives every row the same state, and its reaction never runs
            // again (nothing observable was read): compute it on the first row, copy it to the others.
            if (cell.staticBase) column.template = field.snapshot();
          }
          // Never disposed: the autoruns observe only this submission's form and go with it.
          for (const reaction of column.user) autorun(scoped(() => reaction(field)));
          field.initialized = true;
          this.cells.push({ field, type: column.type });
        });
      });
    });
  }

  /** validateSelf of each cell Formily would validate (visible and editable), then the widget checks. */
  async validate(): Promise<ValidationError[]> {
    const errors: ValidationError[] = [];
    for (const { field, type } of this.cells) {
      if (field.getDisplay() !== 'visible' || field.getPattern() !== 'editable') continue;
      const path = field.path.toString();
      for (const message of await validateCell(field)) errors.push({ path, message });
      for (const message of checkWidgetValue(type, field.dataSource, field.getValue())) {
        errors.push({ path, message });
      }
    }
    return errors;
  }
}

/** State keys the cell's reactions set through `fulfill.state` / `otherwise.state`. */
function reactionStateKeys(schema: Schema): string[] {
  const keys = new Set<string>();
  for (const reaction of toArr(schema['x-reactions'])) {
    for (const request of [reaction?.fulfill, reaction?.otherwise]) {
      for (const key of Object.keys(request?.state ?? {})) if (ACCESSOR_STATE_KEYS.has(key)) keys.add(key);
    }
  }
  return [...keys];
}

/**
 * validateSelf without a trigger type: once per trigger type the rules name, each result replacing the
 * feedback of the same trigger, errors read in feedback order.
 */
async function validateCell(field: RowField): Promise<string[]> {
  const validator = field.validator as Validator;
  const descriptions = parseValidatorDescriptions(validator) as { triggerType?: string }[];
  const byTrigger = new Map<string, string[]>();
  for (const triggerType of new Set(descriptions.map((desc) => desc.triggerType))) {
    const resolved = triggerType ?? 'onInput';
    const results = await validate(field.getValue(), validator, {
      triggerType: resolved as 'onInput',
      validateFirst: field.form.props.validateFirst,
      context: { field, form: field.form },
    });
    const messages = (results.error ?? []).map(String);
    if (messages.length) byTrigger.set(resolved, messages);
    else byTrigger.delete(resolved);
  }
  return [...byTrigger.values()].flat();
}
