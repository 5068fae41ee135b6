import { Alert, Modal, Table, Typography } from 'antd';
import type { WithPassword } from './accounts-api';

/** Shown once after creating or resetting: the administrator passes the password on; the holder must change it. */
export function OneTimePasswordDialog({ results, onClose }: { results: WithPassword[]; onClose(): void }) {
  return (
    <Modal
      title="一次性密码"
      open={results.length > 0}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText="我已记下"
      width={640}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message="请将一次性密码当面或电话告知本人。此密码只显示这一次，本人首次登录时须修改。"
      />
      <Table<WithPassword>
        rowKey={(r) => r.account.id}
        size="small"
        pagination={false}
        dataSource={results}
        columns={[
          { title: '姓名', render: (_v, r) => r.account.displayName },
          { title: '账号', render: (_v, r) => r.account.username },
          { title: '所属单位', render: (_v, r) => r.account.orgUnit?.name ?? '—' },
          {
            title: '一次性密码',
            render: (_v, r) => (
              <Typography.Text code copyable={{ tooltips: ['复制', '已复制'] }} aria-label="一次性密码">
                {r.oneTimePassword}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Modal>
  );
}
