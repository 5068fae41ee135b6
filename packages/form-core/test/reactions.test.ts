import { validateSubmission } from '@pm/form-core';
import { errorsOf, reactionsForm } from './helpers';

describe('reactions decide what is shown, required and computed', () => {
  test('hidden fields are neither validated nor kept; display:hidden keeps the value unvalidated', async () => {
    const result = await validateSubmission(reactionsForm, {
      kind: 'new',
      reason: '新项目不该有延续理由',
      previousYear: 80,
      hiddenNote: '',
      budget: 100,
      spent: 90,
    });
    expect(result.errors).toEqual([]);
    expect(result.values).not.toHaveProperty('reason');
    expect(result.values).not.toHaveProperty('previousYear');
    expect(result.values).toHaveProperty('hiddenNote', '');
  });

  test('a field shown by a reaction (dependencies or $values) is required again', async () => {
    expect(await errorsOf(reactionsForm, { kind: 'continuing', budget: 100, spent: 90 })).toEqual([
      'reason: 该字段是必填字段',
      'previousYear: 该字段是必填字段',
    ]);
  });

  test('disabled and read-only fields are not validated, as in the browser', async () => {
    const result = await validateSubmission(reactionsForm, { kind: 'new', budget: 1, spent: 1 });
    expect(result.errors.map((e) => e.path)).not.toEqual(expect.arrayContaining(['locked', 'readOnlyNote']));
  });

  test('computed values are recomputed and the submitted ones ignored', async () => {
    const result = await validateSubmission(reactionsForm, {
      kind: 'new',
      budget: 200,
      spent: 150,
      rate: 99,
      stamp: '伪造的值',
    });
    expect(result.values).toMatchObject({ rate: 75, stamp: '系统生成' });
  });

  test('required-when: the reason becomes required once the computed rate passes 100', async () => {
    expect(await errorsOf(reactionsForm, { kind: 'new', budget: 100, spent: 120 })).toEqual([
      'overspendReason: 该字段是必填字段',
    ]);
    expect(
      await errorsOf(reactionsForm, { kind: 'new', budget: 100, spent: 120, overspendReason: '追加任务' }),
    ).toEqual([]);
  });
});
