import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import {
  accountsApi,
  useAccountAction,
  usePlacements,
  type Account,
  type WithPassword,
} from './accounts-api';
import { isSuperadmin, SYSTEM_ROLE_LABELS } from './roles';

interface Values {
  username: string;
  displayName: string;
  county?: string;
  orgUnit?: string;
  role: string;
}

const NONE = 'none';

/**
 * 新建账号 / 修改账号. One system role at most, so the page cannot even offer what 三员分立 forbids; the
 * server checks again and its refusal is shown at the field it names.
 */
export function AccountDialog({
  account,
  open,
  onClose,
  onCreated,
}: {
  account?: Account;
  open: boolean;
  onClose(): void;
  onCreated(result: WithPassword): void;
}) {
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const placements = usePlacements();
  const county = Form.useWatch('county', form);
  const role = Form.useWatch('role', form);
  const units = placements.data?.find((p) => p.id === county)?.orgUnits ?? [];
  const platformRole = role === 'superadmin' || role === 'security-admin' || role === 'auditor';
  const roles = isSuperadmin(user) ? ['admin', 'superadmin', 'security-admin', 'auditor'] : ['admin'];
  const save = useAccountAction((values: Values): Promise<Account | WithPassword> => {
    const input = {
      displayName: values.displayName,
      county: values.county ?? null,
      orgUnit: values.orgUnit ?? null,
      systemRoles: values.role === NONE ? [] : [values.role],
    };
    return account
      ? accountsApi.update(account.id, input)
      : accountsApi.create({ ...input, username: values.username });
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      account
        ? {
            username: account.username,
            displayName: account.displayName,
            county: account.county?.id,
            orgUnit: account.orgUnit?.code,
            role: account.systemRoles[0] ?? NONE,
          }
        : { county: isSuperadmin(user) ? undefined : user.county?.id, role: NONE },
    );
  }, [open, account, form, user]);

  const submit = async () => {
    const values = await form.validateFields();
    try {
      const result = await save.mutateAsync(values);
      if (account) message.success(`已保存账号 ${values.username}`);
      else onCreated(result as WithPassword);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length > 0) {
        const field = (path: string) => (path === 'systemRoles' ? 'role' : path) as keyof Values;
        form.setFields(err.fieldErrors.map((e) => ({ name: field(e.path), errors: [e.message] })));
      } else message.error(err instanceof Error ? err.message : '保存失败');
    }
  };

  return (
    <Modal
      title={account ? `修改账号 ${account.username}` : '新建账号'}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={account ? '保存' : '创建'}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="username"
          label="账号"
          extra={account ? undefined : '登录用，3 到 50 位字母、数字、点、下划线或连字符，如 hailin.zhangsan'}
          rules={[{ required: true, message: '请填写账号' }]}
        >
          <Input disabled={Boolean(account)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="role"
          label="系统角色"
          extra="三员分立：系统管理员、安全管理员、安全审计员不能由同一账号兼任"
        >
          <Select
            aria-label="系统角色"
            options={[
              { value: NONE, label: '普通用户（业务角色由所属单位决定）' },
              ...roles.map((r) => ({ value: r, label: SYSTEM_ROLE_LABELS[r] })),
            ]}
            onChange={(value: string) => {
              if (value === 'superadmin' || value === 'security-admin' || value === 'auditor')
                form.setFieldsValue({
                  orgUnit: undefined,
                  ...(value === 'auditor' ? {} : { county: undefined }),
                });
            }}
          />
        </Form.Item>
        <Form.Item name="county" label="县区">
          <Select
            aria-label="县区"
            allowClear
            placeholder={platformRole ? '不属于县区（全平台）' : '请选择县区'}
            disabled={!isSuperadmin(user) || role === 'superadmin' || role === 'security-admin'}
            options={(placements.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            onChange={() => form.setFieldsValue({ orgUnit: undefined })}
          />
        </Form.Item>
        <Form.Item name="orgUnit" label="所属单位">
          <Select
            aria-label="所属单位"
            allowClear
            showSearch
            optionFilterProp="label"
            disabled={!county || platformRole}
            placeholder={platformRole ? '不办理业务' : '请选择所属单位'}
            options={units.map((u) => ({ value: u.code, label: u.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
