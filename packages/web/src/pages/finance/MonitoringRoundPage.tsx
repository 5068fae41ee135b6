import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import { useProjects } from '../../api/hooks';
import type { BatchView, Project } from '../../api/types';
import { useUser } from '../../auth/session';
import { money } from '../../format';
import { StageTags } from '../../components/StageTags';

const thisYear = new Date().getFullYear();

interface RoundForm {
  round: string;
  due: Dayjs;
}

/**
 * 发起绩效运行监控: choose the county's projects and a due date; the server starts one monitoring instance
 * per project in the background and this page polls the batch for a progress bar.
 */
export function MonitoringRoundPage() {
  const user = useUser();
  const [year, setYear] = useState(thisYear);
  const projects = useProjects({ year });
  const [selected, setSelected] = useState<string[]>([]);
  const [batchId, setBatchId] = useState<string>();
  const [form] = Form.useForm<RoundForm>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();

  const batch = useQuery({
    queryKey: ['batch', batchId],
    queryFn: () => api.get<BatchView>(`/batches/${batchId}`),
    enabled: Boolean(batchId),
    refetchInterval: (q) => (q.state.data?.status === 'finished' ? false : 700),
  });
  useEffect(() => {
    if (batch.data?.status === 'finished')
      void message.success(`本轮监控已发起：成功 ${batch.data.started.length} 个`);
  }, [batch.data?.status, batch.data?.started.length, message]);

  const submit = async (values: RoundForm) => {
    if (selected.length === 0) {
      void message.warning('请至少选择一个项目');
      return;
    }
    setBusy(true);
    try {
      const res = await api.post<{ batchId: string }>('/finance/rounds', {
        county: user.county?.id,
        stageId: 'monitoring',
        round: values.round.trim(),
        due: values.due.format('YYYY-MM-DD'),
        projectIds: selected,
      });
      setBatchId(res.batchId);
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length)
        form.setFields(
          err.fieldErrors
            .filter((e) => e.path === 'round' || e.path === 'due')
            .map((e) => ({ name: e.path as keyof RoundForm, errors: [e.message] })),
        );
      void message.error(err instanceof Error ? err.message : '发起失败');
    } finally {
      setBusy(false);
    }
  };

  const b = batch.data;
  const names = new Map((projects.data?.items ?? []).map((p) => [p.id, p.name]));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        发起绩效运行监控
      </Typography.Title>
      <Card size="small">
        <Form<RoundForm>
          form={form}
          layout="inline"
          onFinish={(v) => void submit(v)}
          initialValues={{ round: `${thisYear}年半年监控` }}
        >
          <Form.Item label="轮次名称" name="round" rules={[{ required: true, message: '请填写轮次名称' }]}>
            <Input style={{ width: 200 }} maxLength={50} />
          </Form.Item>
          <Form.Item label="报送截止日期" name="due" rules={[{ required: true, message: '请选择截止日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={busy}
              disabled={Boolean(b && b.status === 'running')}
            >
              发起（已选 {selected.length} 个项目）
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {b && (
        <Card size="small" title="发起进度">
          <Progress
            percent={b.total ? Math.round((b.done / b.total) * 100) : 0}
            status={b.status === 'finished' ? (b.failed.length ? 'exception' : 'success') : 'active'}
            aria-label="发起进度"
          />
          <div className="pm-muted">
            共 {b.total} 个，已处理 {b.done} 个，成功 {b.started.length} 个，失败 {b.failed.length} 个
          </div>
          {b.failed.length > 0 && (
            <Alert
              type="warning"
              style={{ marginTop: 8 }}
              message="以下项目未能发起"
              description={b.failed
                .map((f) => `${names.get(f.projectId) ?? f.projectId}：${f.message}`)
                .join('；')}
            />
          )}
          {b.status === 'finished' && (
            <Link to="/finance/submissions" style={{ display: 'inline-block', marginTop: 8 }}>
              查看报送情况
            </Link>
          )}
        </Card>
      )}
      <Space>
        <span>预算年度</span>
        <Select
          aria-label="预算年度"
          value={year}
          style={{ width: 120 }}
          onChange={(y) => {
            setYear(y);
            setSelected([]);
          }}
          options={[thisYear + 1, thisYear, thisYear - 1].map((y) => ({ value: y, label: `${y} 年` }))}
        />
      </Space>
      <Table<Project>
        rowKey="id"
        size="small"
        loading={projects.isLoading}
        dataSource={projects.data?.items ?? []}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (n) => `共 ${n} 个项目` }}
        columns={[
          { title: '项目名称', dataIndex: 'name' },
          { title: '主管部门', width: 170, render: (_: unknown, p) => p.department.name },
          { title: '金额', width: 130, dataIndex: 'amount', render: (v: number) => money(v) },
          { title: '各环节', render: (_: unknown, p) => <StageTags stages={p.stages} /> },
        ]}
      />
    </Space>
  );
}
