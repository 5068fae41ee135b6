import type { DiffEntry } from '@pm/config/src/diff/types';
import { Alert, Empty, List, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useAdminCounties, useCountyDiff } from './admin-api';

const TOPICS: Record<DiffEntry['topic'], string> = {
  stage: '环节',
  setting: '参数',
  form: '表单',
  process: '流程',
};

/** What each side has, for the side-by-side table (a dash where the side has nothing). */
function sides(entry: DiffEntry): [string, string] {
  switch (entry.topic) {
    case 'stage':
      return entry.enabled.map((on) => (on ? '开展' : '不开展')) as [string, string];
    case 'setting':
      return [entry.values[0] ?? '—', entry.values[1] ?? '—'];
    case 'form':
      if (entry.change === 'field-added') return ['—', entry.fieldTitle];
      if (entry.change === 'field-removed') return [entry.fieldTitle, '—'];
      if (entry.change === 'form-only-in')
        return entry.side === 'a' ? [entry.formTitle, '—'] : ['—', entry.formTitle];
      return 'values' in entry ? entry.values : ['—', '—'];
    case 'process':
      if (entry.change === 'task-added') return ['—', entry.taskName];
      if (entry.change === 'task-removed') return [entry.taskName, '—'];
      if (entry.change === 'order') return [entry.orders[0].join(' → '), entry.orders[1].join(' → ')];
      if (entry.change === 'process-only-in') return entry.side === 'a' ? ['有', '—'] : ['—', '有'];
      return 'values' in entry ? entry.values : ['—', '—'];
  }
}

function subject(entry: DiffEntry): string {
  if (entry.topic === 'setting') return entry.label;
  if (entry.topic === 'form')
    return 'fieldTitle' in entry ? `${entry.formTitle} · ${entry.fieldTitle}` : entry.formTitle;
  if (entry.topic === 'process') return 'taskName' in entry ? entry.taskName : '步骤顺序';
  return entry.stage;
}

/** The county's drafts against the base or another county: in sentences, or as two columns. */
export function DiffView({ county, countyName }: { county: string; countyName: string }) {
  const [against, setAgainst] = useState('base');
  const [mode, setMode] = useState<'words' | 'columns'>('words');
  const counties = useAdminCounties();
  const diff = useCountyDiff(county, against);
  const entries = diff.data?.entries ?? [];
  const [otherName, ownName] = [diff.data?.a ?? '', diff.data?.b ?? countyName];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <span>对照</span>
        <Select
          aria-label="对照对象"
          style={{ width: 220 }}
          value={against}
          onChange={setAgainst}
          options={[
            { value: 'base', label: '基础配置' },
            { value: 'deployed', label: '本县区已发布的版本' },
            ...(counties.data ?? [])
              .filter((c) => c.id !== county)
              .map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <Segmented
          value={mode}
          onChange={(v) => setMode(v as 'words' | 'columns')}
          options={[
            { value: 'words', label: '文字说明' },
            { value: 'columns', label: '左右对照' },
          ]}
        />
      </Space>
      {diff.error && <Alert type="error" showIcon message={diff.error.message} />}
      {!diff.isLoading && entries.length === 0 && <Empty description="没有差异" />}
      {entries.length > 0 && mode === 'words' && (
        <List
          size="small"
          bordered
          dataSource={entries}
          renderItem={(e) => (
            <List.Item>
              <Space>
                <Tag>{TOPICS[e.topic]}</Tag>
                {e.sentence}
              </Space>
            </List.Item>
          )}
        />
      )}
      {entries.length > 0 && mode === 'columns' && (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={entries}
          columns={[
            { title: '方面', width: 80, render: (_, e) => <Tag>{TOPICS[e.topic]}</Tag> },
            { title: '项目', render: (_, e) => subject(e) },
            { title: otherName, render: (_, e) => sides(e)[0] },
            { title: ownName, render: (_, e) => sides(e)[1] },
          ]}
        />
      )}
    </Space>
  );
}
