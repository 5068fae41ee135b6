import { Button, Input, InputNumber, Select, Space, Switch } from 'antd';
import { KEY_LABELS, VALUE_LABELS } from './setting-words';

/**
 * Edits one setting value by its shape, so finance staff never type JSON: numbers, text, switches, lists of
 * words, lists of records (grade bands, monitoring rounds) and records (weights, trigger → actions).
 */
export interface ValueEditorProps {
  value: unknown;
  onChange(value: unknown): void;
  label: string;
  unit?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function PrimitiveEditor({ value, onChange, label, unit }: ValueEditorProps) {
  if (typeof value === 'number')
    return (
      <InputNumber aria-label={label} value={value} addonAfter={unit} onChange={(v) => onChange(v ?? 0)} />
    );
  if (typeof value === 'boolean') return <Switch aria-label={label} checked={value} onChange={onChange} />;
  return (
    <Input
      aria-label={label}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function RecordEditor({ value, onChange, label }: ValueEditorProps & { value: Record<string, unknown> }) {
  return (
    <Space wrap align="start">
      {Object.entries(value).map(([key, item]) => (
        <Space key={key} direction="vertical" size={2}>
          <span className="pm-studio-subkey">{KEY_LABELS[key] ?? key}</span>
          <ValueEditor
            label={`${label} ${KEY_LABELS[key] ?? key}`}
            value={item}
            onChange={(next) => onChange({ ...value, [key]: next })}
          />
        </Space>
      ))}
    </Space>
  );
}

function ListEditor({ value, onChange, label }: ValueEditorProps & { value: unknown[] }) {
  if (value.every((v) => typeof v === 'string'))
    return (
      <Select
        aria-label={label}
        mode="tags"
        style={{ minWidth: 320 }}
        value={value as string[]}
        options={
          // Lists of identifiers (triggers' actions, categories) choose among their Chinese names.
          value.length > 0 && value.every((v) => v in VALUE_LABELS)
            ? Object.entries(VALUE_LABELS).map(([id, text]) => ({ value: id, label: text }))
            : undefined
        }
        onChange={(next: string[]) => onChange(next)}
        tokenSeparators={[',', '，']}
      />
    );
  const blank =
    value.length > 0 && isRecord(value[0])
      ? Object.fromEntries(Object.keys(value[0]).map((k) => [k, '']))
      : '';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {value.map((item, index) => (
        <Space key={index} align="start">
          <ValueEditor
            label={`${label} 第${index + 1}项`}
            value={item}
            onChange={(next) => onChange(value.map((v, i) => (i === index ? next : v)))}
          />
          <Button
            size="small"
            danger
            type="text"
            onClick={() => onChange(value.filter((_, i) => i !== index))}
          >
            删除
          </Button>
        </Space>
      ))}
      <Button size="small" onClick={() => onChange([...value, blank])}>
        添加一项
      </Button>
    </Space>
  );
}

export function ValueEditor(props: ValueEditorProps) {
  const { value } = props;
  if (Array.isArray(value)) return <ListEditor {...props} value={value} />;
  if (isRecord(value)) return <RecordEditor {...props} value={value} />;
  return <PrimitiveEditor {...props} />;
}
