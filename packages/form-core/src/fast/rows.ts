import type { ArrayField } from '@formily/core';
import { autorun, batch } from '@formily/reactive';
import type { Schema } from '@formily/json-schema';
import { isPlainObj, toArr } from '@formily/shared';
import { parseValidatorDescriptions, validate, type Validator } from '@formily/validator';
import { checkWidgetValue } from '../validation/value-checks';
import { validateSync } from './validate-cell';
import type { ValidationError } from '../validation/types';
import { CellScopes } from './cell-scope';
import { compileReaction } from './reaction';
import {
  ACCESSOR_STATE_KEYS,
  RowField,
  type CellState,
  type Display,
  type Pattern,
  type TableContext,
} from './row-field';
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
  private table: TableContext | undefined;

  constructor(
    private readonly array: ArrayField,
    private readonly plan: RowPlan,
    private readonly scope: Record<string, unknown>,
    private readonly bails: BailRecorder,
  ) {}

  /** Builds every cell of every row in page order; reactions re-running on later changes settle at batch end. */
  mount(): void {
    const scopes = new CellScopes(this.scope);
    const columns = this.plan.cells.map(({ name, schema }) => {
      const [base, ...formilyUser] = [
        schema.toFieldProps({ scope: this.scope }).reactions ?? [],
      ].flat() as unknown as Reaction[];
      const user = toArr(schema['x-reactions']).map((raw, i) => {
        const compiled = compileReaction(raw);
        return compiled
          ? (field: RowField) => compiled(field, field.scope(scopes))
          : (formilyUser[i] as Reaction);
      });
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
    const key = this.array.path.toString();
    const values = this.array.form.values as Record<string, unknown[] | undefined>;
    const table: TableContext = {
      array: this.array,
      key,
      display: this.array.display as Display,
      pattern: this.array.pattern as Pattern,
      row: (index) => values[key]?.[index],
    };
    this.table = table;
    batch(() => {
      rows.forEach((row, index) => {
        if (!isPlainObj(row)) this.bails.bail('表格行不是对象');
        this.plan.cells.forEach((cell, i) => {
          const column = columns[i] as (typeof columns)[number];
          const field = new RowField(table, index, cell.name, this.bails, column.ownStateKeys);
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
    if (
      this.table &&
      (this.array.display !== this.table.display || this.array.pattern !== this.table.pattern)
    ) {
      this.bails.bail('表格本身的显示或编辑状态在校验中改变');
    }
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
  if (!validator || (Array.isArray(validator) && validator.length === 0)) return [];
  const descriptions = parseValidatorDescriptions(validator) as { triggerType?: string }[];
  const byTrigger = new Map<string, string[]>();
  const validateFirst = field.form.props.validateFirst;
  const context = { field, form: field.form };
  for (const triggerType of new Set(descriptions.map((desc) => desc.triggerType))) {
    const resolved = triggerType ?? 'onInput';
    const messages =
      validateSync(field.getValue(), validator, resolved, validateFirst, context) ??
      (
        (
          await validate(field.getValue(), validator, {
            triggerType: resolved as 'onInput',
            validateFirst,
            context,
          })
        ).error ?? []
      ).map(String);
    if (messages.length) byTrigger.set(resolved, messages);
    else byTrigger.delete(resolved);
  }
  return [...byTrigger.values()].flat();
}
