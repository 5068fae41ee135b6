import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useUser } from '../../auth/session';
import { isSuperadmin } from './access';
import { useAdminCounties, type AdminCounty } from './admin-api';
import { CreateCountyDialog } from './CreateCountyDialog';
import { formatTime } from './format';

/** 配置工作台: the counties an admin may change, whether they have unpublished drafts, and when they were published. */
export function CountyListPage() {
  const user = useUser();
  const counties = useAdminCounties();
  const [creating, setCreating] = useState(false);
  const visible = (counties.data ?? []).filter((c) => isSuperadmin(user) || c.id === user.county?.id);
  return (
    <Card
      title="配置工作台"
      extra={
        isSuperadmin(user) && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建县区
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        在这里修改本县区的参数、表单和流程。修改先保存为草稿，发布后才对新发起的事项生效；已在办理的事项仍按原版本办理。
      </Typography.Paragraph>
      {counties.error && <Alert type="error" showIcon message={counties.error.message} />}
      <Table<AdminCounty>
        rowKey="id"
        loading={counties.isLoading}
        dataSource={visible}
        pagination={false}
        columns={[
          {
            title: '县区',
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/studio/${c.id}`}>{name}</Link>,
          },
          { title: '级别', dataIndex: 'level' },
          {
            title: '状态',
            render: (_, c) => (
              <Space>
                {c.status === 'draft' ? (
                  <Tag color="blue">新建，尚未发布</Tag>
                ) : c.hasDraft ? (
                  <Tag color="orange">有 {c.drafts} 处未发布的修改</Tag>
                ) : (
                  <Tag color="green">已发布</Tag>
                )}
              </Space>
            ),
          },
          {
            title: '最近发布',
            render: (_, c) =>
              c.published
                ? `第 ${c.published.version} 版 · ${formatTime(c.published.at)} · ${c.published.by}`
                : '尚未发布',
          },
        ]}
      />
      <CreateCountyDialog open={creating} counties={counties.data ?? []} onClose={() => setCreating(false)} />
    </Card>
  );
}
