import type { ISchema } from '@formily/json-schema';
import { withColumns } from '../src/fields/array-table/columns';

const plain: ISchema = {
  type: 'array',
  title: '预算绩效共性指标',
  'x-component': 'ArrayTable',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string', title: '共性指标', 'x-decorator': 'FormItem', 'x-component': 'Input' },
      target: { type: 'number', title: '指标值', 'x-component': 'NumberPicker' },
    },
  },
};

describe('ArrayTable columns from plain row fields', () => {
  it('wraps each field in a column titled like it, adds an 操作 column and an 添加 button', () => {
    const result = withColumns(plain);
    const columns = (result.items as ISchema).properties as Record<string, ISchema>;
    expect(Object.keys(columns)).toEqual(['column_name', 'column_target', 'column_operations']);
    expect(columns.column_name).toMatchObject({
      type: 'void',
      'x-component': 'ArrayTable.Column',
      'x-component-props': { title: '共性指标' },
      properties: { name: { 'x-component': 'Input', 'x-decorator': 'FormItem' } },
    });
    expect(columns.column_target!.properties).toMatchObject({ target: { 'x-decorator': 'FormItem' } });
    expect((columns.column_name!.properties as Record<string, ISchema>).name!.title).toBeUndefined();
    expect(Object.values(result.properties as Record<string, ISchema>).map((p) => p['x-component'])).toEqual([
      'ArrayTable.Addition',
    ]);
  });

  it('leaves a schema that already declares its columns alone', () => {
    const declared = withColumns(plain);
    expect(withColumns(declared)).toBe(declared);
  });
});
