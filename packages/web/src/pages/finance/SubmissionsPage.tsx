import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, query } from '../../api/client';
import { useCounties } from '../../api/hooks';
import type { RoundView, SubmissionStatus, Submissions } from '../../api/types';
import { useUser } from '../../auth/session';
import { formatDate, formatTime } from '../../format';

const STATUS: Record<SubmissionStatus, { label: string; color: string }> = {
  overdue: { label: '逾期未报', color: 'red' },
  'not-started': { label: '未发起', color: 'default' },
  'due-soon': { label: '即将到期', color: 'orange' },
  awaiting: { label: '待报送', color: 'gold' },
  submitted: { label: '已报送', color: 'blue' },
  completed: { label: '已办结', color: 'green' },
};

/** 报送情况: which projects have not yet filed a stage (or a monitoring round), overdue first. */
export function SubmissionsPage() {
  const user = useUser();
  const county = user.county?.id;
  const counties = useCounties();
  const stages = counties.data?.find((c) => c.id === county)?.stages.filter((s) => s.enabled) ?? [];
  const [stageId, setStageId] = useState('monitoring');
  const [round, setRound] = useState<string>();
  const [status, setStatus] = useState<SubmissionStatus>();
  const rounds = useQuery({
    queryKey: ['rounds', county, stageId],
    queryFn: () => api.get<RoundView[]>(`/finance/rounds${query({ county, stageId })}`),
    enabled: Boolean(county),
  });
  const activeRound = round ?? rounds.data?.[0]?.round ?? '';
  const data = useQuery({
    queryKey: ['submissions', county, stageId, activeRound],
    queryFn: () =>
      api.get<Submissions>(`/finance/submissions${query({ county, stageId, round: activeRound })}`),
    enabled: Boolean(county) && rounds.isFetched,
    refetchInterval: 60_000,
  });
  const items = (data.data?.items ?? []).filter((i) => !status || i.status === status);
  const counts = data.data?.counts;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        报送情况
      </Typography.Title>
      <Space wrap role="search" aria-label="筛选报送情况">
        <Select
          aria-label="环节"
          style={{ width: 170 }}
          value={stageId}
          onChange={(v) => {
            setStageId(v);
            setRound(undefined);
          }}
          options={stages.map((s) => ({ value: s.id, label: s.label }))}
        />
        <Select
          aria-label="轮次"
          style={{ width: 300 }}
          value={activeRound}
          onChange={setRound}
          options={[
            ...(rounds.data ?? []).map((r) => ({
              value: r.round,
              label: `${r.round}（截止 ${formatDate(r.due)}）`,
            })),
            { value: '', label: '不分轮次（全部项目）' },
          ]}
        />
        <Select
          aria-label="报送状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
        />
      </Space>
      {data.error && <Alert type="error" showIcon message={data.error.message} />}
      {counts && (
        <div className="pm-stats" aria-label="报送统计">
          <Card size="small">
            <Statistic title="逾期未报" value={counts.overdue} valueStyle={{ color: '#cf1322' }} />
          </Card>
          <Card size="small">
            <Statistic title="即将到期" value={counts['due-soon']} valueStyle={{ color: '#d46b08' }} />
          </Card>
          <Card size="small">
            <Statistic title="待报送 / 未发起" value={counts.awaiting + counts['not-started']} />
          </Card>
          <Card size="small">
            <Statistic
              title="已报送 / 已办结"
              value={counts.submitted + counts.completed}
              valueStyle={{ color: '#389e0d' }}
            />
          </Card>
        </div>
      )}
      <Table
        rowKey="projectId"
        size="middle"
        loading={data.isLoading}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 个项目` }}
        rowClassName={(i) =>
          i.status === 'overdue' ? 'pm-row-overdue' : i.status === 'due-soon' ? 'pm-row-due-soon' : ''
        }
        columns={[
          {
            title: '项目',
            dataIndex: 'projectName',
            render: (v: string, i) => <Link to={`/projects/${i.projectId}`}>{v}</Link>,
          },
          { title: '主管部门', width: 170, render: (_: unknown, i) => i.department.name },
          {
            title: '状态',
            width: 110,
            dataIndex: 'status',
            render: (s: SubmissionStatus) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag>,
          },
          { title: '当前任务', width: 170, dataIndex: 'taskName', render: (v: string | null) => v ?? '—' },
          {
            title: '截止时间',
            width: 160,
            dataIndex: 'due',
            render: (v: string | null, i) => (
              <span
                className={
                  i.status === 'overdue' ? 'pm-overdue' : i.status === 'due-soon' ? 'pm-due-soon' : undefined
                }
              >
                {formatTime(v)}
              </span>
            ),
          },
          {
            title: '报送时间',
            width: 160,
            dataIndex: 'submittedAt',
            render: (v: string | null) => formatTime(v),
          },
        ]}
      />
    </Space>
  );
}
