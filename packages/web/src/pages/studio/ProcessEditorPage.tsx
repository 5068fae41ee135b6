import { ProcessModeler, type DiagramProblem, type ProcessModelerHandle } from '@pm/process-modeler';
import { Alert, App, Breadcrumb, Button, Card, Space, Spin, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useCountySettings } from '../../api/hooks';
import { ApiError } from '../../api/client';
import {
  useCountyDetail,
  useCountyProblems,
  useProcessDraft,
  useSaveProcess,
  type LintProblem,
} from './admin-api';
import { DiscardDraftButton } from './DiscardDraftButton';
import { roleLabel } from './SettingsEditor';

/** Problems of this process, for the canvas: a process problem's `path` is the element id. */
function diagramProblems(problems: LintProblem[] | undefined, processId: string): DiagramProblem[] {
  return (problems ?? [])
    .filter((p) => p.kind === 'process' && p.artifactId === processId)
    .map((p) => ({ elementId: p.path || null, message: p.message }));
}

/** A refused save's details are the problems that refused it. */
const refusedProblems = (err: unknown): LintProblem[] =>
  err instanceof ApiError && Array.isArray(err.details) ? (err.details as unknown as LintProblem[]) : [];

/** The county's process (its own replacement, or the base to start one) in the modeler. */
export function ProcessEditorPage() {
  const { county = '', processId = '' } = useParams();
  const detail = useCountyDetail(county);
  const draft = useProcessDraft(county, processId);
  const settings = useCountySettings(county);
  const problems = useCountyProblems(county);
  const save = useSaveProcess(county, processId);
  const modeler = useRef<ProcessModelerHandle>(null);
  const [changed, setChanged] = useState(false);
  const [unplaced, setUnplaced] = useState<DiagramProblem[]>([]);
  const [refused, setRefused] = useState<LintProblem[]>();
  const { message } = App.useApp();
  const manifest = detail.data?.manifest;
  const context = useMemo(
    () => ({
      roles: Object.keys(manifest?.roles ?? {}).map((id) => ({ id, label: roleLabel(id) })),
      forms: (detail.data?.forms ?? []).map((f) => ({ id: f.id, title: f.title })),
      settingKeys: Object.keys(settings.data ?? {}),
    }),
    [manifest, detail.data, settings.data],
  );
  const shown = useMemo(
    () => diagramProblems(refused ?? problems.data, processId),
    [refused, problems.data, processId],
  );

  if (draft.isLoading || detail.isLoading) return <Spin />;
  if (draft.error || !draft.data)
    return <Alert type="error" showIcon message={draft.error?.message ?? '无法读取流程'} />;
  const onSave = async () => {
    try {
      const xml = await modeler.current!.saveXML();
      const result = await save.mutateAsync(xml);
      setChanged(false);
      setRefused(undefined);
      const own = diagramProblems(result.problems, processId);
      if (own.length) message.warning(`已保存草稿，流程图上标出了 ${own.length} 处问题，发布前需要解决`);
      else message.success('已保存草稿');
    } catch (err) {
      const own = refusedProblems(err);
      if (own.length) setRefused(own);
      message.error(err instanceof Error ? err.message : '保存失败');
    }
  };
  const name = detail.data?.processes.find((p) => p.id === processId)?.name ?? processId;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/studio">配置工作台</Link> },
          { title: <Link to={`/studio/${county}`}>{manifest?.name ?? county}</Link> },
          { title: name },
        ]}
      />
      <Card
        size="small"
        title={`${name}${draft.data.replaced ? '（本县流程）' : '（基础流程，保存后成为本县流程）'}`}
        extra={
          <Space>
            {draft.data.hasDraft && <Tag color="orange">草稿未发布</Tag>}
            {draft.data.hasDraft && (
              <DiscardDraftButton county={county} kind="process" artifactId={processId} />
            )}
            <Button onClick={() => modeler.current?.undo()}>撤销</Button>
            <Button onClick={() => modeler.current?.redo()}>重做</Button>
            <Button type="primary" disabled={!changed} loading={save.isPending} onClick={() => void onSave()}>
              保存草稿
            </Button>
            <Link to={`/studio/${county}?tab=publish`}>
              <Button>去发布</Button>
            </Link>
          </Space>
        }
      >
        {unplaced.length > 0 && (
          <Alert
            style={{ marginBottom: 8 }}
            type="warning"
            showIcon
            message="流程问题"
            description={unplaced.map((p) => p.message).join('；')}
          />
        )}
        <ProcessModeler
          ref={modeler}
          xml={draft.data.xml}
          context={context}
          problems={shown}
          onChange={() => setChanged(true)}
          onUnplacedProblems={setUnplaced}
        />
      </Card>
    </>
  );
}
