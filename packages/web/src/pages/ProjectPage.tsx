import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { useProject } from '../api/hooks';
import type { StageView } from '../api/types';
import { isFinanceUser, useUser } from '../auth/session';
import { CATEGORY, KIND, STAGE_STATUS, formatTime, money } from '../format';
import { downloadFile } from '../files';

/** A project across its life cycle: each stage's status, score and grade, and its process instances. */
export function ProjectPage() {
  const { id } = useParams();
  const project = useProject(id);
  const user = useUser();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  if (project.error) return <Alert type="error" showIcon message={project.error.message} />;
  const p = project.data;
  if (!p) return null;
  const mayLaunch =
    !user.orgUnit?.readOnly &&
    (isFinanceUser(user) || (user.orgUnit?.kind === 'department' && user.orgUnit.code === p.department.code));

  const start = (stage: StageView) =>
    modal.confirm({
      title: `发起「${stage.label}」`,
      content: `为「${p.name}」发起${stage.label}？`,
      okText: '发起',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/projects/${p.id}/stages/${stage.id}/start`, {});
          void message.success(`已发起${stage.label}，请到待办中办理`);
          await queryClient.invalidateQueries({ queryKey: ['project', id] });
          await queryClient.invalidateQueries({ queryKey: ['tasks'] });
        } catch (err) {
          void message.error(err instanceof Error ? err.message : '发起失败');
        }
      },
    });

  const exportStage = async (stage: StageView, format: 'xlsx' | 'pdf') => {
    try {
      await downloadFile(
        `/projects/${p.id}/stages/${stage.id}/export?format=${format}`,
        `${p.name}-${stage.label}.${format}`,
      );
    } catch (err) {
      void message.error(err instanceof Error ? err.message : '导出失败');
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {p.name}
      </Typography.Title>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="主管部门">{p.department.name}</Descriptions.Item>
        <Descriptions.Item label="预算年度">{p.year}</Descriptions.Item>
        <Descriptions.Item label="项目金额">{money(p.amount)}</Descriptions.Item>
        <Descriptions.Item label="项目类别">{CATEGORY[p.category] ?? p.category}</Descriptions.Item>
        <Descriptions.Item label="项目类型">{KIND[p.kind] ?? p.kind}</Descriptions.Item>
        <Descriptions.Item label="重大政策（项目）">{p.major ? '是' : '否'}</Descriptions.Item>
      </Descriptions>
      <Table<StageView>
        rowKey="id"
        pagination={false}
        size="middle"
        dataSource={p.stages.filter((s) => s.enabled || s.status !== 'not-started')}
        aria-label="各环节"
        columns={[
          { title: '环节', dataIndex: 'label', width: 160 },
          {
            title: '状态',
            width: 170,
            render: (_: unknown, s) => (
              <Space size={4}>
                <Tag color={STAGE_STATUS[s.status]?.color}>{STAGE_STATUS[s.status]?.label ?? s.status}</Tag>
                {s.statusLabel && (
                  <Tag color="blue" data-testid={`stage-label-${s.id}`}>
                    {s.statusLabel}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: '得分', width: 80, render: (_: unknown, s) => (s.score === undefined ? '—' : s.score) },
          { title: '等级', width: 70, render: (_: unknown, s) => s.grade ?? '—' },
          {
            title: '流程',
            render: (_: unknown, s) =>
              s.instances.length === 0 ? (
                <span className="pm-muted">—</span>
              ) : (
                <Space direction="vertical" size={0}>
                  {s.instances.map((i) => (
                    <Link key={i.id} to={`/instances/${i.id}`}>
                      {i.round ? `${i.round} · ` : ''}
                      {STAGE_STATUS[i.status]?.label ?? i.status}（{formatTime(i.startedAt)} 发起）
                    </Link>
                  ))}
                </Space>
              ),
          },
          {
            title: '导出',
            width: 150,
            render: (_: unknown, s) =>
              s.instances.length > 0 ? (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() => void exportStage(s, 'xlsx')}
                    aria-label={`导出${s.label}Excel`}
                  >
                    Excel
                  </Button>
                  <Button
                    size="small"
                    onClick={() => void exportStage(s, 'pdf')}
                    aria-label={`导出${s.label}PDF`}
                  >
                    PDF
                  </Button>
                </Space>
              ) : null,
          },
          {
            title: '操作',
            width: 100,
            render: (_: unknown, s) =>
              mayLaunch && s.enabled && s.status !== 'active' ? (
                <Button size="small" onClick={() => start(s)} aria-label={`发起${s.label}`}>
                  发起
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
