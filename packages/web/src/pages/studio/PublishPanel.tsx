import { Alert, App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  useCountyProblems,
  useHistory,
  usePublish,
  useRollback,
  type ArtifactHistory,
  type ArtifactVersionRef,
  type Publication,
} from './admin-api';
import { formatTime } from './format';
import { ProblemsAlert } from './ProblemsAlert';

export const KIND_LABELS = { county: '县区配置', form: '表单', process: '流程' } as const;
const ACTION_LABELS = { deploy: '仓库部署', publish: '发布', rollback: '恢复旧版本' } as const;

const itemTag = (item: ArtifactVersionRef) => (
  <Tag key={`${item.kind}:${item.artifactId}`}>
    {KIND_LABELS[item.kind]} {item.artifactId} 第 {item.version} 版
  </Tag>
);

function PublicationTable({ publications }: { publications: Publication[] }) {
  return (
    <Table<Publication>
      size="small"
      rowKey="seq"
      dataSource={publications}
      pagination={{ pageSize: 8, hideOnSinglePage: true }}
      columns={[
        { title: '序号', dataIndex: 'seq', width: 70 },
        { title: '时间', dataIndex: 'at', width: 150, render: formatTime },
        { title: '操作人', dataIndex: 'actor', width: 170 },
        { title: '方式', width: 100, render: (_, p) => ACTION_LABELS[p.action] },
        { title: '说明', dataIndex: 'note', width: 260, render: (note?: string) => note ?? '—' },
        {
          title: '新版本',
          render: (_, p) => (
            <Space wrap size={4}>
              {p.items.map(itemTag)}
            </Space>
          ),
        },
      ]}
    />
  );
}

function VersionsTable({
  artifacts,
  onRestore,
}: {
  artifacts: ArtifactHistory[];
  onRestore(a: ArtifactHistory, v: number): void;
}) {
  // Recently changed first: what an admin restores is usually what was just published.
  const latest = (a: ArtifactHistory) => Math.max(...a.versions.map((v) => Date.parse(v.createdAt)));
  const ordered = [...artifacts].sort(
    (x, y) => latest(y) - latest(x) || y.versions.length - x.versions.length,
  );
  const rows = ordered.flatMap((a) =>
    [...a.versions].sort((x, y) => y.version - x.version).map((v, i) => ({ a, v, current: i === 0 })),
  );
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.a.kind}:${r.a.artifactId}:${r.v.version}`}
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: '配置', render: (_, r) => `${KIND_LABELS[r.a.kind]} ${r.a.artifactId}` },
        { title: '版本', width: 80, render: (_, r) => `第 ${r.v.version} 版` },
        { title: '来源', width: 80, render: (_, r) => (r.v.source === 'studio' ? '工作台' : '仓库') },
        { title: '谁', width: 170, render: (_, r) => r.v.createdBy },
        { title: '何时', width: 150, render: (_, r) => formatTime(r.v.createdAt) },
        {
          title: '操作',
          width: 110,
          render: (_, r) =>
            r.current ? (
              <Typography.Text type="secondary">当前版本</Typography.Text>
            ) : (
              <Popconfirm
                title={`恢复${KIND_LABELS[r.a.kind]}「${r.a.artifactId}」第 ${r.v.version} 版？`}
                description="以该版内容新建一个版本：之后新发起的事项按它办理，办理中的事项不受影响。"
                okText="恢复"
                cancelText="取消"
                onConfirm={() => onRestore(r.a, r.v.version)}
              >
                <Button size="small">恢复此版</Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}

/** Publish the county's drafts; the history of publications and of every artifact's versions, with restore. */
export function PublishPanel({ county, hasDraft }: { county: string; hasDraft: boolean }) {
  const problems = useCountyProblems(county);
  const history = useHistory(county);
  const publish = usePublish(county);
  const rollback = useRollback(county);
  const [note, setNote] = useState('');
  const { message } = App.useApp();
  const blocked = (problems.data?.length ?? 0) > 0;
  const onPublish = async () => {
    try {
      const done = await publish.mutateAsync(note);
      setNote('');
      message.success(
        done.publication === null
          ? '没有变化，无需发布'
          : `已发布（第 ${done.publication} 次发布）：新发起的事项按新配置办理，办理中的事项不受影响`,
      );
    } catch (err) {
      message.error(err instanceof Error ? err.message : '发布失败');
    }
  };
  const onRestore = async (artifact: ArtifactHistory, version: number) => {
    try {
      await rollback.mutateAsync({ kind: artifact.kind, artifactId: artifact.artifactId, version });
      message.success(`已恢复${KIND_LABELS[artifact.kind]}「${artifact.artifactId}」第 ${version} 版的内容`);
    } catch (err) {
      message.error(err instanceof Error ? err.message : '恢复失败');
    }
  };
  const publications = [...(history.data?.publications ?? [])].sort((a, b) => b.seq - a.seq);
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
            maxLength={200}
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
      <Card size="small" title="发布记录">
        <PublicationTable publications={publications} />
      </Card>
      <Card size="small" title="各项配置的版本">
        <VersionsTable artifacts={history.data?.artifacts ?? []} onRestore={(a, v) => void onRestore(a, v)} />
      </Card>
    </Space>
  );
}
