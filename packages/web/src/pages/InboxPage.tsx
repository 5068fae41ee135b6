import { Alert, Card, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useCounties, useInbox } from '../api/hooks';
import type { TaskSummary } from '../api/types';
import { useUser } from '../auth/session';
import { formatTime } from '../format';

type DueFilter = 'all' | 'overdue' | 'due-soon' | 'normal';

const dueState = (t: TaskSummary): Exclude<DueFilter, 'all'> =>
  t.overdue ? 'overdue' : t.dueSoon ? 'due-soon' : 'normal';

const thisYear = new Date().getFullYear();
const YEARS = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3];

/** 待办 (open) and 已办 (completed) lists: filters by stage, year, due state and project name. */
export function InboxPage({ status }: { status: 'open' | 'completed' }) {
  const user = useUser();
  const [stage, setStage] = useState<string>();
  const [year, setYear] = useState<number>();
  const [q, setQ] = useState<string>();
  const [due, setDue] = useState<DueFilter>('all');
  const inbox = useInbox({ status, stage, year, q });
  const counties = useCounties();
  const stages = counties.data?.find((c) => c.id === user.county?.id)?.stages.filter((s) => s.enabled) ?? [];
  const items = useMemo(() => inbox.data?.items ?? [], [inbox.data]);
  const shown = status === 'open' && due !== 'all' ? items.filter((t) => dueState(t) === due) : items;
  const overdue = items.filter((t) => t.overdue).length;
  const dueSoon = items.filter((t) => t.dueSoon).length;
  const title = status === 'open' ? '待办' : '已办';

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {status === 'open' && (
        <div className="pm-stats" aria-label="待办统计">
          <Card size="small">
            <Statistic title="待办总数" value={inbox.data?.total ?? 0} />
          </Card>
          <Card size="small">
            <Statistic title="已逾期" value={overdue} valueStyle={{ color: '#cf1322' }} />
          </Card>
          <Card size="small">
            <Statistic title="三天内到期" value={dueSoon} valueStyle={{ color: '#d46b08' }} />
          </Card>
        </div>
      )}
      <Space wrap role="search" aria-label={`筛选${title}`}>
        <Select
          aria-label="环节"
          placeholder="全部环节"
          allowClear
          style={{ width: 160 }}
          value={stage}
          onChange={setStage}
          options={stages.map((s) => ({ value: s.id, label: s.label }))}
        />
        <Select
          aria-label="预算年度"
          placeholder="全部年度"
          allowClear
          style={{ width: 120 }}
          value={year}
          onChange={setYear}
          options={YEARS.map((y) => ({ value: y, label: `${y} 年` }))}
        />
        {status === 'open' && (
          <Select
            aria-label="办理状态"
            style={{ width: 130 }}
            value={due}
            onChange={setDue}
            options={[
              { value: 'all', label: '全部状态' },
              { value: 'overdue', label: '已逾期' },
              { value: 'due-soon', label: '即将到期' },
              { value: 'normal', label: '正常' },
            ]}
          />
        )}
        <Input.Search
          aria-label="搜索项目名称"
          placeholder="搜索项目名称"
          allowClear
          style={{ width: 240 }}
          onSearch={(v) => setQ(v.trim() || undefined)}
        />
      </Space>
      {inbox.error && <Alert type="error" showIcon message={inbox.error.message} />}
      <Table<TaskSummary>
        rowKey="id"
        size="middle"
        loading={inbox.isLoading}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 条` }}
        locale={{ emptyText: status === 'open' ? '暂无待办' : '暂无已办' }}
        rowClassName={(t) => (t.overdue ? 'pm-row-overdue' : t.dueSoon ? 'pm-row-due-soon' : '')}
        columns={[
          {
            title: '项目',
            dataIndex: 'projectName',
            render: (name: string, t) => <Link to={`/tasks/${t.id}`}>{name}</Link>,
          },
          { title: '环节', dataIndex: 'stageLabel', width: 130 },
          { title: '任务', dataIndex: 'name', width: 150 },
          { title: '年度', dataIndex: 'year', width: 80 },
          status === 'open'
            ? {
                title: '截止时间',
                dataIndex: 'due',
                width: 190,
                render: (value: string | null, t: TaskSummary) => (
                  <span className={t.overdue ? 'pm-overdue' : t.dueSoon ? 'pm-due-soon' : undefined}>
                    {formatTime(value)}
                    {t.overdue && (
                      <Tag color="red" style={{ marginLeft: 6 }}>
                        逾期
                      </Tag>
                    )}
                    {t.dueSoon && (
                      <Tag color="orange" style={{ marginLeft: 6 }}>
                        即将到期
                      </Tag>
                    )}
                  </span>
                ),
              }
            : {
                title: '办结时间',
                dataIndex: 'completedAt',
                width: 170,
                render: (v: string | null) => formatTime(v),
              },
          {
            title: '操作',
            width: 90,
            render: (_: unknown, t: TaskSummary) => (
              <Link
                to={`/tasks/${t.id}`}
                aria-label={`${status === 'open' ? '办理' : '查看'}：${t.projectName} ${t.name}`}
              >
                {status === 'open' ? '办理' : '查看'}
              </Link>
            ),
          },
        ]}
      />
    </Space>
  );
}
