import type { Setting, SettingValue } from '../county';

/**
 * County settings in the words of the regulations, for the diff: a label per key and values written the way
 * a finance officer reads them ("500万元", "11月30日", "优≥90、良≥80"). Keys not listed here show as they are.
 */
const SETTING_LABELS: Record<string, { label: string; absent?: string }> = {
  preAssessmentThreshold: { label: '事前评估门槛', absent: '无门槛' },
  preAssessmentCategories: { label: '需事前评估的项目类别', absent: '不限' },
  preAssessmentReviewPoints: { label: '事前评估要点' },
  preAssessmentActions: { label: '事前评估问题的处理' },
  targetReviewPoints: { label: '绩效目标审核要点' },
  targetSecondReviewPoints: { label: '绩效目标复审要点' },
  targetApprovalDaysAfterCongress: { label: '人代会批准预算后批复绩效目标的期限' },
  targetActions: { label: '绩效目标问题的处理' },
  commonIndicators: { label: '共性指标' },
  indicatorLibrary: { label: '绩效指标库' },
  departmentTargetDimensions: { label: '部门整体绩效目标维度' },
  monitoringRounds: { label: '绩效监控轮次' },
  monitoringReviewPoints: { label: '监控表审核重点' },
  monitoringActions: { label: '监控发现问题的处理' },
  unspentFundsRecoveryDate: { label: '未支出资金收回日期' },
  progressReportDueDates: { label: '工作进展报送日期' },
  selfEvaluationReviewPoints: { label: '自评报告审核要点' },
  selfEvaluationApprovalDaysAfterCongress: { label: '人代会批准决算后批复自评结果的期限' },
  selfEvaluationWeights: { label: '自评指标权重' },
  gradeBands: { label: '评价等级' },
  departmentEvaluationCoverage: { label: '部门评价覆盖面' },
  financeEvaluationCoverage: { label: '财政评价覆盖面' },
  departmentWideEvaluationPilots: { label: '部门整体评价试点' },
  resultAllocationWeightMin: { label: '评价结果在预算安排中的权重下限' },
  resultActions: { label: '评价结果的应用' },
  disclosureActions: { label: '信息公开问题的处理' },
};

const CATEGORY_LABELS: Record<string, string> = {
  new: '新出台',
  adjusted: '调整变更或增加规模',
  continuing: '到期申请延续',
};

const TRIGGER_LABELS: Record<string, string> = {
  missing: '未开展或未设置',
  rejected: '审核未通过',
  notResubmitted: '退回后未重新报送',
  poor: '结果为差',
  deviation: '偏离目标',
  serious: '严重偏离',
  yearEndShortfall: '年底未完成',
  ineffective: '无效',
  inefficient: '低效',
  rectificationFailed: '整改不到位',
  poorPerformance: '绩效不佳',
  spotCheckPoor: '抽查复核结果差',
};

const ACTION_LABELS: Record<string, string> = {
  correct: '纠偏',
  rectify: '整改',
  notify: '通报',
  interview: '约谈',
  refer: '移送',
  adjust: '调整项目或支出',
  'adjust-target': '调整绩效目标',
  'stop-execution': '停止执行',
  'suspend-project': '暂停项目实施',
  reduce: '调减',
  integrate: '整合',
  cancel: '取消',
  'hold-funds': '暂缓拨款',
  'stop-funds': '停止拨款',
  'recover-funds': '收回资金',
  'exclude-from-budget': '不安排预算',
  'exclude-from-project-library': '不纳入项目库',
};

const WEIGHT_LABELS: Record<string, string> = {
  budgetExecution: '预算执行',
  output: '产出',
  benefit: '效益',
  satisfaction: '满意度',
};

export function settingLabel(key: string): string {
  return SETTING_LABELS[key]?.label ?? key;
}

/** What the diff says for a county without the setting: the rule does not apply there. */
export function settingAbsentText(key: string): string {
  return SETTING_LABELS[key]?.absent ?? '未规定';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DURATION_UNITS: Record<string, string> = { Y: '年', M: '个月', W: '周', D: '日' };

/** P20D → 20日, P1M → 1个月: the ISO 8601 durations of due dates, as a deadline is said. */
export function durationText(text: string): string | undefined {
  const match = /^P(\d+)([YMWD])$/.exec(text);
  return match ? `${match[1]}${DURATION_UNITS[match[2]]}` : undefined;
}

/** 07-15 → 7月15日. */
export function monthDay(text: string): string {
  const match = /^(\d{2})-(\d{2})$/.exec(text);
  return match ? `${Number(match[1])}月${Number(match[2])}日` : text;
}

function list(values: unknown[], item: (value: unknown) => string): string {
  return values.map(item).join('、');
}

/** What an entry of a list of records is called: its label or name, when it has one. */
export function itemName(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return monthDay(String(value));
  if (!isRecord(value)) return undefined;
  const name = value.label ?? value.name;
  return typeof name === 'string' ? name : undefined;
}

function plain(value: unknown): string {
  if (typeof value === 'string') return durationText(value) ?? monthDay(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const names = value.map(itemName);
    if (names.every((name) => name !== undefined)) return names.join('、');
    return `${value.length} 项`;
  }
  if (isRecord(value))
    return Object.entries(value)
      .map(([key, child]) => `${key}：${plain(child)}`)
      .join('；');
  return '';
}

function actions(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([trigger, todo]) => {
      const steps = Array.isArray(todo)
        ? list(todo, (a) => ACTION_LABELS[String(a)] ?? String(a))
        : plain(todo);
      return `${TRIGGER_LABELS[trigger] ?? trigger}→${steps}`;
    })
    .join('；');
}

function gradeBands(value: unknown[]): string {
  const bands = value.filter(isRecord);
  return bands
    .map((band, index) => {
      const min = Number(band.min);
      const above = bands[index - 1];
      return min === 0 && above
        ? `${String(band.label)}<${String(above.min)}`
        : `${String(band.label)}≥${min}`;
    })
    .join('、');
}

function monitoringRounds(value: unknown[]): string {
  return list(value, (round) => {
    if (!isRecord(round)) return plain(round);
    const details = [
      typeof round.periodEnd === 'string' ? `截至${monthDay(round.periodEnd)}` : undefined,
      typeof round.due === 'string' ? `${monthDay(round.due)}前报送` : undefined,
      round.frequency === 'monthly' ? '每月' : undefined,
    ].filter((detail): detail is string => detail !== undefined);
    return details.length > 0 ? `${String(round.label)}（${details.join('，')}）` : String(round.label);
  });
}

function withUnit(value: SettingValue, unit: string | undefined): string {
  if (unit === undefined || unit === '月-日') return plain(value);
  if (typeof value === 'number') return `${value}${unit}`;
  if (Array.isArray(value))
    return list(value, (item) => (typeof item === 'number' ? `${item}${unit}` : plain(item)));
  return plain(value);
}

/** One setting's value as the diff prints it, e.g. "500万元", "新出台、调整变更或增加规模". */
export function settingText(key: string, setting: Pick<Setting, 'value' | 'unit'>): string {
  const { value, unit } = setting;
  if (key === 'preAssessmentCategories' && Array.isArray(value))
    return list(value, (code) => CATEGORY_LABELS[String(code)] ?? String(code));
  if (key.endsWith('Actions') && isRecord(value)) return actions(value);
  if (key === 'gradeBands' && Array.isArray(value)) return gradeBands(value);
  if (key === 'monitoringRounds' && Array.isArray(value)) return monitoringRounds(value);
  if (key === 'selfEvaluationWeights' && isRecord(value))
    return Object.entries(value)
      .map(([part, weight]) => `${WEIGHT_LABELS[part] ?? part}${plain(weight)}${unit ?? ''}`)
      .join('、');
  return withUnit(value, unit);
}
