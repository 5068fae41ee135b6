import { validateSubmission } from '@pm/form-core';
import {
  compileRule,
  parseRule,
  ruleError,
  splitReactions,
  withReactions,
  type Rule,
} from '../src/model/rules';
import type { SchemaNode } from '../src/model/schema-types';

const warning: Rule = { effect: 'required', field: 'scheduleWarning', operator: 'eq', value: '慢于序时进度' };

describe('rules built from field / operator / value', () => {
  it('compile to the reaction the forms already use and read back', () => {
    expect(compileRule(warning)).toEqual({
      dependencies: ['scheduleWarning'],
      when: '{{$deps[0] === "慢于序时进度"}}',
      fulfill: { state: { required: true } },
      otherwise: { state: { required: false } },
    });
    for (const rule of [
      warning,
      { effect: 'visible', field: '.operator', operator: 'ne', value: '定性' },
      { effect: 'visible', field: 'amount', operator: 'gte', value: 500 },
      { effect: 'required', field: 'kinds', operator: 'includes', value: '新增' },
      { effect: 'visible', field: 'note', operator: 'notEmpty' },
    ] satisfies Rule[])
      expect(parseRule(compileRule(rule))).toEqual(rule);
  });

  it('keep reactions that are not rules, and check conditions with the form compiler', () => {
    const other = { dependencies: ['a'], fulfill: { state: { value: '{{$deps[0]}}' } } };
    const node: SchemaNode = { type: 'string', 'x-reactions': [other, compileRule(warning)] };
    const { rules, others } = splitReactions(node);
    expect(rules.required).toEqual(warning);
    expect(others).toEqual([other]);
    expect(withReactions(node, {}, others)['x-reactions']).toEqual(other);
    expect(ruleError({ ...warning, value: '' })).toBe('请填写比较的值');
    expect(ruleError(warning)).toBeNull();
  });

  it('behave on the server as they read: required only when the condition holds, hidden otherwise', async () => {
    const form = {
      id: 'probe',
      title: '探针',
      version: '1',
      schemaVersion: 1,
      schema: {
        type: 'object',
        properties: {
          scheduleWarning: { type: 'string', 'x-component': 'Input' },
          measures: { type: 'string', 'x-component': 'Input', 'x-reactions': compileRule(warning) },
          detail: {
            type: 'string',
            'x-component': 'Input',
            'x-reactions': compileRule({ effect: 'visible', field: 'scheduleWarning', operator: 'notEmpty' }),
          },
        },
      },
    };
    const late = await validateSubmission(form, { scheduleWarning: '慢于序时进度', detail: 'x' });
    expect(late.errors.map((e) => e.path)).toEqual(['measures']);
    const normal = await validateSubmission(form, { detail: 'dropped' });
    expect(normal.ok).toBe(true);
    expect(normal.values).not.toHaveProperty('detail');
  });
});

it('reads hand-written rules with single-quoted values as rules', () => {
  expect(
    parseRule({
      dependencies: ['scheduleWarning'],
      when: "{{$deps[0] === '慢于序时进度'}}",
      fulfill: { state: { required: true } },
      otherwise: { state: { required: false } },
    }),
  ).toEqual(warning);
});
