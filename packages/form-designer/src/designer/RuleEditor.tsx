import { Alert, Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import {
  EFFECT_LABELS,
  OPERATORS,
  describeRule,
  ruleError,
  type Rule,
  type RuleEffect,
} from '../model/rules';
import type { FieldRef } from '../model/tree';

export interface RuleEditorProps {
  effect: RuleEffect;
  rule: Rule | undefined;
  /** Fields the rule may depend on, as `{value: address, label: title}`. */
  fields: { value: string; label: string; field: FieldRef }[];
  onChange(rule: Rule | undefined): void;
}

function ValueInput({
  rule,
  field,
  onChange,
}: {
  rule: Rule;
  field?: FieldRef;
  onChange(v: Rule['value']): void;
}) {
  const options = field?.node.enum;
  const label = `${EFFECT_LABELS[rule.effect]}的比较值`;
  if (Array.isArray(options))
    return (
      <Select
        aria-label={label}
        style={{ minWidth: 140 }}
        value={rule.value as string | undefined}
        options={options.map((o) =>
          typeof o === 'object' && o !== null && !Array.isArray(o)
            ? { value: o.value as string, label: String(o.label) }
            : { value: o as string, label: String(o) },
        )}
        onChange={onChange}
      />
    );
  if (field?.node.type === 'number')
    return (
      <InputNumber
        aria-label={label}
        value={typeof rule.value === 'number' ? rule.value : undefined}
        onChange={(v) => onChange(v ?? undefined)}
      />
    );
  return (
    <Input
      aria-label={label}
      value={rule.value === undefined ? '' : String(rule.value)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/**
 * 当 [字段] [运算] [值] 时显示 / 必填: a condition built from choices. It is stored as a Formily reaction
 * and checked by the same compiler the forms run on.
 */
export function RuleEditor({ effect, rule, fields, onChange }: RuleEditorProps) {
  if (!rule)
    return (
      <Button
        size="small"
        onClick={() => onChange({ effect, field: fields[0]?.value ?? '', operator: 'eq', value: undefined })}
        disabled={fields.length === 0}
      >
        添加{EFFECT_LABELS[effect]}
      </Button>
    );
  const field = fields.find((f) => f.value === rule.field);
  const operator = OPERATORS.find((o) => o.id === rule.operator);
  const error = ruleError(rule);
  return (
    <Space direction="vertical" size={6} style={{ width: '100%' }} className="pm-fd-rule">
      <Space wrap size={4}>
        <Typography.Text>当</Typography.Text>
        <Select
          aria-label={`${EFFECT_LABELS[effect]}依赖的字段`}
          style={{ minWidth: 160 }}
          showSearch
          optionFilterProp="label"
          value={rule.field || undefined}
          options={fields.map(({ value, label }) => ({ value, label }))}
          onChange={(value: string) => onChange({ ...rule, field: value, value: undefined })}
        />
        <Select
          aria-label={`${EFFECT_LABELS[effect]}的运算`}
          style={{ width: 100 }}
          value={rule.operator}
          options={OPERATORS.map((o) => ({ value: o.id, label: o.label }))}
          onChange={(value) => onChange({ ...rule, operator: value })}
        />
        {operator?.needsValue && (
          <ValueInput rule={rule} field={field?.field} onChange={(value) => onChange({ ...rule, value })} />
        )}
        <Typography.Text>时{effect === 'visible' ? '显示' : '必填'}</Typography.Text>
        <Button size="small" type="link" danger onClick={() => onChange(undefined)}>
          移除
        </Button>
      </Space>
      {error ? (
        <Alert type="warning" showIcon message={error} />
      ) : (
        <Typography.Text type="secondary">{describeRule(rule, field?.label ?? rule.field)}</Typography.Text>
      )}
    </Space>
  );
}
