import ExcelJS from 'exceljs';
import { STATUS_LABELS } from '../exports';
import type { CountyView } from './county-view';

export const CHART_IDS = [
  'stages',
  'schedule',
  'self-evaluation',
  'coverage',
  'rectification',
  'disclosure',
  'projects',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

const SCHEDULE = { red: '红色预警', yellow: '黄色预警', normal: '正常' };
const RECTIFICATION = { open: '整改中', overdue: '逾期未整改', done: '已完成整改', failed: '整改未完成' };
const DISCLOSURE = { done: '已按时公开', late: '未按时公开', pending: '待公开' };

/** Each chart's table as a sheet (the numbers behind it), or all of them in one workbook. */
export async function countyViewWorkbook(view: CountyView, only?: ChartId): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '预算绩效管理平台';
  const sheet = (id: ChartId, name: string, header: string[], rows: unknown[][]) => {
    if (only && only !== id) return;
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([`${view.countyName} ${view.year}年度 ${name}`]).font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, Math.max(1, header.length));
    const head = ws.addRow(header);
    head.font = { bold: true };
    rows.forEach((r) => ws.addRow(r));
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 14));
  };
  const statuses = Object.keys(STATUS_LABELS);
  sheet(
    'stages',
    '各环节办理情况',
    ['环节', ...statuses.map((s) => STATUS_LABELS[s])],
    view.stages.map((s) => [s.label, ...statuses.map((k) => s.counts[k] ?? 0)]),
  );
  sheet(
    'schedule',
    '序时进度预警',
    ['部门', SCHEDULE.red, SCHEDULE.yellow, SCHEDULE.normal],
    view.schedule.departments.map((d) => [d.departmentName, d.red, d.yellow, d.normal]),
  );
  if (!only || only === 'self-evaluation') {
    sheet(
      'self-evaluation',
      '自评得分分布',
      ['分数段', '项目数'],
      view.selfEvaluation.scores.map((b) => [b.band, b.count]),
    );
    const ws = workbook.getWorksheet('自评得分分布')!;
    ws.addRow([]);
    ws.addRow(['自评等级', '项目数']).font = { bold: true };
    view.selfEvaluation.grades.forEach((g) => ws.addRow([g.grade, g.count]));
  }
  sheet(
    'coverage',
    '评价覆盖情况',
    [
      '评价类型',
      '项目数',
      '资金（万元）',
      '项目数占比（%）',
      '资金占比（%）',
      '规定比例（%）',
      '是否达标',
      '口径',
    ],
    view.coverage.map((c) => [
      c.type,
      c.projects,
      c.amount,
      c.projectShare,
      c.amountShare,
      c.required ?? '未规定',
      c.met === null ? '—' : c.met ? '达标' : '未达标',
      c.basis,
    ]),
  );
  sheet(
    'rectification',
    '整改情况',
    ['情况', '项目数'],
    Object.entries(RECTIFICATION).map(([k, label]) => [
      label,
      view.rectification[k as keyof typeof RECTIFICATION],
    ]),
  );
  sheet(
    'disclosure',
    '公开情况',
    ['情况', '项目数'],
    Object.entries(DISCLOSURE).map(([k, label]) => [label, view.disclosure[k as keyof typeof DISCLOSURE]]),
  );
  sheet(
    'projects',
    '项目明细',
    [
      '项目名称',
      '主管部门',
      '资金总额（万元）',
      '预算执行率（%）',
      '序时进度（%）',
      '序时进度预警',
      '自评得分',
      '自评等级',
      '评价',
      '整改',
      '公开',
    ],
    view.projects.map((p) => [
      p.name,
      p.departmentName,
      p.amount,
      p.executionRate ?? '',
      p.scheduleProgress ?? '',
      p.schedule ? SCHEDULE[p.schedule] : '',
      p.score ?? '',
      p.grade ?? '',
      p.evaluations.join('、'),
      p.rectification ? RECTIFICATION[p.rectification] : '',
      p.disclosure ? DISCLOSURE[p.disclosure] : '',
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
