import path from 'node:path';
import {
  countySettingValues,
  loadCounties,
  readRepositoryArtifacts,
  resolveForm,
  type CountyManifest,
  type FormArtifact,
} from '@pm/config';
import { validateSubmission, type FormDefinition } from '@pm/form-core';
import { REPO_DIR } from '../helpers/app';

const counties = loadCounties(path.join(REPO_DIR, 'counties'));
const artifacts = readRepositoryArtifacts(REPO_DIR);
const county = (id: string): CountyManifest => counties.find((c) => c.id === id)!;
const project = { name: '农村学校校舍维修改造', amount: 860, year: 2026, category: 'new' };

type Row = Record<string, unknown>;
type Schema = { properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };

function resolved(formId: string, countyId: string): FormDefinition {
  return resolveForm(artifacts.forms.get(formId) as FormArtifact, countyId) as unknown as FormDefinition;
}

async function validate(formId: string, countyId: string, change: (data: Row) => void = () => {}) {
  const data = structuredClone(artifacts.forms.get(formId)!.example) as Row;
  change(data);
  return validateSubmission(resolved(formId, countyId), data, {
    scope: { settings: countySettingValues(county(countyId)), project },
  });
}

/** Dotted paths (rows as `*`) of the fields a schema declares. */
function fieldPaths(schema: Schema, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const here = `${prefix}${key}`;
    return [here, ...(child.items ? fieldPaths(child.items, `${here}.*.`) : fieldPaths(child, `${here}.`))];
  });
}

const formIds = [...artifacts.forms.keys()].sort();

describe('forms: every example is a valid record for every county', () => {
  test('the stage forms the practice expects are all there', () => {
    expect(formIds).toEqual([
      'department-target-declaration',
      'disclosure',
      'evaluation-plan',
      'evaluation-report',
      'feedback-notice',
      'interview-record',
      'monitoring',
      'pre-assessment',
      'rectification-report',
      'self-evaluation',
      'target-adjustment',
      'target-declaration',
    ]);
    for (const id of formIds) {
      const form = artifacts.forms.get(id)!.base;
      expect(form).toMatchObject({ id, version: '1', schemaVersion: 1, schema: { type: 'object' } });
      expect(form.title).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  const cases = formIds.flatMap((formId) => counties.map((c) => [formId, c.id] as const));
  test.each(cases)('%s example validates for %s', async (formId, countyId) => {
    const result = await validate(formId, countyId);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    // Fields the example carries for another county's variant are the only unknown ones.
    const known = new Set(
      counties.flatMap((c) => fieldPaths(resolved(formId, c.id).schema as unknown as Schema)),
    );
    for (const unknown of result.unknownPaths) expect(known).toContain(unknown.replace(/\.\d+\./g, '.*.'));
  });

  test.each(cases)(
    '%s example for %s: the server keeps every value as given (computed ones agree)',
    async (formId, countyId) => {
      const result = await validate(formId, countyId);
      // Hidden fields and another county's fields are dropped; what is kept equals the example.
      expect(artifacts.forms.get(formId)!.example).toMatchObject(result.values);
    },
  );
});

describe('forms: county variants follow their regulations', () => {
  test('changzhi-bureau shows 效果/环境效益 (第八条) over the national stored values', async () => {
    const schema = resolved('target-declaration', 'changzhi-bureau').schema as unknown as Schema;
    const row = schema.properties!.indicators.items!.properties!;
    expect(row.level1.enum).toContainEqual({ label: '效果指标', value: '效益指标' });
    expect(row.level2.enum).toContainEqual({ label: '环境效益指标', value: '生态效益指标' });
    const missing = await validate('target-declaration', 'changzhi-bureau', (data) => {
      data.indicators = (data.indicators as Row[]).filter((r) => r.level1 !== '效益指标');
    });
    expect(missing.errors).toEqual([{ path: 'indicators', message: '缺少效果指标' }]);
    const national = await validate('target-declaration', 'hailin', (data) => {
      data.indicators = (data.indicators as Row[]).filter((r) => r.level1 !== '效益指标');
    });
    expect(national.errors).toEqual([{ path: 'indicators', message: '缺少效益指标' }]);
  });

  test('jinan-shizhong requires its three 共性指标 (第十条); elsewhere they are optional', async () => {
    const result = await validate('target-declaration', 'jinan-shizhong', (data) => {
      data.commonIndicators = (data.commonIndicators as Row[]).filter((r) => r.name !== '预算到项目率');
    });
    expect(result.errors).toEqual([{ path: 'commonIndicators', message: '缺少共性指标「预算到项目率」' }]);
    const none = await validate(
      'target-declaration',
      'jinan-shizhong',
      (data) => delete data.commonIndicators,
    );
    // The three rows are offered by default; their values must still be filled in.
    expect(none.errors.map((e) => e.path)).toEqual([
      'commonIndicators.0.target',
      'commonIndicators.1.target',
      'commonIndicators.2.target',
    ]);
    expect((await validate('target-declaration', 'qitai', (data) => delete data.commonIndicators)).ok).toBe(
      true,
    );
  });

  test('qitai monitors monthly (双监控): 本月执行数 and 本月完成值 are required there only', async () => {
    const result = await validate('monitoring', 'qitai', (data) => {
      delete data.monthExecuted;
      delete (data.indicators as Row[])[0].monthActual;
    });
    expect(result.errors).toEqual([
      { path: 'indicators.0.monthActual', message: '该字段是必填字段' },
      { path: 'monthExecuted', message: '该字段是必填字段' },
    ]);
    const elsewhere = await validate('monitoring', 'heilongjiang-city');
    expect(elsewhere.values).not.toHaveProperty('monthExecuted');
  });

  test('monitoring: execution rate, 序时进度 warning and deviation are computed, deviations need reasons', async () => {
    const result = await validate('monitoring', 'heilongjiang-city', (data) => {
      data.executed = 430;
      data.executionRate = 100;
      const row = (data.indicators as Row[])[1];
      row.expectedYear = 90;
      row.deviationRate = 0;
    });
    expect(result.values).toMatchObject({ executionRate: 50, scheduleProgress: 50, scheduleWarning: '正常' });
    expect((result.values.indicators as Row[])[1].deviationRate).toBe(-10);
    expect(result.errors).toEqual([{ path: 'indicators.1.deviationReason', message: '该字段是必填字段' }]);
  });

  test('self-evaluation: points follow the county weights, total and grade from its grade bands', async () => {
    const result = await validate('self-evaluation', 'changzhi-bureau');
    expect(result.values).toMatchObject({ executionScore: 9.5, totalScore: 97.83, grade: '优' });
    const wrong = await validate('self-evaluation', 'changzhi-bureau', (data) => {
      (data.indicators as Row[])[0].points = 10;
    });
    expect(wrong.errors).toEqual([{ path: 'indicators', message: '产出指标分值合计40，应为50' }]);
    const poor = await validate('self-evaluation', 'hailin', (data) => {
      data.executed = 300;
      for (const row of data.indicators as Row[]) {
        if (row.operator === '定性') row.result = '未达成';
        else row.actual = 0;
        row.deviationReason = '项目未实施';
      }
    });
    expect(poor.values).toMatchObject({ totalScore: 3.49, grade: '差' });
    expect(poor.errors).toEqual([{ path: 'rectificationPlan', message: '该字段是必填字段' }]);
  });

  test('hailin: coverage ≥ 20% for 部门评价, 差 → 压减/整合/取消, allocation weight ≥ 10%', async () => {
    const plan = await validate('evaluation-plan', 'hailin', (data) => {
      Object.assign(data, { evaluationType: '部门评价', coverageCount: 10, coverageAmount: 15 });
    });
    expect(plan.errors).toEqual([
      { path: 'coverageAmount', message: '部门评价应覆盖项目数或资金总额的20%以上' },
    ]);
    const elsewhere = await validate('evaluation-plan', 'heilongjiang-city', (data) => {
      Object.assign(data, { evaluationType: '部门评价', coverageCount: 10, coverageAmount: 15 });
    });
    expect(elsewhere.ok).toBe(true);
    const notice = await validate('feedback-notice', 'hailin', (data) => {
      Object.assign(data, { budgetConsequence: '维持', allocationWeight: 5 });
    });
    expect(notice.errors).toEqual([
      { path: 'budgetConsequence', message: '评价结果为差的，按规定应压减、整合、取消' },
      { path: 'allocationWeight', message: '原则上不低于10%' },
    ]);
    const qitai = await validate('feedback-notice', 'qitai', (data) => (data.budgetConsequence = '整合'));
    expect(qitai.errors).toEqual([
      { path: 'budgetConsequence', message: '评价结果为差的，按规定应压减、取消' },
    ]);
  });
});

describe('indicator libraries (settings.indicatorLibrary)', () => {
  const row = (resolved('target-declaration', 'hailin').schema as unknown as Schema).properties!.indicators
    .items!.properties!;
  test.each(counties.map((c) => c.id))('%s: entries fit the 绩效目标申报表 vocabulary', (countyId) => {
    const settings = countySettingValues(county(countyId));
    const library = settings.indicatorLibrary as Row[];
    expect(library.length).toBeGreaterThan(0);
    for (const entry of library) {
      expect(entry.basis).toBeTruthy();
      if (entry.common) continue;
      expect(row.level1.enum).toContain(entry.level1);
      expect(row.level2.enum).toContain(entry.level2);
      expect(row.operator.enum).toContain(entry.operator);
    }
    const common = library.filter((entry) => entry.common).map((entry) => entry.name);
    expect(common).toEqual(settings.commonIndicators ?? []);
  });
});
