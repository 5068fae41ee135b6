import { lazyMerge } from '@formily/shared';
import type { RowField } from './row-field';

const FIELD = Symbol('cell');

/**
 * The expression scope of one cell, with the names and precedence of Formily's `getBaseScope`
 * (json-schema transformer): `$self`, `$form`, `$values` and the reactive helpers win over the host scope,
 * which wins over `$record`, `$records`, `$index`, `$lookup`. Built as a prototype chain of plain objects
 * instead of nested `lazyMerge` proxies, because every identifier of every expression is looked up here.
 */
export class CellScopes {
  private readonly hostLayer: object;

  constructor(hostScope: Record<string, unknown>) {
    const base = new BaseLayer(hostScope.$record);
    this.hostLayer = Object.assign(Object.create(base) as object, hostScope);
  }

  forCell(field: RowField): Record<string, unknown> {
    const scope = Object.create(this.hostLayer) as Record<string, unknown>;
    Object.defineProperty(scope, FIELD, { value: field });
    scope.$form = field.form;
    scope.$self = field;
    scope.$values = field.form.values;
    // Present, as in Formily, so `typeof $effect` agrees; calling them is refused by the sandbox anyway.
    scope.$observable = unavailable;
    scope.$effect = unavailable;
    scope.$memo = unavailable;
    scope.$props = (props: Record<string, unknown>) => field.setComponentProps(props);
    return scope;
  }
}

function unavailable(): never {
  throw new Error('不可用');
}

/** The lowest layer: Formily's lazy getters, read through the cell the scope belongs to (`this`). */
class BaseLayer {
  constructor(private readonly hostRecord: unknown) {}

  get $lookup(): unknown {
    return this.hostRecord ?? cellOf(this).form.values;
  }

  get $records(): unknown {
    return cellOf(this).records;
  }

  get $record(): unknown {
    const field = cellOf(this);
    const record = field.record;
    if (typeof record !== 'object') return record;
    const lookup = this.$lookup;
    return lazyMerge(record as object, {
      get $lookup() {
        return lookup;
      },
      get $index() {
        return field.index;
      },
    });
  }

  get $index(): unknown {
    return cellOf(this).index;
  }
}

function cellOf(scope: object): RowField {
  return (scope as { [FIELD]: RowField })[FIELD];
}
