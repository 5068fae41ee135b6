import { groupRows, rowsWithErrors } from '../src/fields/indicator-table/rows';

const rows = [
  { level1: '效益指标', level2: '社会效益指标', score: 10 },
  { level1: '产出指标', level2: '数量指标', score: 20 },
  { level1: '产出指标', level2: '质量指标', score: 5.5 },
  { level1: '产出指标', level2: '数量指标', score: 4 },
  { level2: '未知' },
];
const order = ['产出指标', '效益指标', '满意度指标'];

describe('grouping indicator rows', () => {
  it('orders 一级指标 by the schema enum, groups 二级 in first-seen order, keeps array indexes', () => {
    const items = groupRows(rows, { level1Field: 'level1', level2Field: 'level2', level1Order: order });
    expect(
      items.map((i) =>
        i.type === 'header' ? `${i.header.kind}:${i.header.label}(${i.header.count})` : i.index,
      ),
    ).toEqual([
      'level1:产出指标(3)',
      'level2:数量指标(2)',
      1,
      3,
      'level2:质量指标(1)',
      2,
      'level1:效益指标(1)',
      'level2:社会效益指标(1)',
      0,
      'level1:（未选择）(1)',
      'level2:未知(1)',
      4,
    ]);
  });

  it('shows only the header of a collapsed group and keeps counting positions', () => {
    const items = groupRows(rows, {
      level1Field: 'level1',
      level2Field: 'level2',
      level1Order: order,
      collapsed: new Set(['产出指标']),
    });
    expect(items[0]).toEqual({
      type: 'header',
      header: expect.objectContaining({ label: '产出指标', collapsed: true, count: 3 }),
    });
    expect(items.filter((i) => i.type === 'row').map((i) => i.type === 'row' && i.position)).toEqual([3, 4]);
  });

  it('lists failing rows from server error paths', () => {
    const byRow = rowsWithErrors('indicators', [
      'indicators.3.actual',
      'indicators.3.deviationReason',
      'indicators.12.target',
      'totalFunds',
      'indicators',
    ]);
    expect([...byRow.entries()]).toEqual([
      [3, ['actual', 'deviationReason']],
      [12, ['target']],
    ]);
  });
});
