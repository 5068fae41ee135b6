import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  approvedVersion,
  enforce,
  prefill,
  progressFrom,
  type ProjectTargets,
} from '../../server/src/services/loop/record';
import { REPO_DIR } from '../helpers/app';

type Json = Record<string, unknown>;

const form = (id: string) =>
  JSON.parse(readFileSync(path.join(REPO_DIR, 'forms', id, 'form.json'), 'utf8')) as { schema: Json };
const at = new Date('2026-03-01T00:00:00Z');

const declared: Json = {
  overallGoal: '培训 500 人',
  totalFunds: 860,
  indicators: [
    {
      level1: '产出指标',
      level2: '数量指标',
      name: '培训参加人数',
      operator: '≥',
      target: '500',
      unit: '人',
    },
    { level1: '效益指标', level2: '社会效益指标', name: '培训效果', operator: '定性', target: '明显提升' },
  ],
};

function version1(): ProjectTargets {
  const v = approvedVersion([{ form: form('target-declaration'), values: declared }], null, {
    stageId: 'target-declaration',
    instanceId: 'a',
    at,
  })!;
  return { current: v.version, versions: [v] };
}

describe('the approved version (批复版本) on the project record', () => {
  test('a declaration becomes version 1 with stable keys', () => {
    expect(version1().versions[0]).toMatchObject({
      version: 1,
      kind: 'declared',
      overallGoal: '培训 500 人',
      totalFunds: 860,
      indicators: [
        { key: 'I1', name: '培训参加人数', operator: '≥', target: '500', unit: '人' },
        { key: 'I2', name: '培训效果', operator: '定性', target: '明显提升' },
      ],
    });
  });

  test('an adjustment changes, adds and deletes indicators in a new version, keeping the old one', () => {
    const targets = version1();
    const next = approvedVersion(
      [
        {
          form: form('target-adjustment'),
          values: {
            adjustedGoal: '培训 400 人',
            adjustedFunds: 700,
            changes: [
              {
                changeType: '调整指标值',
                name: '培训参加人数',
                operator: '≥',
                adjustedTarget: '400',
                reason: '合并',
              },
              { changeType: '删除指标', name: '培训效果', reason: '不再适用' },
              {
                changeType: '新增指标',
                level1: '满意度指标',
                level2: '服务对象满意度指标',
                name: '学员满意度',
                operator: '≥',
                adjustedTarget: '90',
                unit: '%',
              },
            ],
          },
        },
      ],
      targets,
      { stageId: 'target-adjustment', instanceId: 'b', at },
    )!;
    expect(next).toMatchObject({
      version: 2,
      kind: 'adjusted',
      overallGoal: '培训 400 人',
      totalFunds: 700,
      indicators: [
        { key: 'I1', name: '培训参加人数', target: '400' },
        { key: 'I3', name: '学员满意度', target: '90', unit: '%' },
      ],
      changes: [
        { change: '调整指标值', key: 'I1', from: '500', to: '400' },
        { change: '删除指标', key: 'I2', from: '明显提升' },
        { change: '新增指标', key: 'I3', to: '90' },
      ],
    });
    expect(targets.versions[0].indicators).toHaveLength(2);
  });

  test('a form that binds nothing to the targets makes no version', () => {
    expect(
      approvedVersion([{ form: form('department-target-declaration'), values: {} }], null, {
        stageId: 'target-declaration',
        instanceId: 'c',
        at,
      }),
    ).toBeUndefined();
  });
});

describe('forms open with the approved version and cannot change it', () => {
  const project = () => ({ name: '培训项目', targets: version1() });

  test('monitoring opens prefilled: numbers as numbers, 定性 as wording', () => {
    expect(prefill(form('monitoring'), project())).toEqual({
      projectName: '培训项目',
      indicators: [
        expect.objectContaining({ name: '培训参加人数', target: 500, targetText: '500', unit: '人' }),
        expect.objectContaining({ name: '培训效果', operator: '定性', targetText: '明显提升' }),
      ],
    });
  });

  test('a submission gets the approved values back and one row per approved indicator', () => {
    const { data, errors } = enforce(form('self-evaluation'), project(), {
      projectName: '别的名字',
      indicators: [{ name: '培训参加人数', target: 1, actual: 480, points: 50 }],
    });
    expect(errors).toEqual([]);
    expect(data.projectName).toBe('培训项目');
    expect(data.indicators).toEqual([
      expect.objectContaining({ name: '培训参加人数', target: 500, actual: 480, points: 50 }),
      expect.objectContaining({ name: '培训效果', operator: '定性' }),
    ]);
  });

  test('an indicator that was not approved is refused, in monitoring and in an adjustment', () => {
    expect(
      enforce(form('monitoring'), project(), { indicators: [{ name: '自拟指标', actualToDate: 1 }] }).errors,
    ).toEqual([{ path: 'indicators.0.name', message: '「自拟指标」不是已批复的绩效指标（第 1 版批复）' }]);
    expect(
      enforce(form('target-adjustment'), project(), {
        changes: [{ changeType: '调整指标值', name: '自拟指标', adjustedTarget: '3' }],
      }).errors,
    ).toEqual([
      { path: 'changes.0.name', message: '「自拟指标」不在已批复的绩效指标中，只能调整或删除已批复的指标' },
    ]);
  });

  test('without an approved version nothing but the project name is imposed', () => {
    const data = { indicators: [{ name: '自拟指标' }] };
    expect(enforce(form('monitoring'), { name: '培训项目' }, data)).toEqual({
      data: { ...data, projectName: '培训项目' },
      errors: [],
    });
  });

  test('what a self-evaluation records: per indicator by key, and its own results', () => {
    const report = progressFrom(
      form('self-evaluation'),
      project(),
      {
        executionRate: 95,
        totalScore: 88,
        grade: '良',
        indicators: [{ name: '培训参加人数', actual: 480, points: 50, score: 48 }],
      },
      { instanceId: 'd', round: '', at },
    );
    expect(report).toEqual({
      instanceId: 'd',
      round: '',
      reportedAt: at,
      targetVersion: 1,
      values: { executionRate: 95, totalScore: 88, grade: '良' },
      indicators: [{ key: 'I1', name: '培训参加人数', actual: 480, result: null, points: 50, score: 48 }],
    });
  });
});
