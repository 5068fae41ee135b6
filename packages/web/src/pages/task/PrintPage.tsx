import { createForm } from '@formily/core';
import { StageForm } from '@pm/form-renderer';
import { Alert, Button, Descriptions, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useCountySettings, useOrgUnits, useProject, useTask } from '../../api/hooks';
import type { Project, TaskDetail } from '../../api/types';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { Loading } from '../../components/Loading';
import { CATEGORY, formatTime, money } from '../../format';

/** A task's form and history laid out for paper: every table row, no menus or buttons when printed. */
export function PrintPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  const project = useProject(task.data?.task.projectId);
  const settings = useCountySettings(task.data?.task.county);
  const orgUnits = useOrgUnits(task.data?.task.county);
  const error = task.error ?? project.error ?? settings.error;
  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (!task.data || !project.data || !settings.data) return <Loading tip="正在加载…" />;
  return (
    <PrintSheet
      detail={task.data}
      project={project.data}
      settings={settings.data}
      orgUnits={orgUnits.data ?? []}
    />
  );
}

function PrintSheet(props: {
  detail: TaskDetail;
  project: Project;
  settings: Record<string, unknown>;
  orgUnits: { code: string; name: string; kind: string }[];
}) {
  const { detail, project } = props;
  const form = useMemo(() => createForm({ initialValues: detail.data, readPretty: true }), [detail.data]);
  const services = useMemo(() => ({ printing: true, orgUnits: props.orgUnits }), [props.orgUnits]);
  return (
    <div className="pm-print">
      <Space className="pm-print__tools">
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Link to={`/tasks/${detail.task.id}`}>返回任务</Link>
      </Space>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {detail.form?.title ?? detail.task.name}
      </Typography.Title>
      <Descriptions size="small" bordered column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="项目名称">{project.name}</Descriptions.Item>
        <Descriptions.Item label="主管部门">{project.department.name}</Descriptions.Item>
        <Descriptions.Item label="预算年度">{project.year}</Descriptions.Item>
        <Descriptions.Item label="项目金额">{money(project.amount)}</Descriptions.Item>
        <Descriptions.Item label="项目类别">
          {CATEGORY[project.category] ?? project.category}
        </Descriptions.Item>
        <Descriptions.Item label="环节">
          {detail.task.stageLabel} · {detail.task.name}
        </Descriptions.Item>
      </Descriptions>
      {detail.form && (
        <StageForm
          form={form}
          schema={detail.form.schema}
          scope={{
            $settings: props.settings,
            $project: { name: project.name, amount: project.amount, year: project.year },
          }}
          services={services}
        />
      )}
      <Typography.Title level={5}>办理历史</Typography.Title>
      <HistoryTimeline history={detail.history} integrity={detail.historyIntegrity} />
      <div className="pm-muted">打印时间：{formatTime(new Date().toISOString())}</div>
    </div>
  );
}
