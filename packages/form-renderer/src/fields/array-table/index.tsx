import { ArrayTable as FormilyArrayTable } from '@formily/antd-v5';
import type { ArrayField } from '@formily/core';
import { Schema } from '@formily/json-schema';
import { SchemaContext, observer, useField, useFieldSchema } from '@formily/react';
import { useMemo, type ComponentProps } from 'react';
import { withColumns } from './columns';

type Props = ComponentProps<typeof FormilyArrayTable>;

const PAGE_SIZE = 20;

/**
 * Formily's ArrayTable, fed a schema whose plain row fields have been turned into columns; short tables
 * show no pager (Formily's pager otherwise always draws its page selector).
 */
const ArrayTableAdapter = observer((props: Props) => {
  const schema = useFieldSchema();
  const field = useField<ArrayField>();
  const columned = useMemo(() => new Schema(withColumns(schema.toJSON()), schema.parent), [schema]);
  const rows = Array.isArray(field.value) ? field.value.length : 0;
  return (
    <SchemaContext.Provider value={columned}>
      <FormilyArrayTable pagination={rows > PAGE_SIZE ? { pageSize: PAGE_SIZE } : false} {...props} />
    </SchemaContext.Provider>
  );
});

// The statics schemas name (ArrayTable.Column, ...), copied one by one: Object.assign of the whole component
// would also copy the memo wrapper's own `type` and so replace this adapter with Formily's table.
export const ArrayTable = Object.assign(ArrayTableAdapter, {
  Column: FormilyArrayTable.Column,
  Addition: FormilyArrayTable.Addition,
  Remove: FormilyArrayTable.Remove,
  MoveUp: FormilyArrayTable.MoveUp,
  MoveDown: FormilyArrayTable.MoveDown,
  SortHandle: FormilyArrayTable.SortHandle,
  Index: FormilyArrayTable.Index,
  useArray: FormilyArrayTable.useArray,
  useIndex: FormilyArrayTable.useIndex,
  useRecord: FormilyArrayTable.useRecord,
});
