import { ExpressionError, compileExpression } from '@pm/form-core';
import type { Json, JsonObject, SchemaNode } from './schema-types';

/**
 * Conditions a finance editor builds from field / operator / value instead of typing code. Each becomes an
 * ordinary Formily reaction (`dependencies`, `when`, `fulfill`, `otherwise`) whose `when` is a `{{ }}`
 * expression of our sandboxed compiler, and a reaction of exactly that shape reads back as a rule. Any other
 * reaction is kept as it is and shown in the code view.
 */
export type RuleEffect = 'visible' | 'required';

export type RuleOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'empty' | 'notEmpty' | 'includes';

export interface Rule {
  effect: RuleEffect;
  /** The field depended on, as Formily addresses it: `scheduleWarning`, or `.operator` in the same row. */
  field: string;
  operator: RuleOperator;
  /** Absent for 为空 / 不为空. */
  value?: string | number | boolean;
}

export const OPERATORS: { id: RuleOperator; label: string; needsValue: boolean }[] = [
  { id: 'eq', label: '等于', needsValue: true },
  { id: 'ne', label: '不等于', needsValue: true },
  { id: 'gt', label: '大于', needsValue: true },
  { id: 'gte', label: '大于等于', needsValue: true },
  { id: 'lt', label: '小于', needsValue: true },
  { id: 'lte', label: '小于等于', needsValue: true },
  { id: 'includes', label: '包含', needsValue: true },
  { id: 'empty', label: '为空', needsValue: false },
  { id: 'notEmpty', label: '不为空', needsValue: false },
];

export const EFFECT_LABELS: Record<RuleEffect, string> = { visible: '显示条件', required: '必填条件' };

const SYMBOLS: Partial<Record<RuleOperator, string>> = {
  eq: '===',
  ne: '!==',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

const literal = (value: Rule['value']): string => JSON.stringify(value ?? '');

export function conditionOf(rule: Rule): string {
  const dep = '$deps[0]';
  switch (rule.operator) {
    case 'empty':
      return `isEmpty(${dep})`;
    case 'notEmpty':
      return `!isEmpty(${dep})`;
    case 'includes':
      return `(${dep} || []).includes(${literal(rule.value)})`;
    default:
      return `${dep} ${SYMBOLS[rule.operator]} ${literal(rule.value)}`;
  }
}

export function compileRule(rule: Rule): JsonObject {
  return {
    dependencies: [rule.field],
    when: `{{${conditionOf(rule)}}}`,
    fulfill: { state: { [rule.effect]: true } },
    otherwise: { state: { [rule.effect]: false } },
  };
}

/** The form compiler's message when the rule's condition does not compile, else null. */
export function ruleError(rule: Rule): string | null {
  if (!rule.field) return '请选择依赖的字段';
  const operator = OPERATORS.find((o) => o.id === rule.operator);
  if (operator?.needsValue && (rule.value === undefined || rule.value === '')) return '请填写比较的值';
  try {
    compileExpression(`{{${conditionOf(rule)}}}`);
    return null;
  } catch (err) {
    if (err instanceof ExpressionError) return err.message;
    throw err;
  }
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseLiteral(text: string): Rule['value'] | undefined {
  // Hand-written forms quote strings with single quotes: '慢于序时进度'.
  const single = /^'([^'\\]*)'$/.exec(text);
  if (single) return single[1];
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

function parseCondition(source: string): Pick<Rule, 'operator' | 'value'> | undefined {
  const body = /^\{\{(.*)\}\}$/s.exec(source.trim())?.[1]?.trim();
  if (!body) return undefined;
  if (body === 'isEmpty($deps[0])') return { operator: 'empty' };
  if (body === '!isEmpty($deps[0])') return { operator: 'notEmpty' };
  const includes = /^\(\$deps\[0\] \|\| \[\]\)\.includes\((.+)\)$/.exec(body);
  if (includes) {
    const value = parseLiteral(includes[1]);
    return value === undefined ? undefined : { operator: 'includes', value };
  }
  const compare = /^\$deps\[0\] (===|!==|>=|<=|>|<) (.+)$/.exec(body);
  if (!compare) return undefined;
  const operator = (Object.keys(SYMBOLS) as RuleOperator[]).find((id) => SYMBOLS[id] === compare[1]);
  const value = parseLiteral(compare[2]);
  return operator && value !== undefined ? { operator, value } : undefined;
}

/** A reaction the rule editor made (exactly its shape), read back as a rule; anything else gives null. */
export function parseRule(reaction: Json): Rule | null {
  if (!isObject(reaction)) return null;
  const keys = Object.keys(reaction).sort().join(',');
  if (keys !== 'dependencies,fulfill,otherwise,when') return null;
  const deps = reaction.dependencies;
  if (!Array.isArray(deps) || deps.length !== 1 || typeof deps[0] !== 'string') return null;
  if (typeof reaction.when !== 'string') return null;
  const condition = parseCondition(reaction.when);
  if (!condition) return null;
  for (const effect of ['visible', 'required'] as RuleEffect[]) {
    const same = (branch: Json, value: boolean) =>
      isObject(branch) &&
      Object.keys(branch).join() === 'state' &&
      isObject(branch.state) &&
      Object.keys(branch.state).join() === effect &&
      branch.state[effect] === value;
    if (same(reaction.fulfill, true) && same(reaction.otherwise, false))
      return { effect, field: deps[0], ...condition };
  }
  return null;
}

export function reactionsOf(node: SchemaNode): Json[] {
  const reactions = node['x-reactions'];
  if (reactions === undefined) return [];
  return Array.isArray(reactions) ? reactions : [reactions];
}

/** The node's rules by effect, and the reactions that are not rules (kept untouched, edited as code). */
export function splitReactions(node: SchemaNode): {
  rules: Partial<Record<RuleEffect, Rule>>;
  others: Json[];
} {
  const rules: Partial<Record<RuleEffect, Rule>> = {};
  const others: Json[] = [];
  for (const reaction of reactionsOf(node)) {
    const rule = parseRule(reaction);
    if (rule && !rules[rule.effect]) rules[rule.effect] = rule;
    else others.push(reaction);
  }
  return { rules, others };
}

/** Writes rules and other reactions back: nothing, one object, or a list, as a person would write it. */
export function withReactions(
  node: SchemaNode,
  rules: Partial<Record<RuleEffect, Rule>>,
  others: Json[],
): SchemaNode {
  const all: Json[] = [...others];
  for (const effect of ['visible', 'required'] as RuleEffect[]) {
    const rule = rules[effect];
    if (rule) all.push(compileRule(rule));
  }
  const next: SchemaNode = { ...node };
  delete next['x-reactions'];
  if (all.length === 1) next['x-reactions'] = all[0];
  else if (all.length > 1) next['x-reactions'] = all;
  return next;
}

/** A rule in words: 当「序时进度预警」等于“慢于序时进度”时显示. */
export function describeRule(rule: Rule, fieldTitle: string): string {
  const operator = OPERATORS.find((o) => o.id === rule.operator);
  const value = operator?.needsValue ? `“${String(rule.value)}”` : '';
  return `当「${fieldTitle}」${operator?.label ?? rule.operator}${value}时${rule.effect === 'visible' ? '显示' : '必填'}`;
}
