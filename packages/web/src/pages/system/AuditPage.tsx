import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, query } from '../../api/client';
import { useUser } from '../../auth/session';
import { downloadFile } from '../../download';

interface AuditEvent {
  id: string;
  at: string;
  county: string;
  countyName: string;
  actor: string;
  action: string;
  actionLabel: string;
  object: string;
  summary: string;
}

interface Filter {
  from?: string;
  to?: string;
  county?: string;
  actor?: string;
  action?: string;
  object?: string;
}

const PAGE = 50;

/** 审计记录 (安全审计员): read and export only; nothing on this page changes anything. */
export function AuditPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>({});
  const [offset, setOffset] = useState(0);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const actions = useQuery({
    queryKey: ['audit-actions'],
    queryFn: () => api.get<{ action: string; label: string }[]>('/audit/actions'),
    staleTime: Infinity,
  });
  const counties = useQuery({
    queryKey: ['audit-counties'],
    queryFn: () => api.get<{ id: string; name: string }[]>('/audit/counties'),
    staleTime: Infinity,
  });
  const events = useQuery({
    queryKey: ['audit', filter, offset],
    queryFn: () =>
      api.get<{ total: number; items: AuditEvent[] }>(
        `/audit/events${query({ ...filter, limit: PAGE, offset })}`,
      ),
  });
  const apply = (change: Partial<Filter>) => {
    setFilter((f) => ({ ...f, ...change }));
    setOffset(0);
  };
  const countyOptions = (counties.data ?? []).map((c) => ({ value: c.id, label: c.name }));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          审计记录
        </Typography.Title>
        <Button
          onClick={() =>
            void downloadFile(`/audit/events/export${query({ ...filter })}`, '审计记录.xlsx').catch(
              (err: unknown) => message.error(err instanceof Error ? err.message : '导出失败'),
            )
          }
        >
          导出 Excel
        </Button>
      </Space>
      <Space wrap role="search" aria-label="筛选审计记录">
        <DatePicker.RangePicker
          aria-label="时间范围"
          showTime
          value={range}
          onChange={(value) => {
            setRange(value);
            apply({ from: value?.[0]?.toISOString(), to: value?.[1]?.toISOString() });
          }}
        />
        {!user.county && (
          <Select
            aria-label="县区"
            allowClear
            placeholder="全部县区"
            style={{ width: 160 }}
            value={filter.county}
            onChange={(county?: string) => apply({ county })}
            options={countyOptions}
          />
        )}
        <Input.Search
          aria-label="操作人"
          placeholder="操作人账号"
          allowClear
          style={{ width: 180 }}
          onSearch={(actor) => apply({ actor: actor || undefined })}
        />
        <Select
          aria-label="操作"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="全部操作"
          style={{ width: 180 }}
          value={filter.action}
          onChange={(action?: string) => apply({ action })}
          options={(actions.data ?? []).map((a) => ({ value: a.action, label: a.label }))}
        />
        <Input.Search
          aria-label="对象"
          placeholder="对象：账号或编号"
          allowClear
          style={{ width: 200 }}
          onSearch={(object) => apply({ object: object || undefined })}
        />
      </Space>
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={events.isLoading}
        dataSource={events.data?.items ?? []}
        locale={{ emptyText: '没有符合条件的记录' }}
        pagination={{
          pageSize: PAGE,
          total: events.data?.total ?? 0,
          current: Math.floor(offset / PAGE) + 1,
          onChange: (page) => setOffset((page - 1) * PAGE),
          showTotal: (total) => `共 ${total} 条`,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: '时间',
            dataIndex: 'at',
            width: 170,
            render: (v: string) => new Date(v).toLocaleString('zh-CN', { hour12: false }),
          },
          { title: '县区', dataIndex: 'countyName', width: 110 },
          { title: '操作人', dataIndex: 'actor', width: 150 },
          { title: '操作', dataIndex: 'actionLabel', width: 120 },
          { title: '对象', dataIndex: 'object', width: 220 },
          { title: '说明', dataIndex: 'summary' },
        ]}
      />
    </Space>
  );
}
