import { Alert, App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  useCountyProblems,
  useDeployments,
  usePublish,
  useRollback,
  type DeploymentRecord,
} from './admin-api';
import { formatTime } from './format';
import { ProblemsAlert } from './ProblemsAlert';

const KIND_LABELS = { form: '表单', process: '流程', county: '参数' } as const;

/** Publish the county's drafts, and the deployment history with who and when, each one a rollback target. */
export function PublishPanel({ county, hasDraft }: { county: string; hasDraft: boolean }) {
  const problems = useCountyProblems(county);
  const deployments = useDeployments(county);
  const publish = usePublish(county);
  const rollback = useRollback(county);
  const [note, setNote] = useState('');
  const { message } = App.useApp();
  const blocked = (problems.data?.length ?? 0) > 0;
  const onPublish = async () => {
    try {
      const done = await publish.mutateAsync(note);
      setNote('');
      message.success(`已发布第 ${done.version} 版：新发起的事项按新配置办理，已在办理的事项不受影响`);
    } catch (err) {
      message.error(err instanceof Error ? err.message : '发布失败');
    }
  };
  const onRollback = async (record: DeploymentRecord) => {
    try {
      const done = await rollback.mutateAsync(record.id);
      message.success(`已回退到第 ${record.version} 版的配置（记为第 ${done.version} 版）`);
    } catch (err) {
      message.error(err instanceof Error ? err.message : '回退失败');
    }
  };
  const latest = deployments.data?.[0]?.version;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title="发布">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {hasDraft ? '有未发布的修改。' : '没有未发布的修改。'}
            发布后，新发起的事项按新配置办理；已在办理的事项仍按发起时的版本办理。
          </Typography.Text>
          <ProblemsAlert problems={problems.data} />
          <Input.TextArea
            aria-label="发布说明"
            placeholder="发布说明（可选），如：监控表增加分管领导意见，增加分管领导审批"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2 }}
          />
          {publish.error && <Alert type="error" showIcon message={publish.error.message} />}
          <Button
            type="primary"
            disabled={!hasDraft || blocked}
            loading={publish.isPending}
            onClick={() => void onPublish()}
          >
            发布
          </Button>
        </Space>
      </Card>
      <Card size="small" title="发布历史">
        <Table<DeploymentRecord>
          size="small"
          rowKey="id"
          loading={deployments.isLoading}
          dataSource={deployments.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第 ${v} 版` },
            { title: '时间', dataIndex: 'at', width: 160, render: formatTime },
            { title: '发布人', render: (_, r) => r.byName ?? r.by, width: 140 },
            {
              title: '内容',
              render: (_, r) => (
                <Space wrap size={4}>
                  {r.kind === 'rollback' && <Tag color="purple">回退到第 {r.rolledBackTo} 版</Tag>}
                  {r.artifacts.map((a) => (
                    <Tag key={`${a.kind}:${a.artifactId}`}>
                      {KIND_LABELS[a.kind]} {a.artifactId} v{a.version}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '操作',
              width: 100,
              render: (_, r) =>
                r.version === latest ? (
                  <Typography.Text type="secondary">当前版本</Typography.Text>
                ) : (
                  <Popconfirm
                    title={`回退到第 ${r.version} 版？`}
                    description="回退也是一次发布：之后新发起的事项按该版配置办理。"
                    okText="回退"
                    cancelText="取消"
                    onConfirm={() => void onRollback(r)}
                  >
                    <Button size="small">回退</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
