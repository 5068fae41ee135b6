import { App, Button, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useUser } from '../../auth/session';
import { formatTime } from '../../format';
import { AccountDialog } from './AccountDialog';
import {
  accountsApi,
  useAccountAction,
  useAccounts,
  usePlacements,
  type Account,
  type AccountFilter,
  type WithPassword,
} from './accounts-api';
import { ImportDialog } from './ImportDialog';
import { OneTimePasswordDialog } from './OneTimePasswordDialog';
import { isSuperadmin, SYSTEM_ROLE_LABELS, systemRoleLabel } from './roles';

/** 系统管理 → 用户管理: the superadmin sees every account, a county admin the county's. */
export function UsersPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<AccountFilter>({});
  const [search, setSearch] = useState('');
  const accounts = useAccounts(filter);
  const placements = usePlacements();
  const [editing, setEditing] = useState<Account | 'new'>();
  const [importing, setImporting] = useState(false);
  const [passwords, setPasswords] = useState<WithPassword[]>([]);
  const units = placements.data?.find((p) => p.id === (filter.county ?? user.county?.id))?.orgUnits ?? [];

  const setActive = useAccountAction((a: Account) => accountsApi.setActive(a.id, !a.active));
  const reset = useAccountAction((a: Account) => accountsApi.resetPassword(a.id));
  const unlock = useAccountAction((a: Account) => accountsApi.unlock(a.id));
  const fail = (err: unknown) => message.error(err instanceof Error ? err.message : '操作失败');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          用户管理
        </Typography.Title>
        <Space>
          <Button onClick={() => setImporting(true)}>批量导入</Button>
          <Button type="primary" onClick={() => setEditing('new')}>
            新建账号
          </Button>
        </Space>
      </Space>
      <Space wrap role="search" aria-label="筛选账号">
        <Input.Search
          aria-label="搜索账号或姓名"
          placeholder="账号或姓名"
          allowClear
          style={{ width: 220 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined, offset: 0 }))}
        />
        {isSuperadmin(user) && (
          <Select
            aria-label="县区"
            allowClear
            placeholder="全部县区"
            style={{ width: 180 }}
            value={filter.county}
            onChange={(county?: string) =>
              setFilter((f) => ({ ...f, county, orgUnit: undefined, offset: 0 }))
            }
            options={[
              { value: 'system', label: '不属于县区（全平台）' },
              ...(placements.data ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
        )}
        <Select
          aria-label="所属单位"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="全部单位"
          style={{ width: 200 }}
          value={filter.orgUnit}
          disabled={units.length === 0}
          onChange={(orgUnit?: string) => setFilter((f) => ({ ...f, orgUnit, offset: 0 }))}
          options={units.map((u) => ({ value: u.code, label: u.name }))}
        />
        <Select
          aria-label="系统角色"
          allowClear
          placeholder="全部角色"
          style={{ width: 190 }}
          value={filter.role}
          onChange={(role?: string) => setFilter((f) => ({ ...f, role, offset: 0 }))}
          options={[
            { value: 'none', label: '普通用户' },
            ...Object.entries(SYSTEM_ROLE_LABELS).map(([value, label]) => ({ value, label })),
          ]}
        />
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 120 }}
          value={filter.active}
          onChange={(active?: string) => setFilter((f) => ({ ...f, active, offset: 0 }))}
          options={[
            { value: 'true', label: '启用' },
            { value: 'false', label: '停用' },
          ]}
        />
      </Space>
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={accounts.isLoading}
        dataSource={accounts.data?.items ?? []}
        locale={{ emptyText: '没有符合条件的账号' }}
        pagination={{
          pageSize: 50,
          total: accounts.data?.total ?? 0,
          current: Math.floor((filter.offset ?? 0) / 50) + 1,
          onChange: (page) => setFilter((f) => ({ ...f, offset: (page - 1) * 50 })),
          showTotal: (total) => `共 ${total} 个账号`,
        }}
        columns={[
          { title: '账号', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '县区', render: (_v, a) => a.county?.name ?? '全平台' },
          { title: '所属单位', render: (_v, a) => a.orgUnit?.name ?? '—' },
          {
            title: '系统角色',
            render: (_v, a) =>
              a.systemRoles.length ? a.systemRoles.map((r) => <Tag key={r}>{systemRoleLabel(r)}</Tag>) : '—',
          },
          {
            title: '状态',
            render: (_v, a) => (
              <Space size={4}>
                {a.active ? <Tag color="green">启用</Tag> : <Tag color="red">停用</Tag>}
                {a.mustChangePassword && <Tag color="orange">待改密码</Tag>}
              </Space>
            ),
          },
          { title: '最近登录', dataIndex: 'lastLoginAt', render: (v: string | null) => formatTime(v) },
          {
            title: '操作',
            render: (_v, a) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(a)}>
                  编辑
                </Button>
                <Popconfirm
                  title={a.active ? `停用 ${a.username}？其登录将立即失效` : `启用 ${a.username}？`}
                  okText={a.active ? '停用' : '启用'}
                  cancelText="取消"
                  onConfirm={() =>
                    setActive
                      .mutateAsync(a)
                      .then(() => message.success(a.active ? '已停用' : '已启用'))
                      .catch(fail)
                  }
                >
                  <Button type="link" size="small" danger={a.active}>
                    {a.active ? '停用' : '启用'}
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title={`重置 ${a.username} 的密码？将生成一次性密码`}
                  okText="重置"
                  cancelText="取消"
                  onConfirm={() =>
                    reset
                      .mutateAsync(a)
                      .then((r) => setPasswords([r]))
                      .catch(fail)
                  }
                >
                  <Button type="link" size="small">
                    重置密码
                  </Button>
                </Popconfirm>
                <Button
                  type="link"
                  size="small"
                  onClick={() =>
                    unlock
                      .mutateAsync(a)
                      .then(() => message.success(`已解除 ${a.username} 的登录锁定`))
                      .catch(fail)
                  }
                >
                  解除锁定
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <AccountDialog
        open={editing !== undefined}
        account={editing === 'new' ? undefined : editing}
        onClose={() => setEditing(undefined)}
        onCreated={(r) => setPasswords([r])}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={setPasswords} />
      <OneTimePasswordDialog results={passwords} onClose={() => setPasswords([])} />
    </Space>
  );
}
