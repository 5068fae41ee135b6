import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import { useAuth } from '../auth/session';

/** Only same-site paths are followed after login, so a crafted link cannot send the user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { session, login, endedBecause } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  // Demo accounts exist outside production only: a real bureau's login page does not advertise them.
  const options = useQuery({
    queryKey: ['auth-options'],
    queryFn: () => api.get<{ demoAccounts: boolean }>('/auth/options'),
    staleTime: Infinity,
  });
  if (session) return <Navigate to={next} replace />;

  return (
    <div className="pm-login">
      <Card className="pm-login__card">
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          预算绩效管理平台
        </Typography.Title>
        {endedBecause && !error && (
          <Alert type="warning" showIcon message={endedBecause} style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={async (values: { username: string; password: string }) => {
            setBusy(true);
            setError(undefined);
            try {
              await login(values.username.trim(), values.password);
              navigate(next, { replace: true });
            } catch (err) {
              setError(err instanceof ApiError ? err.message : '登录失败，请稍后重试');
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        {options.data?.demoAccounts && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
            演示账号：县区编号.单位编号（如 heilongjiang-city.jiaoyu），密码 demo
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}
