import { settingLabel } from '@pm/config/src/diff/setting-text';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSaveManifest, type CountyManifest } from './admin-api';
import { DiscardDraftButton } from './DiscardDraftButton';
import { ValueEditor } from './ValueEditor';

import { roleLabel } from './role-labels';

export { roleLabel };

const STAGE_LABELS: Record<string, string> = {
  'pre-assessment': '事前绩效评估',
  'target-declaration': '绩效目标申报',
  'target-adjustment': '绩效目标调整',
  monitoring: '绩效运行监控',
  'self-evaluation': '绩效自评价',
  evaluation: '绩效评价',
  'result-application': '结果应用',
  disclosure: '信息公开',
};

const citation = (source: unknown): string => {
  if (!source || typeof source !== 'object') return '';
  const s = source as { clause?: string; national?: boolean; ref?: string };
  return s.national ? `全国规定：${s.ref ?? ''}` : s.clause ? `依据 ${s.clause}` : '';
};

/** The county's manifest as a form: name, stages, who does what, and every setting by its shape. */
export function SettingsEditor({
  county,
  manifest,
  hasDraft,
}: {
  county: string;
  manifest: CountyManifest;
  hasDraft: boolean;
}) {
  const [draft, setDraft] = useState(manifest);
  useEffect(() => setDraft(manifest), [manifest]);
  const save = useSaveManifest(county);
  const { message } = App.useApp();
  const dirty = JSON.stringify(draft) !== JSON.stringify(manifest);
  const unitOptions = [
    { value: '$department', label: '项目所属部门' },
    ...draft.orgUnits.map((u) => ({ value: u.code, label: u.name })),
  ];
  const onSave = async () => {
    try {
      const { problems } = await save.mutateAsync(draft);
      if (problems.length) message.warning(`已保存草稿，另有 ${problems.length} 处问题需在发布前解决`);
      else message.success('已保存草稿');
    } catch (err) {
      message.error(err instanceof Error ? err.message : '保存失败');
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title="基本信息">
        <Descriptions column={2} size="small">
          <Descriptions.Item label="名称">
            <Input
              aria-label="县区名称"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </Descriptions.Item>
          <Descriptions.Item label="级别">{draft.level}</Descriptions.Item>
          <Descriptions.Item label="依据">
            {String((draft.source as { title?: string }).title ?? '')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="开展的环节">
        <Space wrap>
          {Object.entries(draft.stages).map(([id, stage]) => (
            <Space key={id}>
              <Switch
                aria-label={STAGE_LABELS[id] ?? id}
                checked={stage.enabled}
                onChange={(enabled) =>
                  setDraft({ ...draft, stages: { ...draft.stages, [id]: { ...stage, enabled } } })
                }
              />
              <span>{STAGE_LABELS[id] ?? id}</span>
            </Space>
          ))}
        </Space>
      </Card>
      <Card size="small" title="办理角色由哪些单位承担">
        <Table
          size="small"
          pagination={false}
          rowKey="role"
          dataSource={Object.entries(draft.roles).map(([role, units]) => ({ role, units }))}
          columns={[
            {
              title: '角色',
              dataIndex: 'role',
              width: 200,
              render: (role: string) => `${roleLabel(role)}（${role}）`,
            },
            {
              title: '承担单位',
              render: (_, row) => (
                <Select
                  aria-label={`${roleLabel(row.role)}的承担单位`}
                  mode="multiple"
                  style={{ width: '100%' }}
                  value={row.units}
                  options={unitOptions}
                  onChange={(units: string[]) =>
                    setDraft({ ...draft, roles: { ...draft.roles, [row.role]: units } })
                  }
                />
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title="参数">
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={Object.entries(draft.settings).map(([key, setting]) => ({ key, setting }))}
          columns={[
            {
              title: '参数',
              width: 240,
              onCell: () => ({ style: { verticalAlign: 'top' } }),
              render: (_, { key, setting }) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{settingLabel(key)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {citation(setting.source)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '取值',
              render: (_, { key, setting }) => (
                <ValueEditor
                  label={settingLabel(key)}
                  unit={setting.unit}
                  value={setting.value}
                  onChange={(value) =>
                    setDraft({ ...draft, settings: { ...draft.settings, [key]: { ...setting, value } } })
                  }
                />
              ),
            },
          ]}
        />
      </Card>
      {save.error && <Alert type="error" showIcon message={save.error.message} />}
      <Space>
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => void onSave()}>
          保存草稿
        </Button>
        <Button disabled={!dirty} onClick={() => setDraft(manifest)}>
          放弃修改
        </Button>
        {hasDraft && !dirty && <DiscardDraftButton county={county} kind="county" artifactId={county} />}
      </Space>
    </Space>
  );
}
