import { ArrayTable as FormilyArrayTable } from '@formily/antd-v5';
import { Schema } from '@formily/json-schema';
import { SchemaContext, useFieldSchema } from '@formily/react';
import { useMemo, type ComponentProps } from 'react';
import { withColumns } from './columns';

type Props = ComponentProps<typeof FormilyArrayTable>;

/** Formily's ArrayTable, fed a schema whose plain row fields have been turned into columns. */
function ArrayTableAdapter(props: Props) {
  const schema = useFieldSchema();
  const columned = useMemo(() => new Schema(withColumns(schema.toJSON()), schema.parent), [schema]);
  return (
    <SchemaContext.Provider value={columned}>
      <FormilyArrayTable pagination={{ pageSize: 20, hideOnSinglePage: true }} {...props} />
    </SchemaContext.Provider>
  );
}

export const ArrayTable = Object.assign(ArrayTableAdapter, FormilyArrayTable);
