import { Alert, Button, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { SchemaNode } from '../model/schema-types';

/**
 * For experts: the selected node as JSON (reactions, validators, component props). Applied only when it
 * parses as an object; the whole form is checked again like every other edit.
 */
export function ExpertCode({ node, onApply }: { node: SchemaNode; onApply(node: SchemaNode): void }) {
  const text = JSON.stringify(node, null, 2);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setDraft(text);
    setError(undefined);
  }, [text]);
  const apply = () => {
    try {
      const parsed = JSON.parse(draft) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('应为一个 JSON 对象');
      setError(undefined);
      onApply(parsed as SchemaNode);
    } catch (err) {
      setError(`无法应用：${(err as Error).message}`);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        aria-label="字段代码"
        className="pm-fd-code"
        autoSize={{ minRows: 6, maxRows: 18 }}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Button size="small" onClick={apply} disabled={draft === text}>
        应用代码
      </Button>
    </Space>
  );
}
