import { Alert, App, Button, Modal, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, request } from '../../api/client';
import { useUser } from '../../auth/session';
import { downloadFile } from '../../download';
import { usePlacements, type WithPassword } from './accounts-api';
import { isSuperadmin } from './roles';

/**
 * 批量导入: a spreadsheet (姓名, 账号, 所属单位, 角色) for one county. The server checks every row first
 * and imports nothing when any row is wrong; the problems come back row by row.
 */
export function ImportDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose(): void;
  onImported(created: WithPassword[]): void;
}) {
  const user = useUser();
  const { message } = App.useApp();
  const placements = usePlacements();
  const [county, setCounty] = useState<string | undefined>(user.county?.id);
  const [file, setFile] = useState<File>();
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const countyName = placements.data?.find((p) => p.id === county)?.name ?? '';

  const submit = async () => {
    if (!county || !file) return;
    setBusy(true);
    setProblems([]);
    setError(undefined);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const result = await request<{ created: WithPassword[] }>(
        'POST',
        `/admin/users/import?county=${encodeURIComponent(county)}`,
        body,
      );
      setFile(undefined);
      onImported(result.created);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.message);
        setProblems(err.fieldErrors);
      } else setError('导入失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="批量导入账号"
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="导入"
      okButtonProps={{ disabled: !county || !file }}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Space wrap>
          <Select
            aria-label="导入到县区"
            style={{ width: 220 }}
            placeholder="请选择县区"
            value={county}
            disabled={!isSuperadmin(user)}
            onChange={setCounty}
            options={(placements.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
          <Button
            disabled={!county}
            onClick={() =>
              void downloadFile(
                `/admin/users/import-template?county=${encodeURIComponent(county!)}`,
                `${countyName}账号导入模板.xlsx`,
              ).catch((err: unknown) => message.error(err instanceof Error ? err.message : '下载失败'))
            }
          >
            下载模板
          </Button>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setProblems([]);
              setError(undefined);
              return false;
            }}
            onRemove={() => setFile(undefined)}
            fileList={file ? [{ uid: 'sheet', name: file.name, status: 'done' }] : []}
          >
            <Button>选择表格文件</Button>
          </Upload>
        </Space>
        <Alert
          type="info"
          showIcon
          message="表格列：姓名、账号、所属单位、角色。任何一行有误时不导入任何账号。"
        />
        {error && <Alert type="error" showIcon role="alert" message={error} />}
        {problems.length > 0 && (
          <Table
            aria-label="导入问题"
            size="small"
            rowKey={(p) => `${p.path}-${p.message}`}
            pagination={false}
            dataSource={problems}
            columns={[
              { title: '位置', dataIndex: 'path', width: 180 },
              { title: '问题', dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}
