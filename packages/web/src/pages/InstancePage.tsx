import { Alert, Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useInstance } from '../api/hooks';
import { AttachmentsPanel } from '../components/AttachmentsPanel';
import { HistoryTimeline } from '../components/HistoryTimeline';
import { ProcessDiagram } from '../components/ProcessDiagram';
import { STAGE_STATUS, formatTime } from '../format';

/** One process instance: where it is (diagram, current tasks and their candidates) and how it got there. */
export function InstancePage() {
  const { id } = useParams();
  const instance = useInstance(id);
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
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small" title="流程图">
            <ProcessDiagram instanceId={i.id} height={360} />
          </Card>
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
            <HistoryTimeline history={i.history} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
