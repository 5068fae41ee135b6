import { Schema } from '@formily/json-schema';
import {
  collectExpressionErrors,
  registerSafeCompiler,
  validateSubmission,
  type FormDefinition,
} from '@pm/form-core';
import { countySettings, generateSubmission, selfEvaluationForm } from './fixtures/self-evaluation';

describe('the compiler registered with Formily', () => {
  test('registerSafeCompiler is idempotent and replaces Formily’s new Function compiler', () => {
    registerSafeCompiler();
    registerSafeCompiler();
    expect(Schema.compile('{{$deps[0] + 1}}', { $deps: [41] })).toBe(42);
    // Formily's default would evaluate this with `with($root)` and reach the real constructor. Ours reports
    // the failure to the innermost collector (console.warn without one) and yields undefined.
    const reported: string[] = [];
    const value = collectExpressionErrors(
      (error) => reported.push(error.message),
      () => Schema.compile('{{a.constructor}}', { a: 1 }),
    );
    expect(value).toBeUndefined();
    expect(reported).toEqual(['表达式 {{a.constructor}} 出错：不允许访问属性 constructor']);
  });

  test('validation never evaluates text with Function or eval (a CSP without unsafe-eval holds)', async () => {
    const realFunction = globalThis.Function;
    const realEval = globalThis.eval;
    const refuse = () => {
      throw new Error('unsafe-eval');
    };
    globalThis.Function = new Proxy(realFunction, { construct: refuse, apply: refuse });
    globalThis.eval = refuse as typeof eval;
    try {
      const data = generateSubmission({ rows: 5, seed: 4 });
      for (const strategy of ['auto', 'plain'] as const) {
        const result = await validateSubmission(selfEvaluationForm, data, {
          scope: { settings: countySettings },
          strategy,
        });
        expect(result.values.totalScore).toEqual(expect.any(Number));
      }
    } finally {
      globalThis.Function = realFunction;
      globalThis.eval = realEval;
    }
  });

  test('a broken expression rejects the submission with a Chinese message naming it, without a crash', async () => {
    const form: FormDefinition = {
      id: 'broken',
      title: '坏表达式',
      version: 1,
      schemaVersion: 1,
      schema: {
        type: 'object',
        properties: {
          a: { type: 'number', 'x-visible': '{{$values.b.c > 1}}' },
          b: { type: 'number', 'x-reactions': { fulfill: { state: { value: '{{process.exit(1)}}' } } } },
          c: { type: 'string', 'x-validator': [{ validator: '{{value => { return value }}}' }] },
        },
      },
    };
    const result = await validateSubmission(form, { a: 1 });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { path: 'a', message: '表达式 {{$values.b.c > 1}} 出错：无法读取 undefined 的属性 c' },
      { path: 'b', message: '表达式 {{process.exit(1)}} 出错：不允许访问全局对象 process' },
      {
        path: 'c',
        message: '表达式 {{value => { return value }}} 出错：箭头函数只能返回一个表达式，不支持语句块 { … }',
      },
      { path: 'c', message: '校验规则的 validator 不是函数（请检查它的表达式）' },
    ]);
  });
});
