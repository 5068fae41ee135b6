import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { TaskDetail } from '../../api/types';

/**
 * The approval operations of a task (转办, 委派, 交回, 退回到已办环节, 撤回) as the step offers them, and the
 * next-approver preview. Every rule is the server's; the page only asks and shows its answer.
 */
interface Available {
  offered: { id: string; label: string }[];
  delegation: { owner: string; delegate: string; status: 'pending' | 'resolved' } | null;
  canWithdraw: boolean;
}

interface ReturnTarget {
  elementId: string;
  name: string;
  completedBy: string | null;
}

type Dialog = 'transfer' | 'delegate' | 'return' | null;

const TITLES = { transfer: '转办', delegate: '委派', return: '退回到已办环节' } as const;

export function TaskOperations({ detail, me, canAct }: { detail: TaskDetail; me: string; canAct: boolean }) {
  const { task } = detail;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const available = useQuery({
    queryKey: ['task-operations', task.id],
    queryFn: () => api.get<Available>(`/tasks/${task.id}/operations`),
  });
  const open = canAct;
  const targets = useQuery({
    queryKey: ['return-targets', task.id],
    queryFn: () => api.get<{ items: ReturnTarget[] }>(`/tasks/${task.id}/return-targets`),
    enabled: dialog === 'return',
  });
  const forward = detail.outcomes.find((o) => !o.commentRequired);
  const preview = useQuery({
    queryKey: ['next-approvers', task.id, forward?.id],
    queryFn: () =>
      api.get<{ text: string }>(
        `/tasks/${task.id}/next-approvers?outcome=${encodeURIComponent(forward!.id)}`,
      ),
    enabled: open && Boolean(forward),
  });

  const done = async (text: string) => {
    void message.success(text);
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    queryClient.removeQueries({ queryKey: ['task', task.id] });
    navigate('/', { replace: true });
  };

  const run = async (work: () => Promise<unknown>, text: string) => {
    setBusy(true);
    try {
      await work();
      setDialog(null);
      await done(text);
    } catch (err) {
      void message.error(err instanceof Error ? err.message : '操作失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  const submitDialog = async () => {
    const values = (await form.validateFields()) as {
      to?: string;
      target?: string;
      comment?: string;
      direct?: boolean;
    };
    if (dialog === 'return')
      await run(
        () => api.post(`/tasks/${task.id}/return`, values),
        `已退回至「${targets.data?.items.find((t) => t.elementId === values.target)?.name ?? ''}」`,
      );
    else if (dialog)
      await run(() => api.post(`/tasks/${task.id}/${dialog}`, values), `已${TITLES[dialog]}给 ${values.to}`);
  };

  const offered = new Set(available.data?.offered.map((o) => o.id) ?? []);
  const delegation = available.data?.delegation;
  const delegatedToMe = delegation?.status === 'pending' && delegation.delegate === me;
  const withdraw = available.data?.canWithdraw;
  const people = detail.candidates
    .filter((c) => c.username !== me)
    .map((c) => ({
      value: c.username,
      label: `${c.displayName}（${c.username}）`,
    }));

  if (!open && !withdraw) return null;
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }}>
      {open && preview.data && (
        <Alert type="info" showIcon data-testid="next-approvers" message={preview.data.text} />
      )}
      {delegatedToMe && (
        <Alert type="warning" showIcon message={`${delegation!.owner} 委派您办理，处理完毕后请交回`} />
      )}
      <Space wrap>
        {open && !delegatedToMe && offered.has('transfer') && (
          <Button onClick={() => setDialog('transfer')}>转办</Button>
        )}
        {open && !delegatedToMe && offered.has('delegate') && (
          <Button onClick={() => setDialog('delegate')}>委派</Button>
        )}
        {open && !delegatedToMe && offered.has('return') && (
          <Button danger onClick={() => setDialog('return')}>
            退回到已办环节
          </Button>
        )}
        {open && delegatedToMe && (
          <Button
            type="primary"
            loading={busy}
            onClick={() => void run(() => api.post(`/tasks/${task.id}/resolve`, {}), '已交回委派人')}
          >
            办理完毕，交回
          </Button>
        )}
        {withdraw && (
          <Button
            loading={busy}
            onClick={() => void run(() => api.post(`/tasks/${task.id}/withdraw`, {}), '已撤回，可重新办理')}
          >
            撤回
          </Button>
        )}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog ? TITLES[dialog] : ''}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setDialog(null)}
        onOk={() => void submitDialog()}
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'return' ? (
            <>
              <Form.Item name="target" label="退回到" rules={[{ required: true, message: '请选择退回环节' }]}>
                <Select
                  loading={targets.isLoading}
                  options={(targets.data?.items ?? []).map((t) => ({
                    value: t.elementId,
                    label: `${t.name}${t.completedBy ? `（${t.completedBy}）` : ''}`,
                  }))}
                  placeholder="选择已办理过的环节"
                />
              </Form.Item>
              <Form.Item name="direct" valuePropName="checked">
                <Checkbox>退回后直送：对方办理后直接回到本环节</Checkbox>
              </Form.Item>
            </>
          ) : (
            <Form.Item
              name="to"
              label="办理人（用户名）"
              rules={[{ required: true, message: '请填写办理人' }]}
            >
              <AutoComplete options={people} placeholder="如 heilongjiang-city.yusuan" />
            </Form.Item>
          )}
          <Form.Item
            name="comment"
            label="意见"
            rules={dialog === 'return' ? [{ required: true, message: '请填写退回理由或修改意见' }] : []}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
