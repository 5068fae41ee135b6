import type { ArrayField, Form } from '@formily/core';
import { clone, FormPath, isEmpty, isValid, isPlainObj } from '@formily/shared';
import { toJS } from '@formily/reactive';
import { parseValidatorDescriptions, type Validator } from '@formily/validator';
import type { CellScopes } from './cell-scope';
import type { BailRecorder } from './unsupported';

export type Display = 'visible' | 'hidden' | 'none';
export type Pattern = 'editable' | 'disabled' | 'readOnly' | 'readPretty';

export type CellState = Pick<
  RowField,
  | 'selfDisplay'
  | 'selfPattern'
  | 'validator'
  | 'dataSource'
  | 'title'
  | 'description'
  | 'componentProps'
  | 'decoratorProps'
  | 'componentType'
  | 'decoratorType'
  | 'content'
  | 'data'
>;

/**
 * A row cell as Formily's schema reactions see it, without Formily's reactive field model: plain state
 * (display, pattern, validator, options), the value kept in the real form's observable values. The setters
 * copy @formily/core 2.3.7's Field and BaseField, so Formily's own `toFieldProps` reactions can run on it
 * unchanged; what it does not model throws FastPathUnsupported and the plain walk takes over.
 *
 * State keys are own accessors (as `define` makes them on a Field) because Formily's `patchCompile` only
 * writes keys for which `hasOwnProperty(field, key)` holds.
 */
/**
 * What the cells of one table share: the array field, its data path, and its display and pattern taken
 * once (TableRows checks at the end that they did not change, else the plain walk takes over).
 */
export interface TableContext {
  readonly array: ArrayField;
  readonly key: string;
  readonly display: Display;
  readonly pattern: Pattern;
  row(index: number): unknown;
}

export class RowField {
  readonly path: FormPath;
  readonly address: FormPath;
  initialized = false;
  caches: { value?: unknown } = {};
  selfDisplay: Display | undefined;
  selfPattern: Pattern | undefined;
  validator: Validator | undefined;
  dataSource: unknown;
  title: unknown;
  description: unknown;
  componentProps: Record<string, unknown> = {};
  decoratorProps: Record<string, unknown> = {};
  componentType: unknown;
  decoratorType: unknown;
  content: unknown;
  data: unknown;

  readonly form: Form;
  private readonly array: ArrayField;

  constructor(
    private readonly table: TableContext,
    readonly index: number,
    readonly name: string,
    readonly bails: BailRecorder,
    /** State keys the column's reactions set through `fulfill.state` (see defineOwnState). */
    ownStateKeys: readonly string[],
  ) {
    this.form = table.array.form;
    this.array = table.array;
    this.path = FormPath.parse(`${table.key}.${index}.${name}`);
    this.address = this.path;
    defineOwnState(this, ownStateKeys);
  }

  private cellScope: Record<string, unknown> | undefined;

  /** This cell's expression scope, made on first use (most cells have no reaction). */
  scope(scopes: CellScopes): Record<string, unknown> {
    return (this.cellScope ??= scopes.forCell(this));
  }

  get indexes(): number[] {
    return [...(this.array.indexes ?? []), this.index];
  }

  get record(): unknown {
    return this.table.row(this.index);
  }

  get records(): unknown {
    return this.array.value;
  }

  /** Display as BaseField computes it; the row object in between has no state of its own. */
  /** The state a static schema gives every cell of a column, to copy instead of recomputing per row. */
  snapshot(): CellState {
    return {
      selfDisplay: this.selfDisplay,
      selfPattern: this.selfPattern,
      validator: this.validator,
      dataSource: this.dataSource,
      title: this.title,
      description: this.description,
      componentProps: this.componentProps,
      decoratorProps: this.decoratorProps,
      componentType: this.componentType,
      decoratorType: this.decoratorType,
      content: this.content,
      data: this.data,
    };
  }

  /**
   * Takes a snapshot over. What Formily changes in place is copied: rule objects (`setValidatorRule`
   * assigns into them) and prop objects (schema patches write nested keys); the rest is replaced whole.
   */
  restore(state: CellState): void {
    Object.assign(this, state);
    if (Array.isArray(state.validator)) {
      this.validator = state.validator.map((desc: unknown) =>
        isPlainObj(desc) ? { ...desc } : desc,
      ) as Validator;
    }
    this.componentProps = clone(state.componentProps);
    this.decoratorProps = clone(state.decoratorProps);
    this.data = clone(state.data);
  }

  getDisplay(): Display {
    const parentDisplay = this.table.display;
    if (parentDisplay && parentDisplay !== 'visible') {
      if (this.selfDisplay && this.selfDisplay !== 'visible') return this.selfDisplay;
      return parentDisplay;
    }
    if (isValid(this.selfDisplay)) return this.selfDisplay as Display;
    return parentDisplay || 'visible';
  }

  setDisplay(display: Display | undefined): void {
    const before = this.getDisplay();
    this.selfDisplay = display;
    const after = this.getDisplay();
    if (before === after) return;
    // Field.makeReactive's display reaction: a field that disappears keeps its value aside and leaves the
    // form's values; one that comes back gets it again.
    if (after !== 'none') {
      if (this.getValue() === undefined && this.caches.value !== undefined) {
        this.setValue(this.caches.value);
        this.caches.value = undefined;
      }
    } else {
      this.caches.value = toJS(this.getValue()) ?? toJS(this.getInitialValue());
      this.form.deleteValuesIn(this.path);
    }
  }

  getPattern(): Pattern {
    const parentPattern = this.table.pattern || 'editable';
    const selfPattern = this.selfPattern;
    if (isValid(selfPattern)) {
      if (parentPattern === 'readPretty' && selfPattern !== 'editable') return parentPattern;
      return selfPattern as Pattern;
    }
    return parentPattern;
  }

  /** The same observable reads as `form.getValuesIn(path)`, without parsing the path each time. */
  getValue(): unknown {
    return (this.table.row(this.index) as Record<string, unknown> | null | undefined)?.[this.name];
  }

  getInitialValue(): unknown {
    return this.form.getInitialValuesIn(this.path);
  }

  /** Field.setValue, plus its value reaction that moves a hidden field's value aside. */
  setValue(value: unknown): void {
    if (!this.initialized) {
      if (this.getDisplay() === 'none') {
        this.caches.value = value;
        return;
      }
      value = getValidFieldDefaultValue(value, this.getInitialValue());
      if (!allowAssignDefaultValue(this.getValue(), value)) return;
    }
    this.form.setValuesIn(this.path, value);
    if (isValid(value) && !isEmpty(value) && this.getDisplay() === 'none') {
      this.caches.value = toJS(value);
      this.form.deleteValuesIn(this.path);
    }
  }

  getRequired(): boolean {
    const validators = Array.isArray(this.validator) ? this.validator : this.descriptions();
    return validators.some((desc) => !!(desc as Record<string, unknown> | undefined)?.['required']);
  }

  /** @formily/core's setValidatorRule. */
  setValidatorRule(name: string, value: unknown): void {
    if (!isValid(value)) return;
    const validators = this.descriptions();
    const hasRule = validators.some((desc) => name in desc);
    const rule = { [name]: value };
    if (hasRule) {
      this.validator = validators.map((desc) => {
        if (isPlainObj(desc) && Object.prototype.hasOwnProperty.call(desc, name)) {
          (desc as Record<string, unknown>)[name] = value;
        }
        return desc;
      }) as Validator;
    } else if (name === 'required') {
      this.validator = [rule, ...validators] as Validator;
    } else {
      this.validator = [...validators, rule] as Validator;
    }
  }

  private descriptions(): Record<string, unknown>[] {
    return parseValidatorDescriptions(this.validator as Validator) as Record<string, unknown>[];
  }

  setState(setter: unknown): void {
    if (typeof setter !== 'function') this.bails.bail('以对象形式设置行字段状态');
    (setter as (state: RowField) => void)(this);
  }

  setComponentProps(props: Record<string, unknown>): void {
    Object.assign(this.componentProps, props);
  }

  /** Only what schema dependencies ask of a field: a sibling in the row (`.actual`) or a form field. */
  query(pattern: unknown) {
    const text = String(pattern);
    if (/^\.[A-Za-z_$][\w$]*$/.test(text)) {
      const sibling = text.slice(1);
      return { getIn: (key: string) => this.readDependency(sibling, key) };
    }
    if (!text.startsWith('.') && !/[*~()[\],!]/.test(text)) return this.form.query(text);
    return this.bails.bail(`依赖路径 ${text}`);
  }

  private readDependency(sibling: string, key: string): unknown {
    if (key !== 'value') return this.bails.bail(`依赖同行字段的 ${key}`);
    return (this.table.row(this.index) as Record<string, unknown> | null | undefined)?.[sibling];
  }
}

/** Formily's `allowAssignDefaultValue` (internals): may an initial value replace what the field holds? */
function allowAssignDefaultValue(target: unknown, source: unknown): boolean {
  const isValidTarget = target !== undefined;
  const isValidSource = source !== undefined;
  if (!isValidTarget) return isValidSource;
  if (typeof target === typeof source) {
    if (target === '') return false;
    if (target === 0) return false;
  }
  const isEmptyTarget = target !== null && isEmpty(target, true);
  const isEmptySource = source !== null && isEmpty(source, true);
  if (isEmptyTarget) return !isEmptySource;
  return false;
}

function getValidFieldDefaultValue(value: unknown, initialValue: unknown): unknown {
  if (allowAssignDefaultValue(value, initialValue)) return structuredClone(initialValue);
  return value;
}

/**
 * The accessors `define(field, …)` gives a Field, with BaseField's setter semantics. One shared descriptor
 * set (methods on `this`, not closures per cell) keeps every RowField on the same hidden class.
 */
const STATE_DESCRIPTORS: PropertyDescriptorMap = Object.fromEntries(
  Object.entries({
    value: {
      get(this: RowField) {
        return this.getValue();
      },
      set(this: RowField, value: unknown) {
        this.setValue(value);
      },
    },
    initialValue: {
      get(this: RowField) {
        return this.getInitialValue();
      },
      // `default` goes through Formily's initial-values machinery, which this model leaves to the plain walk.
      set(this: RowField) {
        this.bails.bail('行字段的默认值 default');
      },
    },
    display: {
      get(this: RowField) {
        return this.getDisplay();
      },
      set(this: RowField, display: Display) {
        this.setDisplay(display);
      },
    },
    visible: {
      get(this: RowField) {
        return this.getDisplay() === 'visible';
      },
      set(this: RowField, visible: unknown) {
        if (isValid(visible)) this.setDisplay(visible ? 'visible' : 'none');
      },
    },
    hidden: {
      get(this: RowField) {
        return this.getDisplay() === 'hidden';
      },
      set(this: RowField, hidden: unknown) {
        if (isValid(hidden)) this.setDisplay(hidden ? 'hidden' : 'visible');
      },
    },
    pattern: {
      get(this: RowField) {
        return this.getPattern();
      },
      set(this: RowField, pattern: Pattern) {
        this.selfPattern = pattern;
      },
    },
    editable: patternFlag('editable', 'readPretty'),
    disabled: patternFlag('disabled', 'editable'),
    readOnly: patternFlag('readOnly', 'editable'),
    readPretty: patternFlag('readPretty', 'editable'),
    required: {
      get(this: RowField) {
        return this.getRequired();
      },
      set(this: RowField, required: boolean) {
        if (this.getRequired() !== required) this.setValidatorRule('required', required);
      },
    },
  }).map(([key, descriptor]) => [key, { ...descriptor, enumerable: true, configurable: true }]),
);

Object.defineProperties(RowField.prototype, STATE_DESCRIPTORS);

// Field members an expression could read that RowField does not model: reading one hands the submission to
// the plain walk rather than answering `undefined` where Formily would answer something else.
for (const key of [
  'parent',
  'props',
  'errors',
  'warnings',
  'selfErrors',
  'feedbacks',
  'modified',
  'inputValue',
]) {
  Object.defineProperty(RowField.prototype, key, {
    get(this: RowField) {
      return this.bails.bail(`表达式读取行字段的 ${key}`);
    },
  });
}

/**
 * Formily's `patchCompile` (reaction `state`) writes only keys the field owns, as `define` makes them on a
 * Field; schema patches write through the prototype. Owning just the keys a column's reactions set keeps
 * the per-cell cost to a property or two.
 */
function defineOwnState(field: RowField, keys: readonly string[]): void {
  for (const key of keys) {
    const descriptor = STATE_DESCRIPTORS[key];
    if (descriptor) Object.defineProperty(field, key, descriptor);
  }
}

/** The keys of STATE_DESCRIPTORS: what a reaction's `state` can set on a cell through an accessor. */
export const ACCESSOR_STATE_KEYS: ReadonlySet<string> = new Set(Object.keys(STATE_DESCRIPTORS));

function patternFlag(on: Pattern, off: Pattern) {
  return {
    get(this: RowField) {
      return this.getPattern() === on;
    },
    set(this: RowField, flag: unknown) {
      if (isValid(flag)) this.selfPattern = flag ? on : off;
    },
  };
}
