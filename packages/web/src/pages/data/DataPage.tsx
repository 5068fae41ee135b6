import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api, query } from '../../api/client';
import { useCounties } from '../../api/hooks';
import { useUser } from '../../auth/session';
import { downloadFile, uploadFile } from '../../files';
import { canUseStudio } from '../studio/access';

interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

interface RowError {
  path: string;
  row?: number;
  column?: string;
  message: string;
}

interface ImportFailureView {
  message: string;
  rows: RowError[];
}

/** A refused import: the message, then every wrong cell by row and column. */
function ImportFailure({ failure, label }: { failure: ImportFailureView; label: string }) {
  return (
    <>
      <Alert type="error" showIcon message={failure.message} />
      {failure.rows.length > 0 && (
        <Table<RowError>
          size="small"
          rowKey={(r) => `${r.path}:${r.message}`}
          aria-label={label}
          dataSource={failure.rows}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '行', dataIndex: 'row', width: 80 },
            { title: '列', dataIndex: 'column', width: 120 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      )}
    </>
  );
}

const thisYear = new Date().getFullYear();
const STATUSES = [
  { value: 'not-started', label: '未开展' },
  { value: 'active', label: '办理中' },
  { value: 'completed', label: '已办结' },
  { value: 'terminated', label: '已终止' },
];

/** 数据导入导出: the 项目库 import with its template, and the stage tables of a year as one workbook. */
export function DataPage() {
  const user = useUser();
  const counties = useCounties();
  const [county, setCounty] = useState<string | undefined>(user.county?.id);
  const stages = counties.data?.find((c) => c.id === county)?.stages.filter((s) => s.enabled) ?? [];
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [failure, setFailure] = useState<ImportFailureView>();
  const [year, setYear] = useState(thisYear);
  const [stage, setStage] = useState('target-declaration');
  const [status, setStatus] = useState<string>();
  const [progress, setProgress] = useState<number>();

  const send = async (dryRun: boolean) => {
    if (!file || !county) return;
    setBusy(true);
    setReport(undefined);
    setFailure(undefined);
    try {
      const result = await uploadFile<ImportReport>(
        `/imports/projects${query({ county, dryRun: dryRun ? 'true' : undefined })}`,
        file,
      );
      setReport(result);
      if (!dryRun) {
        void message.success(`已导入：新增 ${result.created} 个，更新 ${result.updated} 个`);
        await queryClient.invalidateQueries({ queryKey: ['projects'] });
      }
    } catch (err) {
      if (err instanceof ApiError)
        setFailure({ message: err.message, rows: err.fieldErrors as RowError[] });
      else setFailure({ message: '导入失败，请稍后重试', rows: [] });
    } finally {
      setBusy(false);
    }
  };

  // The workbook is written on the server as a job: its progress drives the bar, then the file comes.
  const exportList = async () => {
    setProgress(0);
    try {
      const job = await api.post<{ id: string; total: number }>('/exports/stage-tables/jobs', {
        year,
        stage,
        ...(county ? { county } : {}),
        ...(status ? { status } : {}),
      });
      for (;;) {
        const state = await api.get<{ status: string; done: number; total: number; message?: string }>(
          `/exports/jobs/${job.id}`,
        );
        if (state.status === 'failed') throw new Error(state.message ?? '导出失败');
        if (state.status === 'done') break;
        setProgress(state.total ? Math.round((state.done / state.total) * 90) : 0);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await downloadFile(`/exports/jobs/${job.id}/file`, `${year}年度汇总.xlsx`, (p) =>
        setProgress(90 + Math.round(p / 10)),
      );
    } catch (err) {
      void message.error(err instanceof Error ? err.message : '导出失败');
    } finally {
      setTimeout(() => setProgress(undefined), 800);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        数据导入导出
      </Typography.Title>
      {user.systemRoles.includes('superadmin') && (
        <Select
          aria-label="县区"
          placeholder="请选择县区"
          style={{ width: 200 }}
          value={county}
          onChange={setCounty}
          options={(counties.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      )}
      <Card title="导入项目库" size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            请先下载模板，按模板填写 项目名称、主管部门、实施单位、项目类别、资金总额（万元）、预算年度、重大项目。
            导入前会检查每一行，有任何错误都不会导入；同一文件重复导入不会产生重复项目。
          </Typography.Text>
          <Space wrap>
            <Button
              disabled={!county}
              onClick={() =>
                void downloadFile(`/imports/projects/template${query({ county })}`, '项目库导入模板.xlsx').catch(
                  (err: Error) => void message.error(err.message),
                )
              }
            >
              下载模板
            </Button>
            <Upload
              accept=".xlsx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setReport(undefined);
                setFailure(undefined);
                return false;
              }}
              onRemove={() => setFile(undefined)}
            >
              <Button>选择文件</Button>
            </Upload>
            <Button disabled={!file || busy} onClick={() => void send(true)}>
              检查
            </Button>
            <Button type="primary" disabled={!file || busy} loading={busy} onClick={() => void send(false)}>
              导入
            </Button>
          </Space>
          {report && (
            <Alert
              type="success"
              showIcon
              message={
                report.dryRun
                  ? `检查通过：共 ${report.rows} 行，将新增 ${report.created} 个、更新 ${report.updated} 个、${report.unchanged} 个无变化`
                  : `导入完成：共 ${report.rows} 行，新增 ${report.created} 个、更新 ${report.updated} 个、${report.unchanged} 个无变化`
              }
            />
          )}
          {failure && <ImportFailure failure={failure} label="导入错误" />}
        </Space>
      </Card>
      {canUseStudio(user) && <IndicatorLibraryCard county={county} />}
      <Card title="导出汇总表" size="small">
        <Space wrap>
          <Select
            aria-label="预算年度"
            style={{ width: 120 }}
            value={year}
            onChange={setYear}
            options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))}
          />
          <Select
            aria-label="环节"
            style={{ width: 170 }}
            value={stage}
            onChange={setStage}
            options={stages.map((s) => ({ value: s.id, label: s.label }))}
          />
          <Select
            aria-label="状态"
            placeholder="全部状态"
            allowClear
            style={{ width: 130 }}
            value={status}
            onChange={setStatus}
            options={STATUSES}
          />
          <Button type="primary" onClick={() => void exportList()} disabled={progress !== undefined}>
            导出 Excel
          </Button>
        </Space>
        {progress !== undefined && (
          <Progress
            percent={progress}
            status={progress < 100 ? 'active' : 'success'}
            format={(p) => (p === 0 ? '正在生成' : `${p}%`)}
            style={{ maxWidth: 480, marginTop: 12 }}
          />
        )}
      </Card>
    </Space>
  );
}

/** 指标库: download the county's library as it stands, edit, import; the import becomes a studio draft. */
function IndicatorLibraryCard({ county }: { county?: string }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ rows: number; common: number; industry: number }>();
  const [failure, setFailure] = useState<ImportFailureView>();
  const send = async () => {
    if (!file || !county) return;
    setBusy(true);
    setDone(undefined);
    setFailure(undefined);
    try {
      setDone(await uploadFile(`/imports/indicators${query({ county })}`, file));
    } catch (err) {
      if (err instanceof ApiError) setFailure({ message: err.message, rows: err.fieldErrors as RowError[] });
      else setFailure({ message: '导入失败，请稍后重试', rows: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="指标库（共性指标、分行业分领域指标）" size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          下载的文件即本县区当前的指标库，修改后导入。导入的指标库保存为配置草稿，到“配置工作台”发布后生效。
        </Typography.Text>
        <Space wrap>
          <Button
            disabled={!county}
            onClick={() =>
              void downloadFile(`/imports/indicators/template${query({ county })}`, '指标库.xlsx').catch(
                (err: Error) => void message.error(err.message),
              )
            }
          >
            下载指标库
          </Button>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(undefined)}
          >
            <Button>选择文件</Button>
          </Upload>
          <Button type="primary" disabled={!file || busy} loading={busy} onClick={() => void send()}>
            导入指标库
          </Button>
        </Space>
        {done && (
          <Alert
            type="success"
            showIcon
            message={`已保存为配置草稿：共 ${done.rows} 个指标（共性指标 ${done.common} 个，分行业分领域指标 ${done.industry} 个），请到配置工作台发布`}
          />
        )}
        {failure && <ImportFailure failure={failure} label="指标库导入错误" />}
      </Space>
    </Card>
  );
}
