import type { StageId } from './county';

/** The stages' Chinese names, as finance officials call them (DESIGN.md, Stages). */
export const STAGE_LABELS: Record<StageId, string> = {
  'pre-assessment': '事前绩效评估',
  'target-declaration': '绩效目标申报',
  'target-adjustment': '绩效目标调整',
  monitoring: '绩效运行监控',
  'self-evaluation': '绩效自评价',
  evaluation: '绩效评价',
  'result-application': '结果应用',
  disclosure: '信息公开',
};
