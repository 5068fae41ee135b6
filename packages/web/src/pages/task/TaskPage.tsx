import { createForm, onFormInputChange, type Form } from '@formily/core';
import {
  applyServerErrors,
  clearServerErrors,
  StageForm,
  stageFormEffects,
  type FormServices,
} from '@pm/form-renderer';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import { useCountySettings, useOrgUnits, useProject, useTask } from '../../api/hooks';
import type { TaskDetail } from '../../api/types';
import { downloadAttachment, uploadAttachment } from '../../attachments';
import { AttachmentsPanel } from '../../components/AttachmentsPanel';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { Loading } from '../../components/Loading';
import { ProcessDiagram } from '../../components/ProcessDiagram';
import { formatTime } from '../../format';
import { useUser } from '../../auth/session';
import { ReviewPanel, type ReviewState } from './ReviewPanel';
import { TaskOperations } from './TaskOperations';
import { readLocalCopy, useAutosave } from './useAutosave';

const SAVE_TEXT = {
  clean: '',
  dirty: '有未保存的修改',
  saving: '正在保存草稿…',
  saved: '草稿已自动保存',
  failed: '草稿保存失败，内容已暂存在本机',
} as const;

/** Formily's validation feedbacks as lines a person can act on: the field's title (row number) and message. */
function describeFeedbacks(form: Form, feedbacks: unknown): string[] {
  if (!Array.isArray(feedbacks)) return [];
  return (feedbacks as { path?: string; address?: string; messages?: string[] }[])
    .filter((f) => f.messages?.length)
    .slice(0, 20)
    .map((f) => {
      const path = f.path ?? f.address ?? '';
      const title = form.query(path).take()?.title;
      const row = /\.(\d+)\./.exec(path);
      return `${row ? `第 ${Number(row[1]) + 1} 行 ` : ''}${typeof title === 'string' ? title : path}：${f.messages!.join('，')}`;
    });
}

/** Loads everything the task's form needs, then hands over to the page proper. */
export function TaskPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  const project = useProject(task.data?.task.projectId);
  const settings = useCountySettings(task.data?.task.county);
  const orgUnits = useOrgUnits(task.data?.task.county);
  const error = task.error ?? project.error ?? settings.error;
  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (!task.data || !project.data || !settings.data) return <Loading tip="正在加载任务…" />;
  return (
    <TaskWorkspace
      key={id}
      detail={task.data}
      scope={{
        $settings: settings.data,
        $project: {
          name: project.data.name,
          amount: project.data.amount,
          year: project.data.year,
          category: project.data.category,
        },
      }}
      orgUnits={orgUnits.data ?? []}
    />
  );
}

interface WorkspaceProps {
  detail: TaskDetail;
  scope: Record<string, unknown>;
  orgUnits: FormServices['orgUnits'];
}

function TaskWorkspace({ detail, scope, orgUnits }: WorkspaceProps) {
  const { task } = detail;
  const me = useUser().username;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const editing = !task.readOnly && task.mode === 'edit';
  const canAct = task.status === 'open' && !(task.readOnly && task.mode === 'edit');

  // What this browser kept from a failed save wins over an older server draft.
  const [restored] = useState(() =>
    task.status === 'open' ? readLocalCopy(task.id, task.draftSavedAt) : undefined,
  );
  const [review, setReview] = useState<ReviewState>(() => ({
    comment: restored?.comment ?? task.draftComment ?? '',
    reviewPoints: {},
  }));
  const [commentError, setCommentError] = useState<string>();
  // A declaration sent back: the reason goes on top, not only in the history.
  const last = detail.history.filter((h) => h.action === 'task.completed').at(-1);
  const returned =
    task.status === 'open' &&
    task.mode === 'edit' &&
    last &&
    (last.outcome === 'return' || last.outcome === 'reject')
      ? last
      : undefined;
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState<string>();
  const reviewRef = useRef(review);
  reviewRef.current = review;

  const formRef = useRef<Form>(undefined);
  const autosave = useAutosave(task.id, canAct, () =>
    editing
      ? {
          data: JSON.parse(JSON.stringify(formRef.current?.values ?? {})),
          comment: reviewRef.current.comment,
        }
      : { comment: reviewRef.current.comment },
  );
  const changedRef = useRef(autosave.changed);
  changedRef.current = autosave.changed;

  const form = useMemo(
    () =>
      createForm({
        initialValues: (editing && restored?.data) || detail.data,
        readPretty: !editing,
        effects() {
          stageFormEffects();
          // What a person typed (and table rows added, moved or removed), not values the schema computes on load.
          if (editing) onFormInputChange(() => changedRef.current());
        },
      }),
    // One form per task load; later renders must not rebuild it and lose what was typed.
    [],
  );
  formRef.current = form;

  const services = useMemo<FormServices>(
    () => ({
      uploadAttachment: (file) => uploadAttachment(task.id, file),
      downloadAttachment,
      orgUnits,
    }),
    [task.id, orgUnits],
  );

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      autosave.unsaved && currentLocation.pathname !== nextLocation.pathname,
  );
  const { modal } = App.useApp();
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: '有尚未保存的修改',
      content: '离开后，未保存的修改仍暂存在本机，下次打开该任务时可恢复。确定离开吗？',
      okText: '离开',
      cancelText: '留在本页',
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal]);

  /** After a refused submit the first problem may be far down a long form: bring it into view. */
  const showFirstError = () =>
    requestAnimationFrame(() =>
      document
        .querySelector(
          '.ant-formily-item-error, .pm-cell--error, .pm-indicators__errors, .ant-form-item-has-error',
        )
        ?.scrollIntoView({ block: 'center' }),
    );

  const complete = async (outcome: TaskDetail['outcomes'][number]) => {
    setCommentError(undefined);
    setFormErrors([]);
    clearServerErrors(form);
    if (editing) {
      try {
        await form.validate();
      } catch (feedbacks) {
        // Also listed above the form: a failing field may sit in a table row scrolled out of view.
        setFormErrors(describeFeedbacks(form, feedbacks));
        void message.error('表单填写有误，请按提示修改');
        showFirstError();
        return;
      }
    }
    if (outcome.commentRequired && !review.comment.trim()) {
      setCommentError(`选择「${outcome.label}」时必须填写理由或修改意见`);
      showFirstError();
      return;
    }
    setBusy(outcome.id);
    try {
      const data = editing
        ? (JSON.parse(JSON.stringify(form.values)) as Record<string, unknown>)
        : task.mode === 'review'
          ? {
              reviewPoints: Object.fromEntries(
                task.reviewPoints.map((p) => [p, review.reviewPoints[p] === true]),
              ),
            }
          : undefined;
      await api.post(`/tasks/${task.id}/complete`, {
        outcome: outcome.id,
        comment: review.comment.trim() || undefined,
        data,
      });
      autosave.reset();
      void message.success(`已${outcome.label}`);
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      queryClient.removeQueries({ queryKey: ['task', task.id] });
      await queryClient.invalidateQueries({ queryKey: ['project', task.projectId] });
      navigate('/', { replace: true });
    } catch (err) {
      // The form keeps everything typed; errors go to the fields they name.
      if (err instanceof ApiError && err.status === 400) {
        const fieldErrors = err.fieldErrors;
        const comment = fieldErrors.find((d) => d.path === 'comment');
        if (comment) setCommentError(comment.message);
        const unclaimed = applyServerErrors(
          form,
          fieldErrors.filter(
            (d) => d.path !== 'comment' && d.path !== 'outcome' && !d.path.startsWith('data.reviewPoints'),
          ),
        );
        setFormErrors(unclaimed.map((d) => `${d.path}：${d.message}`));
        showFirstError();
      }
      void message.error(err instanceof Error ? err.message : '办理失败，请稍后重试');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <div className="pm-task-head">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {task.name}：{task.projectName}
          </Typography.Title>
          <Space size={8} wrap className="pm-muted">
            <span>{task.stageLabel}</span>
            <Link to={`/projects/${task.projectId}`}>查看项目</Link>
            {task.due && (
              <span className={task.overdue ? 'pm-overdue' : task.dueSoon ? 'pm-due-soon' : undefined}>
                截止 {formatTime(task.due)}
                {task.overdue && (
                  <Tag color="red" style={{ marginLeft: 6 }}>
                    已逾期
                  </Tag>
                )}
                {task.dueSoon && (
                  <Tag color="orange" style={{ marginLeft: 6 }}>
                    即将到期
                  </Tag>
                )}
              </span>
            )}
            {task.status !== 'open' && <Tag>已办结</Tag>}
          </Space>
        </div>
        <Space>
          {canAct && (
            <span className="pm-muted" role="status" aria-live="polite" data-testid="save-state">
              {SAVE_TEXT[autosave.state]}
              {autosave.state === 'saved' && autosave.savedAt
                ? ` ${formatTime(autosave.savedAt).slice(11)}`
                : ''}
            </span>
          )}
          {canAct && (
            <Button onClick={() => void autosave.save()} disabled={!autosave.unsaved}>
              保存草稿
            </Button>
          )}
          <Link to={`/tasks/${task.id}/print`} target="_blank">
            <Button>打印</Button>
          </Link>
        </Space>
      </div>
      {returned && (
        <Alert
          type="warning"
          showIcon
          message={`「${returned.taskName ?? '审核'}」${returned.outcomeLabel ?? '退回'}：${returned.comment ?? ''}`}
          description={`${returned.actorName}，${formatTime(returned.at)}。请按意见修改后重新提交。`}
        />
      )}
      {restored && (
        <Alert
          type="info"
          showIcon
          closable
          message={`已恢复本机暂存的未保存内容（${formatTime(restored.at)}）`}
        />
      )}
      {formErrors.length > 0 && (
        <Alert type="error" showIcon message="以下内容需要修改" description={formErrors.join('；')} />
      )}
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small">
            <Tabs
              items={[
                {
                  key: 'form',
                  label: detail.form?.title ?? '表单',
                  children: detail.form ? (
                    <StageForm form={form} schema={detail.form.schema} scope={scope} services={services} />
                  ) : (
                    <Alert type="info" message="该任务没有表单" />
                  ),
                },
                {
                  key: 'diagram',
                  label: '流程图',
                  children: <ProcessDiagram instanceId={task.instanceId} />,
                  destroyOnHidden: true,
                },
                {
                  key: 'files',
                  label: '附件',
                  children: (
                    <AttachmentsPanel
                      instanceId={task.instanceId}
                      uploadTaskId={canAct ? task.id : undefined}
                    />
                  ),
                  destroyOnHidden: true,
                },
              ]}
            />
          </Card>
        </Col>
        <Col flex="340px">
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={task.mode === 'review' ? '审核' : '办理'}>
              <ReviewPanel
                detail={detail}
                value={review}
                onChange={(next) => {
                  reviewRef.current = next;
                  setReview(next);
                  if (next.comment.trim()) setCommentError(undefined);
                  if (next.comment !== review.comment) autosave.changed();
                }}
                commentError={commentError}
                busy={busy}
                onOutcome={(o) => void complete(o)}
                disabled={!canAct}
              />
            </Card>
            <TaskOperations detail={detail} me={me} canAct={canAct} />
            <Card size="small" title="办理历史">
              <HistoryTimeline history={detail.history} integrity={detail.historyIntegrity} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
