import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, query } from '../../api/client';
import { formatTime } from '../../format';

interface Policy {
  minLength: number;
  minClasses: number;
  historySize: number;
  expiryDays: number;
}
interface Locked {
  username: string;
  address: string;
  failures: number;
  until: string;
}
interface Session {
  id: string;
  username: string;
  displayName: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** 安全管理 (安全管理员): the password policy, locked accounts and who is logged in. */
export function SecurityPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Policy>();
  const policy = useQuery({
    queryKey: ['password-policy'],
    queryFn: () => api.get<Policy & { defaults: Policy }>('/security/password-policy'),
  });
  const locked = useQuery({ queryKey: ['lockouts'], queryFn: () => api.get<Locked[]>('/security/lockouts') });
  const [username, setUsername] = useState<string>();
  const sessions = useQuery({
    queryKey: ['sessions', username],
    queryFn: () => api.get<Session[]>(`/security/sessions${query({ username })}`),
  });
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);
  const savePolicy = useMutation({
    mutationFn: (p: Policy) => api.put<Policy>('/security/password-policy', p),
    onSuccess: () => client.invalidateQueries({ queryKey: ['password-policy'] }),
  });
  const unlock = useMutation({
    mutationFn: (name: string) => api.post(`/security/lockouts/${encodeURIComponent(name)}/unlock`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['lockouts'] }),
  });
  const endSessions = useMutation({
    mutationFn: (name: string) =>
      api.post<{ ended: number }>(`/security/users/${encodeURIComponent(name)}/end-sessions`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
  const fail = (err: unknown) => message.error(err instanceof Error ? err.message : '操作失败');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        安全管理
      </Typography.Title>
      <Card title="密码策略">
        <Form
          form={form}
          layout="inline"
          onFinish={(values: Policy) =>
            savePolicy
              .mutateAsync(values)
              .then(() => message.success('密码策略已保存'))
              .catch((err: unknown) => {
                if (err instanceof ApiError && err.fieldErrors.length > 0)
                  form.setFields(
                    err.fieldErrors.map((e) => ({ name: e.path as keyof Policy, errors: [e.message] })),
                  );
                else fail(err);
              })
          }
        >
          <Form.Item name="minLength" label="最短长度（位）" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={8} max={64} />
          </Form.Item>
          <Form.Item
            name="minClasses"
            label="至少包含字符类别"
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={3} max={4} />
          </Form.Item>
          <Form.Item
            name="historySize"
            label="不得重复最近几次"
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={5} max={24} />
          </Form.Item>
          <Form.Item
            name="expiryDays"
            label="有效期（天，0 为不限）"
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={0} max={3650} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={savePolicy.isPending}>
            保存
          </Button>
        </Form>
      </Card>
      <Card title="锁定的账号">
        <Table<Locked>
          rowKey={(l) => `${l.username}|${l.address}`}
          size="small"
          pagination={false}
          loading={locked.isLoading}
          dataSource={locked.data ?? []}
          locale={{ emptyText: '没有被锁定的账号' }}
          columns={[
            { title: '账号', dataIndex: 'username' },
            { title: '来源地址', dataIndex: 'address' },
            { title: '连续失败次数', dataIndex: 'failures' },
            { title: '锁定至', dataIndex: 'until', render: (v: string) => formatTime(v) },
            {
              title: '操作',
              render: (_v, l) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() =>
                    unlock
                      .mutateAsync(l.username)
                      .then(() => message.success(`已解除 ${l.username} 的锁定`))
                      .catch(fail)
                  }
                >
                  解除锁定
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title="在线会话"
        extra={
          <Input.Search
            aria-label="按账号筛选会话"
            placeholder="账号"
            allowClear
            style={{ width: 200 }}
            onSearch={(v) => setUsername(v || undefined)}
          />
        }
      >
        <Table<Session>
          rowKey="id"
          size="small"
          loading={sessions.isLoading}
          dataSource={sessions.data ?? []}
          locale={{ emptyText: '没有在线会话' }}
          columns={[
            { title: '账号', dataIndex: 'username' },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '登录时间', dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
            { title: '最近活动', dataIndex: 'lastSeenAt', render: (v: string) => formatTime(v) },
            { title: '地址', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
            {
              title: '操作',
              render: (_v, s) => (
                <Popconfirm
                  title={`结束 ${s.username} 的全部登录？`}
                  okText="强制下线"
                  cancelText="取消"
                  onConfirm={() =>
                    endSessions
                      .mutateAsync(s.username)
                      .then((r) => message.success(`已结束 ${r.ended} 个会话`))
                      .catch(fail)
                  }
                >
                  <Button type="link" size="small" danger>
                    强制下线
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
