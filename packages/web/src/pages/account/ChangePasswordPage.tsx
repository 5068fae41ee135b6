import { Alert, Button, Card, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth, useUser } from '../../auth/session';
import { ChangePasswordForm } from './ChangePasswordForm';

const REASONS = {
  'one-time': '您正在使用管理员设置的一次性密码，请先设置自己的密码后再使用系统。',
  expired: '您的密码已过期，请先设置新密码后再使用系统。',
} as const;

/** Where a user with a one-time or expired password lands: nothing else works until it is changed. */
export function ChangePasswordPage() {
  const user = useUser();
  const { passwordChanged, logout } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') && next !== '/password' ? next : '/';
  return (
    <div className="pm-login">
      <Card className="pm-login__card" style={{ width: 460 }}>
        <Typography.Title level={4}>修改密码</Typography.Title>
        <Typography.Paragraph>
          {user.displayName}（{user.username}）
        </Typography.Paragraph>
        {user.passwordChange && (
          <Alert
            type="warning"
            showIcon
            message={REASONS[user.passwordChange]}
            style={{ marginBottom: 16 }}
          />
        )}
        <ChangePasswordForm
          onChanged={() => {
            passwordChanged();
            navigate(target, { replace: true });
          }}
        />
        <Button type="link" style={{ paddingLeft: 0, marginTop: 8 }} onClick={() => void logout()}>
          退出登录
        </Button>
      </Card>
    </div>
  );
}
