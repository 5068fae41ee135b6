import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';

interface Policy {
  minLength: number;
  minClasses: number;
  historySize: number;
  expiryDays: number;
}

interface Values {
  current: string;
  next: string;
  confirm: string;
}

/** The password rules in words, as the server applies them (GET /api/security/password-policy). */
export function PolicyRules({ policy }: { policy: Policy }) {
  return (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
      密码要求：至少 {policy.minLength} 位；包含大写字母、小写字母、数字、符号中的至少 {policy.minClasses}{' '}
      类；不能包含账号；不能与最近 {policy.historySize} 次用过的密码相同
      {policy.expiryDays > 0 ? `；每 ${policy.expiryDays} 天须更换一次` : ''}。
    </Typography.Paragraph>
  );
}

/** 修改密码: current and new password (twice); the server's refusal is shown at the field it names. */
export function ChangePasswordForm({ onChanged }: { onChanged(): void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const policy = useQuery({
    queryKey: ['password-policy'],
    queryFn: () => api.get<Policy>('/security/password-policy'),
  });
  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/auth/password', { current: values.current, next: values.next });
      form.resetFields();
      message.success('密码已修改');
      onChanged();
    } catch (err) {
      if (err instanceof ApiError) {
        const byField = new Map<string, string[]>();
        for (const e of err.fieldErrors) byField.set(e.path, [...(byField.get(e.path) ?? []), e.message]);
        form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof Values, errors })));
        if (byField.size === 0) setError(err.message);
      } else setError('修改失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => void submit(v)}
      style={{ maxWidth: 420 }}
    >
      {policy.data && <PolicyRules policy={policy.data} />}
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item label="当前密码" name="current" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item label="新密码" name="next" rules={[{ required: true, message: '请输入新密码' }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={['next']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || value === getFieldValue('next')
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的新密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        修改密码
      </Button>
    </Form>
  );
}
