import { Input, InputNumber } from 'antd';
import { useEffect, useState } from 'react';

interface CommitProps<T> {
  id: string;
  value: T | undefined;
  onCommit(value: T | undefined): void;
  placeholder?: string;
  /** Why the draft cannot be committed (shown by the caller), or null. */
  validate?(value: T | undefined): string | null;
  onInvalid?(message: string | null): void;
}

/** A text box that changes the form when the editor leaves it or presses Enter: one undo step per change. */
export function CommitText({
  id,
  value,
  onCommit,
  placeholder,
  validate,
  onInvalid,
  multiline,
}: CommitProps<string> & { multiline?: boolean }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const next = draft === '' ? undefined : draft;
    const problem = validate?.(next) ?? null;
    onInvalid?.(problem);
    if (problem === null && next !== value) onCommit(next);
  };
  if (multiline)
    return (
      <Input.TextArea
        id={id}
        value={draft}
        placeholder={placeholder}
        autoSize={{ minRows: 2, maxRows: 8 }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
      />
    );
  return (
    <Input
      id={id}
      value={draft}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onPressEnter={commit}
    />
  );
}

export function CommitNumber({ id, value, onCommit, placeholder }: CommitProps<number>) {
  const [draft, setDraft] = useState<number | null>(value ?? null);
  useEffect(() => setDraft(value ?? null), [value]);
  const commit = () => {
    const next = draft ?? undefined;
    if (next !== value) onCommit(next);
  };
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      value={draft}
      placeholder={placeholder}
      onChange={(v) => setDraft(typeof v === 'number' ? v : null)}
      onBlur={commit}
      onPressEnter={commit}
    />
  );
}
