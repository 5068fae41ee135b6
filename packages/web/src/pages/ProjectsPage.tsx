import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, api } from '../api/client';
import { useProjects } from '../api/hooks';
import type { Project } from '../api/types';
import { useUser } from '../auth/session';
import { CATEGORY, KIND, money } from '../format';
import { StageTags } from '../components/StageTags';

const thisYear = new Date().getFullYear();

/** 我的项目 for a department (and 新建项目); every project of the county for finance sections. */
export function ProjectsPage() {
  const user = useUser();
  const [year, setYear] = useState<number>();
  const [q, setQ] = useState<string>();
  const projects = useProjects({ year, q });
  const [creating, setCreating] = useState(false);
  const department = user.orgUnit?.kind === 'department';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {department ? '我的项目' : '项目'}
        </Typography.Title>
        {department && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建项目
          </Button>
        )}
      </Space>
      <Space wrap role="search" aria-label="筛选项目">
        <Select
          aria-label="预算年度"
          placeholder="全部年度"
          allowClear
          style={{ width: 120 }}
          value={year}
          onChange={setYear}
          options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({
            value: y,
            label: `${y} 年`,
          }))}
        />
        <Input.Search
          aria-label="搜索项目名称"
          placeholder="搜索项目名称"
          allowClear
          style={{ width: 240 }}
          onSearch={(v) => setQ(v.trim() || undefined)}
        />
      </Space>
      <Table<Project>
        rowKey="id"
        loading={projects.isLoading}
        dataSource={projects.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 个项目` }}
        locale={{ emptyText: '暂无项目' }}
        columns={[
          {
            title: '项目名称',
            dataIndex: 'name',
            render: (name: string, p) => <Link to={`/projects/${p.id}`}>{name}</Link>,
          },
          { title: '年度', dataIndex: 'year', width: 70 },
          { title: '主管部门', width: 150, render: (_: unknown, p) => p.department.name },
          { title: '金额', dataIndex: 'amount', width: 130, render: (v: number) => money(v) },
          { title: '类别', dataIndex: 'category', width: 70, render: (v: string) => CATEGORY[v] ?? v },
          { title: '各环节', render: (_: unknown, p) => <StageTags stages={p.stages} /> },
        ]}
      />
      {creating && <CreateProjectModal onClose={() => setCreating(false)} />}
    </Space>
  );
}

interface NewProject {
  name: string;
  amount: number;
  year: number;
  category: string;
  kind: string;
  major?: boolean;
}

function CreateProjectModal({ onClose }: { onClose: () => void }) {
  const user = useUser();
  const [form] = Form.useForm<NewProject>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const submit = async (values: NewProject) => {
    setBusy(true);
    try {
      const created = await api.post<Project>('/projects', { ...values, county: user.county?.id });
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      void message.success('项目已创建');
      navigate(`/projects/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length)
        form.setFields(
          err.fieldErrors.map((e) => ({ name: e.path as keyof NewProject, errors: [e.message] })),
        );
      else void message.error(err instanceof Error ? err.message : '创建失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="新建项目"
      okText="创建"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<NewProject>
        form={form}
        layout="vertical"
        initialValues={{ year: thisYear, category: 'new', kind: 'project', major: false }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label="项目名称" name="name" rules={[{ required: true, message: '请填写项目名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label="项目金额（万元）"
          name="amount"
          rules={[{ required: true, message: '请填写项目金额' }]}
        >
          <InputNumber min={0} precision={4} style={{ width: '100%' }} addonAfter="万元" />
        </Form.Item>
        <Form.Item label="预算年度" name="year" rules={[{ required: true, message: '请填写预算年度' }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="项目类别" name="category">
          <Radio.Group options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="项目类型" name="kind">
          <Radio.Group options={Object.entries(KIND).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="重大政策（项目）" name="major" valuePropName="checked">
          <Switch aria-label="重大政策（项目）" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
