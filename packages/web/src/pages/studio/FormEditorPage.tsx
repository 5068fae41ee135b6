import {
  FormDesigner,
  indexForPatch,
  sortByIndex,
  type DesignedForm,
  type FormProblem,
} from '@pm/form-designer';
import { Alert, App, Breadcrumb, Button, Space, Spin, Tag } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useCountySettings, useOrgUnits } from '../../api/hooks';
import { useCountyDetail, useFormDraft, useSaveForm } from './admin-api';
import { DiscardDraftButton } from './DiscardDraftButton';

/** The county's form in the designer, next to the base; saving sends the whole resolved form. */
export function FormEditorPage() {
  const { county = '', formId = '' } = useParams();
  const detail = useCountyDetail(county);
  const draft = useFormDraft(county, formId);
  const settings = useCountySettings(county);
  const orgUnits = useOrgUnits(county);
  const save = useSaveForm(county, formId);
  const { message } = App.useApp();
  // A discarded draft reloads the designer with what is published.
  const [generation, setGeneration] = useState(0);
  const [current, setCurrent] = useState<{ form: DesignedForm; problems: FormProblem[] }>();
  const onChange = useCallback(
    (form: DesignedForm, problems: FormProblem[]) => setCurrent({ form, problems }),
    [],
  );
  const settingKeys = useMemo(
    () => (settings.data ? Object.keys(settings.data) : undefined),
    [settings.data],
  );
  const scope = useMemo(() => ({ $settings: settings.data ?? {} }), [settings.data]);
  const services = useMemo(() => ({ orgUnits: orgUnits.data ?? [] }), [orgUnits.data]);
  // The designer shows fields in the order Formily renders them (x-index first).
  const initial = useMemo(
    () => (draft.data ? { ...draft.data.form, schema: sortByIndex(draft.data.form.schema) } : undefined),
    [draft.data],
  );

  if (draft.isLoading || settings.isLoading) return <Spin />;
  if (draft.error || !draft.data || !initial)
    return <Alert type="error" showIcon message={draft.error?.message ?? '无法读取表单'} />;
  const saved = current && JSON.stringify(current.form) === JSON.stringify(initial);
  const base = draft.data.base;
  const onSave = async () => {
    if (!current) return;
    try {
      // The server keeps a merge patch, which appends new fields: x-index keeps them where they were put.
      const { problems } = await save.mutateAsync({
        ...current.form,
        schema: indexForPatch(current.form.schema, base.schema),
      });
      if (problems.length) message.warning(`已保存草稿，另有 ${problems.length} 处问题需在发布前解决`);
      else message.success('已保存草稿');
      draft.refetch();
    } catch (err) {
      const details = err instanceof ApiError && Array.isArray(err.details) ? err.details : [];
      const where = details.map((d) => `${d.path}：${d.message}`).join('；');
      message.error(`${err instanceof Error ? err.message : '保存失败'}${where ? `（${where}）` : ''}`);
    }
  };
  const countyName = detail.data?.manifest.name ?? county;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/studio">配置工作台</Link> },
          { title: <Link to={`/studio/${county}`}>{countyName}</Link> },
          { title: draft.data.form.title },
        ]}
      />
      <FormDesigner
        key={`${county}/${formId}/${generation}`}
        initial={initial}
        base={draft.data.base}
        countyName={countyName}
        example={draft.data.example}
        scope={scope}
        settingKeys={settingKeys}
        services={services}
        onChange={onChange}
        actions={
          <Space>
            {draft.data.hasDraft && <Tag color="orange">草稿未发布</Tag>}
            {draft.data.hasDraft && (
              <DiscardDraftButton
                county={county}
                kind="form"
                artifactId={formId}
                onDiscarded={() => setGeneration((g) => g + 1)}
              />
            )}
            <Button
              type="primary"
              loading={save.isPending}
              disabled={!current || saved || current.problems.length > 0}
              title={current && current.problems.length > 0 ? '请先解决检查出的问题' : undefined}
              onClick={() => void onSave()}
            >
              保存草稿
            </Button>
            <Link to={`/studio/${county}?tab=publish`}>
              <Button>去发布</Button>
            </Link>
          </Space>
        }
      />
    </>
  );
}
