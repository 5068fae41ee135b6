import {
  diffCounties,
  type CountyManifest,
  type DiffEntry,
  type DiffSide,
  type FormDefinition,
  type ProcessOutline,
} from '../src';

const STAGE_OFF = { enabled: false };
const STAGE_ON = { enabled: true, source: { clause: '一' } };

function county(id: string, name: string, patch: Partial<CountyManifest> = {}): CountyManifest {
  return {
    id,
    name,
    level: '县',
    source: { title: `${name}办法`, seed: 'x.txt' },
    orgUnits: [
      { code: 'yewu', name: '业务股室', kind: 'finance-section' },
      { code: 'zonghe', name: '综合股', kind: 'finance-section' },
      { code: 'yusuan', name: '预算股', kind: 'finance-section' },
    ],
    roles: {
      declarant: ['$department'],
      'first-reviewer': ['yewu'],
      'second-reviewer': ['zonghe'],
      approver: ['yusuan'],
    },
    settings: {},
    stages: {
      'pre-assessment': STAGE_OFF,
      'target-declaration': STAGE_ON,
      'target-adjustment': STAGE_OFF,
      monitoring: STAGE_ON,
      'self-evaluation': STAGE_OFF,
      evaluation: STAGE_OFF,
      'result-application': STAGE_OFF,
      disclosure: STAGE_OFF,
    },
    ...patch,
  };
}

const monitoringForm: FormDefinition = {
  id: 'monitoring',
  title: '绩效运行监控表',
  version: '1',
  schemaVersion: 1,
  schema: {
    type: 'object',
    properties: {
      executionRate: { type: 'number', title: '预算执行率（%）', required: true, minimum: 0, maximum: 100 },
      deviationReason: { type: 'string', title: '偏差原因', enum: ['经费', '制度', '其他'] },
      indicators: {
        type: 'array',
        title: '绩效指标',
        items: { type: 'object', properties: { actual: { type: 'string', title: '实际完成值' } } },
      },
    },
  },
};

const declaration = (...steps: [string, string, string][]): ProcessOutline => ({
  processId: 'target-declaration',
  tasks: steps.map(([id, name, role]) => ({ id, name, candidateRoles: [role], due: null })),
});

function side(manifest: CountyManifest, forms: FormDefinition[], outline?: ProcessOutline): DiffSide {
  return {
    label: manifest.name,
    county: manifest,
    forms: new Map(forms.map((form) => [form.id, form])),
    stages: outline ? { 'target-declaration': outline } : {},
  };
}

const sentences = (entries: DiffEntry[]): string[] => entries.map((entry) => entry.sentence);

describe('diffCounties', () => {
  test('stages one county runs and the other does not', () => {
    const a = county('hailin', '海林市');
    const b = county('qitai', '奇台县', { stages: { ...a.stages, monitoring: STAGE_OFF } });
    const entries = diffCounties(side(a, []), side(b, []));
    expect(entries).toEqual([
      {
        topic: 'stage',
        stage: 'monitoring',
        enabled: [true, false],
        sentence: '海林市 开展「绩效运行监控」，奇台县 不开展',
      },
    ]);
  });

  test('settings with their values and units, and what a missing setting means', () => {
    const a = county('hailin', '海林市', {
      settings: {
        preAssessmentThreshold: { value: 500, unit: '万元', source: { clause: '二（二）' } },
        unspentFundsRecoveryDate: { value: '11-30', unit: '月-日', source: { clause: '二（四）' } },
        gradeBands: {
          value: [
            { id: 'excellent', label: '优', min: 90 },
            { id: 'good', label: '良', min: 80 },
            { id: 'poor', label: '差', min: 0 },
          ],
          unit: '分',
          source: { national: true, ref: '财预〔2020〕10号' },
        },
      },
    });
    const b = county('qitai', '奇台县', {
      settings: {
        gradeBands: {
          value: [
            { id: 'excellent', label: '优', min: 85 },
            { id: 'poor', label: '差', min: 0 },
          ],
          unit: '分',
          source: { national: true, ref: '财预〔2020〕10号' },
        },
      },
    });
    expect(sentences(diffCounties(side(a, []), side(b, [])))).toEqual([
      '事前评估门槛：海林市 500万元；奇台县 无门槛',
      '未支出资金收回日期：海林市 11月30日；奇台县 未规定',
      '评价等级：海林市 优≥90、良≥80、差<80；奇台县 优≥85、差<85',
    ]);
  });

  test('form fields added, removed and changed, by their titles', () => {
    const properties = monitoringForm.schema.properties as Record<string, Record<string, unknown>>;
    const changed: FormDefinition = {
      ...monitoringForm,
      schema: {
        type: 'object',
        properties: {
          executionRate: { ...properties.executionRate, required: false, maximum: 120 },
          deviationReason: { ...properties.deviationReason, enum: ['经费', '制度', '人员', '其他'] },
          monthlyExecuted: { type: 'number', title: '月度执行数' },
          indicators: {
            ...properties.indicators,
            items: {
              type: 'object',
              properties: {
                actual: { type: 'string', title: '实际完成值' },
                monthActual: { type: 'string', title: '本月完成值' },
              },
            },
          },
        },
      },
    };
    const a = side(county('hailin', '海林市'), [monitoringForm]);
    const b = side(county('qitai', '奇台县'), [changed]);
    expect(sentences(diffCounties(a, b))).toEqual([
      '奇台县 绩效运行监控表 增加字段「月度执行数」',
      '奇台县 绩效运行监控表 增加字段「绩效指标」的「本月完成值」',
      '绩效运行监控表「预算执行率（%）」：海林市 必填；奇台县 选填',
      '绩效运行监控表「预算执行率（%）」的上限：海林市 100；奇台县 120',
      '绩效运行监控表「偏差原因」的选项：海林市 经费、制度、其他；奇台县 经费、制度、人员、其他',
    ]);
    expect(sentences(diffCounties(b, a))).toContain(
      '海林市 绩效运行监控表 没有字段「月度执行数」（奇台县 有）',
    );
  });

  test('process steps by name and the unit that takes them, and their order', () => {
    const base = declaration(
      ['declare', '填报', 'declarant'],
      ['first', '初审', 'first-reviewer'],
      ['approve', '批复', 'approver'],
    );
    const extra = declaration(
      ['declare', '填报', 'declarant'],
      ['first', '初审', 'first-reviewer'],
      ['second', '复审', 'second-reviewer'],
      ['approve', '批复', 'approver'],
    );
    const a = side(county('hailin', '海林市'), [], base);
    const b = side(county('heilongjiang-city', '黑龙江某市市本级'), [], extra);
    expect(sentences(diffCounties(a, b))).toEqual(['黑龙江某市市本级 绩效目标申报 多一道「综合股复审」']);
    expect(sentences(diffCounties(b, a))).toEqual([
      '海林市 绩效目标申报 少一道「综合股复审」（黑龙江某市市本级 有）',
    ]);

    const swapped = declaration(
      ['declare', '填报', 'declarant'],
      ['approve', '批复', 'approver'],
      ['first', '初审', 'second-reviewer'],
    );
    expect(sentences(diffCounties(a, side(county('qitai', '奇台县'), [], swapped)))).toEqual([
      '绩效目标申报「初审」的办理单位：海林市 业务股室；奇台县 综合股',
      '绩效目标申报 的办理顺序：海林市 填报→初审→批复；奇台县 填报→批复→初审',
    ]);
  });

  test('nothing to say about equal sides', () => {
    const a = side(
      county('hailin', '海林市'),
      [monitoringForm],
      declaration(['declare', '填报', 'declarant']),
    );
    expect(diffCounties(a, { ...a, label: '海林市（第 2 版）' })).toEqual([]);
  });
});
