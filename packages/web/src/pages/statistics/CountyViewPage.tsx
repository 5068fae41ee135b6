import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, query } from '../../api/client';
import { useCounties } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { EChart, type ChartOption } from '../../components/EChart';
import { downloadFile } from '../../files';
import { money } from '../../format';

type Schedule = 'red' | 'yellow' | 'normal';
type Rectification = 'open' | 'overdue' | 'done' | 'failed';
type Disclosure = 'done' | 'late' | 'pending';

interface ProjectRow {
  id: string;
  name: string;
  department: string;
  departmentName: string;
  amount: number;
  stages: Record<string, string>;
  schedule: Schedule | null;
  executionRate: number | null;
  scheduleProgress: number | null;
  score: number | null;
  grade: string | null;
  evaluations: string[];
  rectification: Rectification | null;
  disclosure: Disclosure | null;
}

interface CountyView {
  year: number;
  county: string | null;
  countyName: string;
  scope: 'all' | 'county' | 'department';
  total: number;
  totalAmount: number;
  stages: { id: string; label: string; counts: Record<string, number> }[];
  schedule: {
    redGap: number;
    departments: {
      department: string;
      departmentName: string;
      red: number;
      yellow: number;
      normal: number;
    }[];
  };
  selfEvaluation: { scores: { band: string; count: number }[]; grades: { grade: string; count: number }[] };
  coverage: {
    type: string;
    projects: number;
    amount: number;
    projectShare: number;
    amountShare: number;
    required: number | null;
    met: boolean | null;
    basis: string;
  }[];
  rectification: Record<Rectification, number>;
  disclosure: Record<Disclosure, number>;
  projects: ProjectRow[];
}

const STATUS: Record<string, { label: string; color: string }> = {
  'not-started': { label: '未开展', color: '#bfbfbf' },
  active: { label: '办理中', color: '#1677ff' },
  completed: { label: '已办结', color: '#52c41a' },
  terminated: { label: '已终止', color: '#8c8c8c' },
  failed: { label: '异常', color: '#ff4d4f' },
};
const SCHEDULE: Record<Schedule, { label: string; color: string }> = {
  red: { label: '红色预警', color: '#f5222d' },
  yellow: { label: '黄色预警', color: '#faad14' },
  normal: { label: '正常', color: '#52c41a' },
};
const RECTIFICATION: Record<Rectification, string> = {
  open: '整改中',
  overdue: '逾期未整改',
  done: '已完成整改',
  failed: '整改未完成',
};
const DISCLOSURE: Record<Disclosure, string> = { done: '已按时公开', late: '未按时公开', pending: '待公开' };
const SCORE_BANDS: [string, number, number][] = [
  ['60分以下', -Infinity, 60],
  ['60–69分', 60, 70],
  ['70–79分', 70, 80],
  ['80–89分', 80, 90],
  ['90分及以上', 90, Infinity],
];

const thisYear = new Date().getFullYear();

interface Drill {
  label: string;
  test: (row: ProjectRow) => boolean;
}

/** 统计分析: one year of the county in charts, each with the table behind it and a drill-down to the projects. */
export function CountyViewPage() {
  const user = useUser();
  const superadmin = user.systemRoles.includes('superadmin');
  const counties = useCounties();
  const [year, setYear] = useState(thisYear);
  const [county, setCounty] = useState<string | undefined>(superadmin ? undefined : user.county?.id);
  const [drill, setDrill] = useState<Drill>();
  const { message } = App.useApp();
  const view = useQuery({
    queryKey: ['county-view', year, county],
    queryFn: () => api.get<CountyView>(`/statistics/county${query({ year, county })}`),
  });
  const v = view.data;
  const exportChart = async (chart?: string) => {
    try {
      await downloadFile(`/statistics/county/export${query({ year, county, chart })}`, '统计分析.xlsx');
    } catch (err) {
      void message.error(err instanceof Error ? err.message : '导出失败');
    }
  };
  const options = useMemo(() => (v ? chartOptions(v) : undefined), [v]);
  const rows = v ? v.projects.filter((r) => !drill || drill.test(r)) : [];
  const card = (title: string, chart: string, body: React.ReactNode) => (
    <Card
      size="small"
      title={title}
      extra={
        <Button size="small" onClick={() => void exportChart(chart)} aria-label={`导出${title}`}>
          导出
        </Button>
      }
    >
      {body}
    </Card>
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          统计分析{v ? ` · ${v.countyName}` : ''}
          {v?.scope === 'department' ? '（本部门项目）' : ''}
        </Typography.Title>
        <Space wrap role="search" aria-label="统计范围">
          {superadmin && (
            <Select
              aria-label="县区"
              placeholder="全部县区"
              allowClear
              style={{ width: 180 }}
              value={county}
              onChange={(c) => {
                setCounty(c);
                setDrill(undefined);
              }}
              options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          )}
          <Select
            aria-label="预算年度"
            style={{ width: 120 }}
            value={year}
            onChange={(y) => {
              setYear(y);
              setDrill(undefined);
            }}
            options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({
              value: y,
              label: `${y} 年`,
            }))}
          />
          <Button onClick={() => void exportChart()}>全部导出</Button>
        </Space>
      </Space>
      {view.error && <Alert type="error" showIcon message={view.error.message} />}
      {v && options && (
        <>
          <Row gutter={16}>
            <Col span={6}>
              <Card size="small">
                <Statistic title="项目数" value={v.total} suffix="个" />
              </Card>
            </Col>
            <Col span={6}>
              <Card size="small">
                <Statistic title="资金总额" value={money(v.totalAmount)} />
              </Card>
            </Col>
            {v.coverage.map((c) => (
              <Col span={6} key={c.type}>
                <Card size="small">
                  <Statistic
                    title={`${c.type}覆盖（${c.basis}）`}
                    value={c.type === '部门评价' ? Math.max(c.projectShare, c.amountShare) : c.amountShare}
                    suffix="%"
                    valueStyle={{ color: c.met === false ? '#cf1322' : c.met ? '#389e0d' : undefined }}
                  />
                  <Typography.Text type="secondary">
                    {c.required === null
                      ? '本县区未规定比例'
                      : `规定不低于 ${c.required}%，${c.met ? '已达标' : '未达标'}`}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col span={12}>
              {card(
                '各环节办理情况',
                'stages',
                <EChart
                  label="各环节办理情况图"
                  option={options.stages}
                  onSelect={({ name, seriesName }) => {
                    const stage = v.stages.find((s) => s.label === name);
                    const status = Object.entries(STATUS).find(([, s]) => s.label === seriesName)?.[0];
                    if (stage && status)
                      setDrill({
                        label: `${name} · ${seriesName}`,
                        test: (r) => r.stages[stage.id] === status,
                      });
                  }}
                />,
              )}
            </Col>
            <Col span={12}>
              {card(
                `序时进度预警（落后 ${v.schedule.redGap} 个百分点及以上为红色）`,
                'schedule',
                <EChart
                  label="序时进度预警图"
                  option={options.schedule}
                  onSelect={({ name, seriesName }) => {
                    const level = (Object.keys(SCHEDULE) as Schedule[]).find(
                      (k) => SCHEDULE[k].label === seriesName,
                    );
                    if (level)
                      setDrill({
                        label: `${name} · ${seriesName}`,
                        test: (r) => r.departmentName === name && r.schedule === level,
                      });
                  }}
                />,
              )}
            </Col>
            <Col span={12}>
              {card(
                '自评得分与等级',
                'self-evaluation',
                <EChart
                  label="自评得分分布图"
                  option={options.selfEvaluation}
                  onSelect={({ name }) => {
                    const band = SCORE_BANDS.find(([b]) => b === name);
                    if (band)
                      setDrill({
                        label: `自评 ${name}`,
                        test: (r) => r.score !== null && r.score >= band[1] && r.score < band[2],
                      });
                    else setDrill({ label: `自评等级 ${name}`, test: (r) => r.grade === name });
                  }}
                />,
              )}
            </Col>
            <Col span={12}>
              {card(
                '评价覆盖情况',
                'coverage',
                <EChart
                  label="评价覆盖情况图"
                  option={options.coverage}
                  onSelect={({ name }) =>
                    setDrill({ label: name, test: (r) => r.evaluations.includes(name) })
                  }
                />,
              )}
            </Col>
            <Col span={12}>
              {card(
                '整改情况',
                'rectification',
                <EChart
                  label="整改情况图"
                  option={options.rectification}
                  onSelect={({ name }) => {
                    const key = (Object.keys(RECTIFICATION) as Rectification[]).find(
                      (k) => RECTIFICATION[k] === name,
                    );
                    if (key) setDrill({ label: name, test: (r) => r.rectification === key });
                  }}
                />,
              )}
            </Col>
            <Col span={12}>
              {card(
                '公开情况',
                'disclosure',
                <EChart
                  label="公开情况图"
                  option={options.disclosure}
                  onSelect={({ name }) => {
                    const key = (Object.keys(DISCLOSURE) as Disclosure[]).find((k) => DISCLOSURE[k] === name);
                    if (key) setDrill({ label: name, test: (r) => r.disclosure === key });
                  }}
                />,
              )}
            </Col>
          </Row>
          <Card
            size="small"
            title={
              <Space>
                项目明细
                {drill && (
                  <Tag closable onClose={() => setDrill(undefined)} color="blue">
                    {drill.label}
                  </Tag>
                )}
              </Space>
            }
            extra={
              <Button size="small" onClick={() => void exportChart('projects')}>
                导出
              </Button>
            }
          >
            <Table<ProjectRow>
              rowKey="id"
              size="small"
              aria-label="项目明细"
              dataSource={rows}
              pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个项目` }}
              columns={[
                {
                  title: '项目名称',
                  render: (_: unknown, r) => <Link to={`/projects/${r.id}`}>{r.name}</Link>,
                },
                { title: '主管部门', dataIndex: 'departmentName', width: 150 },
                { title: '资金（万元）', dataIndex: 'amount', width: 110, align: 'right' },
                {
                  title: '执行率/序时进度',
                  width: 140,
                  render: (_: unknown, r) =>
                    r.executionRate === null ? '—' : `${r.executionRate}% / ${r.scheduleProgress ?? '—'}%`,
                },
                {
                  title: '预警',
                  width: 100,
                  render: (_: unknown, r) =>
                    r.schedule ? (
                      <Tag color={SCHEDULE[r.schedule].color}>{SCHEDULE[r.schedule].label}</Tag>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: '自评',
                  width: 90,
                  render: (_: unknown, r) => (r.score === null ? '—' : `${r.score}（${r.grade ?? ''}）`),
                },
                { title: '评价', width: 120, render: (_: unknown, r) => r.evaluations.join('、') || '—' },
                {
                  title: '整改',
                  width: 100,
                  render: (_: unknown, r) => (r.rectification ? RECTIFICATION[r.rectification] : '—'),
                },
                {
                  title: '公开',
                  width: 100,
                  render: (_: unknown, r) => (r.disclosure ? DISCLOSURE[r.disclosure] : '—'),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}

function chartOptions(v: CountyView): Record<string, ChartOption> {
  const bar = (
    categories: string[],
    series: { name: string; data: number[]; color?: string }[],
    stack = true,
  ) => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      stack: stack ? 'total' : undefined,
      itemStyle: s.color ? { color: s.color } : undefined,
      label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    })),
  });
  // Empty slices are left out (a pie of zeros would draw equal slices); an empty pie says so.
  const pie = (name: string, data: { name: string; value: number }[], center = ['50%', '55%']) => ({
    type: 'pie',
    name,
    radius: ['30%', '60%'],
    center,
    data: data.filter((d) => d.value > 0),
    label: { formatter: '{b}：{c}' },
  });
  const empty = (data: { value: number }[], left = 'center') =>
    data.every((d) => d.value === 0)
      ? { title: { text: '暂无数据', left, top: 'middle', textStyle: { color: '#999', fontSize: 14 } } }
      : {};
  return {
    stages: bar(
      v.stages.map((s) => s.label),
      Object.entries(STATUS).map(([key, s]) => ({
        name: s.label,
        color: s.color,
        data: v.stages.map((st) => st.counts[key] ?? 0),
      })),
    ),
    schedule: bar(
      v.schedule.departments.map((d) => d.departmentName),
      (Object.keys(SCHEDULE) as Schedule[]).map((k) => ({
        name: SCHEDULE[k].label,
        color: SCHEDULE[k].color,
        data: v.schedule.departments.map((d) => d[k]),
      })),
    ),
    selfEvaluation: {
      ...empty(v.selfEvaluation.grades.map((g) => ({ value: g.count }))),
      tooltip: {},
      legend: { top: 0, data: ['项目数'] },
      grid: { left: 40, right: '42%', top: 36, bottom: 30, containLabel: true },
      xAxis: {
        type: 'category',
        data: v.selfEvaluation.scores.map((s) => s.band),
        axisLabel: { interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: '项目数',
          data: v.selfEvaluation.scores.map((s) => s.count),
          label: { show: true },
          itemStyle: { color: '#1677ff' },
        },
        pie(
          '自评等级',
          v.selfEvaluation.grades.map((g) => ({ name: g.grade, value: g.count })),
          ['80%', '55%'],
        ),
      ],
    },
    coverage: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 30, containLabel: true },
      xAxis: { type: 'category', data: v.coverage.map((c) => c.type) },
      yAxis: { type: 'value', name: '%', max: 100 },
      series: [
        {
          type: 'bar',
          name: '项目数占比',
          data: v.coverage.map((c) => c.projectShare),
          label: { show: true, formatter: '{c}%' },
          markLine: v.coverage.some((c) => c.required !== null)
            ? {
                symbol: 'none',
                lineStyle: { color: '#f5222d', type: 'dashed' },
                label: { formatter: '规定比例 {c}%' },
                data: [{ yAxis: v.coverage.find((c) => c.required !== null)!.required }],
              }
            : undefined,
        },
        {
          type: 'bar',
          name: '资金占比',
          data: v.coverage.map((c) => c.amountShare),
          label: { show: true, formatter: '{c}%' },
        },
      ],
    },
    rectification: {
      ...empty(Object.values(v.rectification).map((value) => ({ value }))),
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      color: ['#1677ff', '#f5222d', '#52c41a', '#faad14'],
      series: [
        pie(
          '整改',
          (Object.keys(RECTIFICATION) as Rectification[]).map((k) => ({
            name: RECTIFICATION[k],
            value: v.rectification[k],
          })),
        ),
      ],
    },
    disclosure: {
      ...empty(Object.values(v.disclosure).map((value) => ({ value }))),
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      color: ['#52c41a', '#f5222d', '#bfbfbf'],
      series: [
        pie(
          '公开',
          (Object.keys(DISCLOSURE) as Disclosure[]).map((k) => ({
            name: DISCLOSURE[k],
            value: v.disclosure[k],
          })),
        ),
      ],
    },
  };
}
