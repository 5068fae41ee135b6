import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatTime } from '../../format';
import { roleLabel } from '../studio/role-labels';
import { systemRoleLabel } from '../system/roles';
import { ChangePasswordForm } from './ChangePasswordForm';

interface LoginRecord {
  at: string;
  succeeded: boolean;
  ip: string | null;
  userAgent: string | null;
}

/** 个人信息: who I am, my unit and roles, my password, my recent logins (so I notice someone else's). */
export function ProfilePage() {
  const user = useUser();
  const logins = useQuery({ queryKey: ['my-logins'], queryFn: () => api.get<LoginRecord[]>('/me/logins') });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        个人信息
      </Typography.Title>
      <Card>
        <Descriptions column={1} size="small" labelStyle={{ width: 120 }}>
          <Descriptions.Item label="姓名">{user.displayName}</Descriptions.Item>
          <Descriptions.Item label="账号">{user.username}</Descriptions.Item>
          <Descriptions.Item label="县区">{user.county?.name ?? '全平台'}</Descriptions.Item>
          <Descriptions.Item label="所属单位">{user.orgUnit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="系统角色">
            {user.systemRoles.length
              ? user.systemRoles.map((role) => <Tag key={role}>{systemRoleLabel(role)}</Tag>)
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="业务角色">
            {user.roles.length ? user.roles.map((role) => <Tag key={role}>{roleLabel(role)}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="修改密码">
        <ChangePasswordForm onChanged={() => void logins.refetch()} />
      </Card>
      <Card title="最近登录">
        <Table<LoginRecord>
          rowKey={(r) => `${r.at}-${r.ip}`}
          size="small"
          pagination={false}
          loading={logins.isLoading}
          dataSource={logins.data ?? []}
          locale={{ emptyText: '暂无记录' }}
          columns={[
            { title: '时间', dataIndex: 'at', render: (v: string) => formatTime(v) },
            {
              title: '结果',
              dataIndex: 'succeeded',
              render: (ok: boolean) => (ok ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>),
            },
            { title: '地址', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
            {
              title: '浏览器',
              dataIndex: 'userAgent',
              ellipsis: true,
              render: (v: string | null) => v ?? '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
