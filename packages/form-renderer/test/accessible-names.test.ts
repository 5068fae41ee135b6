import { withAccessibleNames } from '../src/accessible-names';

describe('accessible names for form widgets', () => {
  it('gives every titled field its title as aria-label, in nested objects and table rows, not void containers', () => {
    const named = withAccessibleNames({
      type: 'object',
      properties: {
        header: {
          type: 'void',
          title: '基本信息',
          'x-component': 'Card',
          properties: { goal: { type: 'string', title: '年度总体目标', 'x-component': 'Input.TextArea' } },
        },
        rows: {
          type: 'array',
          title: '绩效指标',
          'x-component': 'IndicatorTable',
          items: {
            type: 'object',
            properties: { name: { type: 'string', title: '三级指标', 'x-component': 'Input' } },
          },
        },
        own: {
          type: 'string',
          title: '金额',
          'x-component': 'Input',
          'x-component-props': { 'aria-label': '自定' },
        },
      },
    });
    const p = named.properties as Record<string, Record<string, unknown>>;
    expect(p.header!['x-component-props']).toBeUndefined();
    expect(
      (p.header!.properties as Record<string, Record<string, unknown>>).goal!['x-component-props'],
    ).toEqual({ 'aria-label': '年度总体目标' });
    expect(p.rows!['x-component-props']).toEqual({ 'aria-label': '绩效指标' });
    expect(
      ((p.rows!.items as Record<string, unknown>).properties as Record<string, Record<string, unknown>>)
        .name!['x-component-props'],
    ).toEqual({ 'aria-label': '三级指标' });
    expect(p.own!['x-component-props']).toEqual({ 'aria-label': '自定' });
  });
});
