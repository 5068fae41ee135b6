import { Alert, Button, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { FormProblem } from '../model/check-form';
import type { DesignedForm } from '../model/schema-types';

const RULE_LABELS: Record<FormProblem['rule'], string> = {
  'form-schema': '格式',
  'form-expression': '表达式',
  'setting-defined': '参数',
};

export function ProblemList({
  problems,
  onPick,
}: {
  problems: FormProblem[];
  onPick?(p: FormProblem): void;
}) {
  if (problems.length === 0)
    return <Alert type="success" showIcon message="检查通过：格式、表达式和参数引用均无问题" />;
  return (
    <List
      size="small"
      bordered
      className="pm-fd-problems"
      header={
        <Typography.Text type="danger">
          共 {problems.length} 处问题（与 pm validate 相同的检查）
        </Typography.Text>
      }
      dataSource={problems}
      renderItem={(p) => (
        <List.Item onClick={() => onPick?.(p)} style={{ cursor: onPick ? 'pointer' : undefined }}>
          <Space>
            <Tag color="error">{RULE_LABELS[p.rule]}</Tag>
            <Typography.Text code>{p.pointer || '/'}</Typography.Text>
            <span>{p.message}</span>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The whole form as JSON, editable; applied only when it parses, then checked like any other edit. */
export interface JsonViewProps {
  form: DesignedForm;
  problems: FormProblem[];
  onApply(form: DesignedForm): void;
  onPickProblem?(problem: FormProblem): void;
}

export function JsonView({ form, problems, onApply, onPickProblem }: JsonViewProps) {
  const text = JSON.stringify(form, null, 2);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string>();
  useEffect(() => setDraft(text), [text]);
  const apply = () => {
    try {
      const parsed = JSON.parse(draft) as DesignedForm;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('应为一个 JSON 对象');
      setError(undefined);
      onApply(parsed);
    } catch (err) {
      setError(`JSON 无法解析：${(err as Error).message}`);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ProblemList problems={problems} onPick={onPickProblem} />
      <Input.TextArea
        aria-label="表单 JSON"
        className="pm-fd-code"
        spellCheck={false}
        autoSize={{ minRows: 16, maxRows: 40 }}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Space>
        <Button type="primary" onClick={apply} disabled={draft === text}>
          应用 JSON
        </Button>
        <Button onClick={() => setDraft(text)} disabled={draft === text}>
          放弃修改
        </Button>
      </Space>
    </Space>
  );
}
