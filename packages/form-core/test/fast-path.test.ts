import { validateSubmission, type FormDefinition } from '@pm/form-core';
import { countySettings, generateSubmission, selfEvaluationForm } from './fixtures/self-evaluation';

const options = { scope: { settings: countySettings } };

type Cells = Record<string, Record<string, unknown>>;

/** The `items` schema of the indicator table of a (cloned) form, to edit in place. */
function indicatorItems(form: FormDefinition): { properties: Cells } {
  const properties = form.schema.properties as Record<string, { items: { properties: Cells } }>;
  return properties.indicators!.items;
}

/** The same submission through the fast path and through the plain Formily walk. */
async function bothWays(form: FormDefinition, data: Record<string, unknown>) {
  const fast = await validateSubmission(form, structuredClone(data), options);
  const plain = await validateSubmission(form, structuredClone(data), { ...options, strategy: 'plain' });
  return { fast, plain };
}

/** A variant whose cells use more of the schema: base expressions, $record/$index, x-value, a cell validator. */
function variantForm(): FormDefinition {
  const form = structuredClone(selfEvaluationForm);
  const items = indicatorItems(form);
  const cells = items.properties;
  delete cells.unit!['x-reactions'];
  cells.unit!['x-visible'] = "{{$record.operator !== '定性'}}";
  cells.unit!['x-reactions'] = {
    dependencies: ['annualBudget'],
    fulfill: { state: { required: '{{$deps[0] > 500}}' } },
  };
  cells.level3!['x-validator'] = [
    { validator: "{{v => !v || !v.includes('测试') || '三级指标不能含“测试”'}}" },
  ];
  cells.points!.maximum = '{{$values.annualBudget > 500 ? 100 : 40}}';
  items.properties = {
    seq: { type: 'number', title: '序号', 'x-value': '{{$index + 1}}', 'x-read-only': true },
    ...cells,
  };
  return { ...form, id: 'self-evaluation-variant' };
}

function withMistakes(data: Record<string, unknown>, seed: number): Record<string, unknown> {
  const rows = data.indicators as Record<string, unknown>[];
  if (seed % 4 === 1) rows[seed % rows.length]!.level3 = '测试指标';
  if (seed % 5 === 2) rows[(seed * 7) % rows.length]!.points = 60;
  if (seed % 3 === 0) rows.forEach((row, i) => i % 2 === 0 && delete row.unit);
  return data;
}

describe('the fast path gives the plain walk’s errors and values', () => {
  const seeds = Array.from({ length: 24 }, (_, i) => i + 1);

  test.each(seeds)('自评表, generated submission %i', async (seed) => {
    const data = generateSubmission({ rows: 12, seed, mistakeRate: seed % 4 === 0 ? 0 : 0.35 });
    const { fast, plain } = await bothWays(selfEvaluationForm, data);
    expect(fast.strategy).toBe('fast');
    expect(plain.strategy).toBe('plain');
    expect(fast.errors).toEqual(plain.errors);
    expect(fast.values).toEqual(plain.values);
    expect(fast.unknownPaths).toEqual(plain.unknownPaths);
  });

  test.each(seeds)('variant with base expressions, generated submission %i', async (seed) => {
    const data = withMistakes(
      generateSubmission({ rows: 10, seed, mistakeRate: seed % 3 === 0 ? 0 : 0.3 }),
      seed,
    );
    const { fast, plain } = await bothWays(variantForm(), data);
    expect(fast.strategy).toBe('fast');
    expect(fast.errors).toEqual(plain.errors);
    expect(fast.values).toEqual(plain.values);
  });

  test('the generated mistakes do produce errors on both paths (the comparison is not vacuous)', async () => {
    const { fast } = await bothWays(
      selfEvaluationForm,
      generateSubmission({ rows: 30, seed: 3, mistakeRate: 0.5 }),
    );
    expect(fast.errors.length).toBeGreaterThanOrEqual(8);
    expect(new Set(fast.errors.map((e) => e.message)).size).toBeGreaterThanOrEqual(4);
    const data = withMistakes(generateSubmission({ rows: 10, seed: 6 }), 6);
    const variant = await bothWays(variantForm(), data);
    expect(variant.fast.errors.filter((e) => e.path.endsWith('.unit')).length).toBeGreaterThan(0);
  });
});

describe('falling back to the plain walk, never skipping validation', () => {
  function withCell(extra: Record<string, unknown>, name = 'remark'): FormDefinition {
    const form = structuredClone(selfEvaluationForm);
    indicatorItems(form).properties[name] = { type: 'string', title: '备注', ...extra };
    return { ...form, id: `fallback-${name}` };
  }

  test('a cell feature the fast path does not model: the reason is given and rows are still validated', async () => {
    const form = withCell({ default: '无', required: true, maxLength: 2 });
    const data = generateSubmission({ rows: 4, seed: 2 });
    (data.indicators as Record<string, unknown>[])[1]!.remark = '太长的备注';
    const result = await validateSubmission(form, data, options);
    expect(result.strategy).toBe('plain');
    expect(result.fallbackReason).toContain('default');
    expect(result.errors).toContainEqual({ path: 'indicators.1.remark', message: '长度或条目数不能大于2' });
  });

  test('a reaction with a target', async () => {
    const form = withCell({ 'x-reactions': { target: 'totalScore', fulfill: { state: { visible: true } } } });
    const result = await validateSubmission(form, generateSubmission({ rows: 3, seed: 1 }), options);
    expect(result).toMatchObject({ strategy: 'plain', fallbackReason: expect.stringContaining('target') });
  });

  test('a dependency reaching into a row of a table', async () => {
    const form = withCell({
      'x-reactions': { dependencies: ['indicators.0.points'], fulfill: { state: { visible: true } } },
    });
    const result = await validateSubmission(form, generateSubmission({ rows: 3, seed: 1 }), options);
    expect(result).toMatchObject({
      strategy: 'plain',
      fallbackReason: expect.stringContaining('indicators.0.points'),
    });
  });

  test('an expression reading a Field member RowField does not model', async () => {
    const form = withCell({ required: true, 'x-visible': '{{$self.parent !== undefined}}' });
    const result = await validateSubmission(form, generateSubmission({ rows: 3, seed: 1 }), options);
    expect(result).toMatchObject({ strategy: 'plain', fallbackReason: expect.stringContaining('parent') });
    expect(result.errors).toContainEqual({ path: 'indicators.0.remark', message: '该字段是必填字段' });
  });

  test('a row that is not an object', async () => {
    const data = generateSubmission({ rows: 3, seed: 1 });
    (data.indicators as unknown[])[1] = 'not a row';
    const { fast, plain } = await bothWays(selfEvaluationForm, data);
    expect(fast).toMatchObject({
      strategy: 'plain',
      fallbackReason: expect.stringContaining('表格行不是对象'),
    });
    expect(fast.errors).toEqual(plain.errors);
  });

  test('a table that is not a list is an error before any walk', async () => {
    const result = await validateSubmission(selfEvaluationForm, { indicators: { 0: {} } }, options);
    expect(result.errors).toContainEqual({ path: 'indicators', message: '该字段应为列表' });
  });
});
