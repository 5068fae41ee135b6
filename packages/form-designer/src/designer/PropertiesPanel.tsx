import { Divider, Empty, Form, Switch, Typography } from 'antd';
import { useState } from 'react';
import { problemNodePath, type FormProblem } from '../model/check-form';
import { componentLabel } from '../model/palette';
import { splitReactions, withReactions, type Rule, type RuleEffect } from '../model/rules';
import type { NodePath, SchemaNode } from '../model/schema-types';
import { KEY_PATTERN, childMap, getNode, listFields } from '../model/tree';
import { CommitNumber, CommitText } from './CommitInput';
import { ExpertCode } from './ExpertCode';
import {
  defaultText,
  hasOptions,
  hasPlaceholder,
  isNumeric,
  isText,
  optionsText,
  parseDefault,
  parseOptions,
  setComponentProp,
  setKey,
} from './field-props';
import { RuleEditor } from './RuleEditor';

export interface PropertiesPanelProps {
  schema: SchemaNode;
  path: NodePath | undefined;
  problems: FormProblem[];
  onUpdate(path: NodePath, change: (node: SchemaNode) => SchemaNode): void;
  onRename(path: NodePath, key: string): void;
}

/** Fields a rule of the node at `path` may read: siblings in the same table row as `.key`, else top-level data. */
function ruleFields(schema: SchemaNode, path: NodePath) {
  const own = path.join('/');
  const rowOf = (p: NodePath) => {
    for (let i = p.length - 1; i > 0; i--)
      if (getNode(schema, p.slice(0, i))?.type === 'array') return p.slice(0, i).join('/');
    return undefined;
  };
  const row = rowOf(path);
  return listFields(schema)
    .filter((f) => f.path.join('/') !== own)
    .flatMap((f) => {
      const fieldRow = rowOf(f.path);
      if (fieldRow === undefined) return [{ value: f.address, label: f.node.title ?? f.address, field: f }];
      if (fieldRow === row && f.path.length === path.length)
        return [
          { value: `.${f.path[f.path.length - 1]}`, label: `本行「${f.node.title ?? f.address}」`, field: f },
        ];
      return [];
    });
}

export function PropertiesPanel({ schema, path, problems, onUpdate, onRename }: PropertiesPanelProps) {
  const [keyError, setKeyError] = useState<string | null>(null);
  const node = path ? getNode(schema, path) : undefined;
  if (!path || !node)
    return (
      <aside className="pm-fd-properties" aria-label="属性">
        <Empty description="选择画布上的字段以编辑属性" />
      </aside>
    );
  const key = path[path.length - 1];
  const update = (change: (n: SchemaNode) => SchemaNode) => onUpdate(path, change);
  const isData = node.type !== 'void';
  const { rules, others } = splitReactions(node);
  const setRule = (effect: RuleEffect, rule: Rule | undefined) =>
    update((n) => withReactions(n, { ...splitReactions(n).rules, [effect]: rule }, splitReactions(n).others));
  const own = problems.filter((p) => problemNodePath(p.pointer)?.join('/') === path.join('/'));
  const siblings = childMap(getNode(schema, path.slice(0, -1)) ?? {}) ?? {};
  const validateKey = (value: string | undefined) => {
    if (!value) return '字段名不能为空';
    if (!KEY_PATTERN.test(value)) return '字段名只能用英文字母、数字和下划线，且不以数字开头';
    if (value !== key && siblings[value]) return '同一层已有这个字段名';
    return null;
  };
  const numeric = isNumeric(node);
  return (
    <aside className="pm-fd-properties" aria-label="属性">
      <Typography.Title level={5}>{componentLabel(node)}</Typography.Title>
      <Form layout="vertical" size="small" component="div">
        <Form.Item label="标题" htmlFor="pm-fd-title">
          <CommitText
            id="pm-fd-title"
            value={node.title}
            onCommit={(v) => update((n) => setKey(n, 'title', v))}
          />
        </Form.Item>
        <Form.Item
          label="字段名"
          htmlFor="pm-fd-key"
          validateStatus={keyError ? 'error' : undefined}
          help={keyError ?? (isData ? '提交数据中的键名，流程条件和表达式按它读取' : undefined)}
        >
          <CommitText
            id="pm-fd-key"
            value={key}
            validate={validateKey}
            onInvalid={setKeyError}
            onCommit={(v) => v && onRename(path, v)}
          />
        </Form.Item>
        {isData && (
          <>
            <Form.Item label="必填" htmlFor="pm-fd-required">
              <Switch
                id="pm-fd-required"
                checked={node.required === true}
                onChange={(on) => update((n) => setKey(n, 'required', on))}
              />
            </Form.Item>
            <Form.Item label="只读" htmlFor="pm-fd-readonly">
              <Switch
                id="pm-fd-readonly"
                checked={node['x-read-only'] === true}
                onChange={(on) => update((n) => setKey(n, 'x-read-only', on))}
              />
            </Form.Item>
            {node.type !== 'array' || hasOptions(node) ? (
              <Form.Item
                label="默认值"
                htmlFor="pm-fd-default"
                help={node.type === 'array' ? '多个值用逗号分隔' : undefined}
              >
                <CommitText
                  id="pm-fd-default"
                  value={defaultText(node)}
                  onCommit={(v) => update((n) => setKey(n, 'default', parseDefault(n, v)))}
                />
              </Form.Item>
            ) : null}
            {hasPlaceholder(node) && (
              <Form.Item label="占位提示" htmlFor="pm-fd-placeholder">
                <CommitText
                  id="pm-fd-placeholder"
                  value={node['x-component-props']?.placeholder as string | undefined}
                  onCommit={(v) => update((n) => setComponentProp(n, 'placeholder', v))}
                />
              </Form.Item>
            )}
            {hasOptions(node) && (
              <Form.Item
                label="选项"
                htmlFor="pm-fd-options"
                help="每行一个；需要不同的存储值时写成 值=显示文字"
              >
                <CommitText
                  id="pm-fd-options"
                  multiline
                  value={optionsText(node)}
                  onCommit={(v) => update((n) => setKey(n, 'enum', parseOptions(v ?? '')))}
                />
              </Form.Item>
            )}
            {(numeric || isText(node)) && (
              <div className="pm-fd-pair">
                <Form.Item label={numeric ? '最小值' : '最少字数'} htmlFor="pm-fd-min">
                  <CommitNumber
                    id="pm-fd-min"
                    value={(numeric ? node.minimum : node.minLength) as number | undefined}
                    onCommit={(v) => update((n) => setKey(n, numeric ? 'minimum' : 'minLength', v))}
                  />
                </Form.Item>
                <Form.Item label={numeric ? '最大值' : '最多字数'} htmlFor="pm-fd-max">
                  <CommitNumber
                    id="pm-fd-max"
                    value={(numeric ? node.maximum : node.maxLength) as number | undefined}
                    onCommit={(v) => update((n) => setKey(n, numeric ? 'maximum' : 'maxLength', v))}
                  />
                </Form.Item>
              </div>
            )}
            {isText(node) && (
              <Form.Item label="格式（正则表达式）" htmlFor="pm-fd-pattern" help="例如手机号 ^1\d{10}$">
                <CommitText
                  id="pm-fd-pattern"
                  value={node.pattern}
                  onCommit={(v) => update((n) => setKey(n, 'pattern', v))}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item label="说明文字" htmlFor="pm-fd-description">
          <CommitText
            id="pm-fd-description"
            multiline
            value={node.description}
            onCommit={(v) => update((n) => setKey(n, 'description', v))}
          />
        </Form.Item>
      </Form>
      {isData && (
        <>
          <Divider plain>条件</Divider>
          {(['visible', 'required'] as RuleEffect[]).map((effect) => (
            <RuleEditor
              key={effect}
              effect={effect}
              rule={rules[effect]}
              fields={ruleFields(schema, path)}
              onChange={(r) => setRule(effect, r)}
            />
          ))}
          {others.length > 0 && (
            <Typography.Paragraph type="secondary">
              另有 {others.length} 条联动规则以代码编写，见下方代码。
            </Typography.Paragraph>
          )}
        </>
      )}
      {own.length > 0 && (
        <ul className="pm-fd-node-problems">
          {own.map((p) => (
            <li key={`${p.pointer}${p.message}`}>{p.message}</li>
          ))}
        </ul>
      )}
      <Divider plain>代码（专家）</Divider>
      <ExpertCode node={node} onApply={(next) => update(() => next)} />
    </aside>
  );
}
