import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { useDiagram, useInstance } from '../api/hooks';
import { useUser } from '../auth/session';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { HistoryTimeline } from '../components/HistoryTimeline';
import { ProcessDiagram } from '../components/ProcessDiagram';
import { ReportPackagesPanel } from '../components/ReportPackagesPanel';
import { STAGE_STATUS, formatTime } from '../format';

/** One process instance: where it is (diagram, current tasks and their candidates) and how it got there. */
export function InstancePage() {
  const { id } = useParams();
  const instance = useInstance(id);
  const diagram = useDiagram(id);
  const user = useUser();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  // Finance sections and centers announce external events (the server checks the same rule).
  const mayAnnounce =
    user.systemRoles.includes('superadmin') ||
    user.systemRoles.includes('admin') ||
    ['finance-section', 'center'].includes(user.orgUnit?.kind ?? '');
  const announce = (name: string) =>
    modal.confirm({
      title: `登记「${name}」`,
      content: `确认「${name}」已经发生？流程将继续到下一环节。`,
      okText: '确认登记',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post('/messages', { county: instance.data?.county, name, instanceIds: [id] });
          void message.success(`已登记「${name}」`);
          await queryClient.invalidateQueries({ queryKey: ['instance', id] });
          await queryClient.invalidateQueries({ queryKey: ['diagram', id] });
        } catch (err) {
          void message.error(err instanceof Error ? err.message : '登记失败');
        }
      },
    });
  if (instance.error) return <Alert type="error" showIcon message={instance.error.message} />;
  const i = instance.data;
  if (!i) return null;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        流程实例 <Tag color={STAGE_STATUS[i.status]?.color}>{STAGE_STATUS[i.status]?.label ?? i.status}</Tag>
      </Typography.Title>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="项目">
          <Link to={`/projects/${i.projectId}`}>查看项目</Link>
        </Descriptions.Item>
        <Descriptions.Item label="发起时间">{formatTime(i.startedAt)}</Descriptions.Item>
        <Descriptions.Item label="结束时间">{formatTime(i.endedAt)}</Descriptions.Item>
      </Descriptions>
      {diagram.data?.waitingFor.map((w) => (
        <Alert
          key={w.elementId}
          type="info"
          showIcon
          message={`流程正在等待「${w.message}」`}
          action={
            mayAnnounce && i.status === 'active' ? (
              <Button size="small" type="primary" onClick={() => announce(w.message)}>
                登记「{w.message}」
              </Button>
            ) : undefined
          }
        />
      ))}
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small" title="流程图">
            <ProcessDiagram instanceId={i.id} height={360} />
          </Card>
          <ReportPackagesPanel instanceId={i.id} />
          <Card size="small" title="附件" style={{ marginTop: 12 }}>
            <AttachmentsPanel instanceId={i.id} />
          </Card>
        </Col>
        <Col flex="340px">
          <Card size="small" title="当前待办">
            <List
              size="small"
              locale={{ emptyText: '无' }}
              dataSource={i.activeTasks}
              renderItem={(t) => (
                <List.Item>
                  <List.Item.Meta
                    title={t.name}
                    description={`办理人：${t.candidates.map((c) => c.displayName).join('、') || '—'}${t.due ? `；截止 ${formatTime(t.due)}` : ''}`}
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title="办理历史" style={{ marginTop: 12 }}>
            <HistoryTimeline history={i.history} integrity={i.historyIntegrity} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
