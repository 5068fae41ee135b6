import { validateSubmission } from '@pm/form-core';
import { countySettings, generateSubmission, selfEvaluationForm } from './fixtures/self-evaluation';

const options = { scope: { settings: countySettings } };

/** Two output rows, one benefit row, one satisfaction row: points 25 + 25, 30, 10. */
function smallSubmission(): Record<string, unknown> {
  return {
    projectName: '乡村道路养护项目',
    department: '农业农村局',
    contactPhone: '13800138000',
    annualBudget: 200,
    executed: 180,
    reviewer: '张三',
    indicators: [
      {
        level1: '产出指标',
        level2: '数量指标',
        level3: '养护里程',
        operator: '≥',
        target: 100,
        unit: '公里',
        actual: 120,
        points: 25,
      },
      {
        level1: '产出指标',
        level2: '质量指标',
        level3: '合格率',
        operator: '≥',
        target: 100,
        unit: '%',
        actual: 80,
        points: 25,
        deviationReason: '雨季返工',
      },
      {
        level1: '效益指标',
        level2: '社会效益指标',
        level3: '通行时间缩短',
        operator: '定性',
        result: '部分达成',
        points: 30,
        deviationReason: '部分路段未完工',
      },
      {
        level1: '满意度指标',
        level2: '服务对象满意度指标',
        level3: '群众满意度',
        operator: '≥',
        target: 90,
        unit: '%',
        actual: 95,
        points: 10,
      },
    ],
  };
}

describe('自评表: scores, total and grade recomputed from the county weights', () => {
  test('per-row scores, budget execution score, total and grade', async () => {
    const result = await validateSubmission(selfEvaluationForm, smallSubmission(), options);
    expect(result.errors).toEqual([]);
    const rows = result.values.indicators as Record<string, unknown>[];
    expect(rows.map((row) => row.score)).toEqual([25, 20, 18, 10]);
    // 执行率 90% of the 10-point weight, plus 73 from the indicators.
    expect(result.values).toMatchObject({
      executionRate: 90,
      executionScore: 9,
      totalScore: 82,
      grade: '良',
    });
  });

  test('submitted scores, totals and grades are ignored', async () => {
    const data = smallSubmission();
    Object.assign(data, { executionRate: 100, executionScore: 10, totalScore: 100, grade: '优' });
    (data.indicators as Record<string, unknown>[]).forEach((row) => (row.score = row.points));
    const result = await validateSubmission(selfEvaluationForm, data, options);
    expect(result.values).toMatchObject({ totalScore: 82, grade: '良' });
  });

  test('other county weights change the execution score and so the grade', async () => {
    const settings = {
      ...countySettings,
      selfEvaluationWeights: { budgetExecution: 20, output: 50, benefit: 30, satisfaction: 10 },
    };
    const result = await validateSubmission(selfEvaluationForm, smallSubmission(), { scope: { settings } });
    expect(result.values).toMatchObject({ executionScore: 18, totalScore: 91, grade: '优' });
    expect(result.errors).toEqual([]);
  });

  test('points must add up to each first-level weight', async () => {
    const data = smallSubmission();
    (data.indicators as Record<string, unknown>[])[0]!.points = 20;
    const result = await validateSubmission(selfEvaluationForm, data, options);
    expect(result.errors).toEqual([{ path: 'indicators', message: '产出指标分值合计45，应为50' }]);
  });

  test('grade bands: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60; 差 requires a rectification plan', async () => {
    const data = smallSubmission();
    data.executed = 20;
    for (const row of data.indicators as Record<string, unknown>[]) {
      if (row.operator === '≥') row.actual = (row.target as number) / 2;
      else row.result = '未达成';
      row.deviationReason = '进度滞后';
    }
    const result = await validateSubmission(selfEvaluationForm, data, options);
    expect(result.values).toMatchObject({ totalScore: 31, grade: '差' });
    expect(result.errors).toEqual([{ path: 'rectificationPlan', message: '该字段是必填字段' }]);
  });

  test('a row below its points needs a deviation reason; a qualitative row hides target and actual', async () => {
    const data = smallSubmission();
    const rows = data.indicators as Record<string, unknown>[];
    delete rows[1]!.deviationReason;
    rows[2]!.target = 50;
    const result = await validateSubmission(selfEvaluationForm, data, options);
    expect(result.errors).toEqual([{ path: 'indicators.1.deviationReason', message: '该字段是必填字段' }]);
    expect((result.values.indicators as Record<string, unknown>[])[2]).not.toHaveProperty('target');
  });

  test('a generated 200-row submission is valid and takes the fast path', async () => {
    const result = await validateSubmission(
      selfEvaluationForm,
      generateSubmission({ rows: 200, seed: 11 }),
      options,
    );
    expect(result.strategy).toBe('fast');
    expect(result.errors.filter((error) => !error.path.endsWith('deviationReason'))).toEqual([]);
  });
});
