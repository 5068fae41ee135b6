import { compileExpression, evaluateExpression, trustFunction } from '@pm/form-core';

const evaluate = (source: string, scope: object = {}) => evaluateExpression(source, scope);

describe('expression semantics', () => {
  test('arithmetic, comparison, logic and ternaries follow JavaScript', () => {
    expect(evaluate('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(evaluate('2 ** 10 % 1000')).toBe(24);
    expect(evaluate("'10' == 10 && '10' !== 10")).toBe(true);
    expect(evaluate('a > 1 ? "多" : "少"', { a: 2 })).toBe('多');
    expect(evaluate('a || b', { a: 0, b: 'b' })).toBe('b');
    expect(evaluate('a ?? b', { a: 0, b: 'b' })).toBe(0);
    expect(evaluate('!a', { a: '' })).toBe(true);
    expect(evaluate('typeof a', { a: 1 })).toBe('number');
    expect(evaluate('typeof notInScope')).toBe('undefined');
  });

  test('member access, optional chaining, arrays, objects and templates', () => {
    const scope = { $values: { budget: { amount: 120 } }, $deps: [3, 4] };
    expect(evaluate('$values.budget.amount', scope)).toBe(120);
    expect(evaluate("$values['budget'].amount", scope)).toBe(120);
    expect(evaluate('$values.missing?.amount', scope)).toBeUndefined();
    expect(evaluate('$deps[0] + $deps[1]', scope)).toBe(7);
    expect(evaluate('{total: $deps[0] * 10, list: [1, 2]}', scope)).toEqual({ total: 30, list: [1, 2] });
    expect(evaluate('`得分 ${$deps[0]} 分`', scope)).toBe('得分 3 分');
  });

  test('arrow functions and the safe array and string methods', () => {
    const rows = [{ score: 10 }, { score: 20.5 }, { score: undefined }];
    expect(
      evaluate('rows.map(r => r.score).filter(s => s !== undefined).reduce((a, b) => a + b, 0)', { rows }),
    ).toBe(30.5);
    expect(evaluate("rows.some(r => r.score > 20) && 'abc'.includes('b')", { rows })).toBe(true);
    expect(evaluate("' 产出指标 '.trim().slice(0, 2)")).toBe('产出');
    expect(evaluate('(1.005).toFixed(1)')).toBe('1.0');
  });

  test('helpers: sum, round, min, max, abs, ratio, grade, isEmpty, Number, String, Math', () => {
    expect(evaluate('sum(0.1, 0.2, [1, "2", null, ""])')).toBe(3.3);
    expect(evaluate('round(2.675, 2)')).toBe(2.68);
    expect(evaluate('round(-2.5)')).toBe(-3);
    expect(evaluate('min(3, "1", 2)')).toBe(1);
    expect(evaluate('max([3, 9], 2)')).toBe(9);
    expect(evaluate('abs(-4)')).toBe(4);
    expect(evaluate('ratio(45, 50)')).toBe(0.9);
    expect(evaluate('ratio(1, 0)')).toBeUndefined();
    expect(evaluate('isEmpty("  ") && isEmpty([]) && !isEmpty(0)')).toBe(true);
    expect(evaluate('Number("12.5") + 1')).toBe(13.5);
    expect(evaluate('String(12) + "万元"')).toBe('12万元');
    expect(evaluate('Math.floor(Math.max(1.5, 2.5))')).toBe(2);
    const bands = [
      { label: '优', min: 90 },
      { label: '良', min: 80 },
      { label: '中', min: 60 },
      { label: '差', min: 0 },
    ];
    expect(
      [95, 90, 89.99, 80, 60, 59.9].map((total) => evaluate('grade(total, bands)', { total, bands })),
    ).toEqual(['优', '优', '良', '良', '中', '差']);
  });

  test('the scope wins over a helper of the same name, as with Formily’s `with`', () => {
    expect(evaluate('sum', { sum: 42 })).toBe(42);
  });

  test('functions the host trusts can be called; the {{ }} wrapper is optional', () => {
    const double = trustFunction((n: number) => n * 2);
    expect(evaluate('{{ double($settings.weight) }}', { double, $settings: { weight: 5 } })).toBe(10);
  });

  test('a compiled expression runs against any scope and is parsed once', () => {
    const compiled = compileExpression('{{$deps[0] * 2}}');
    expect(compiled.source).toBe('$deps[0] * 2');
    expect([1, 2, 3].map((n) => compiled.evaluate({ $deps: [n] }))).toEqual([2, 4, 6]);
    expect(compileExpression('$deps[0] * 2')).toBe(compiled);
  });
});
