import { evaluateExpression, ExpressionError } from '@pm/form-core';

/** Each way out of the sandbox, with the reason the clerk (or the attacker) is told. */
const refused: [string, string, object?][] = [
  ['constructor', '不允许访问 constructor'],
  ['a.constructor', '不允许访问属性 constructor', { a: 1 }],
  ["a['constructor']", '不允许访问属性 constructor', { a: 1 }],
  ["a['__pro' + 'to__']", '不允许访问属性 __proto__', { a: {} }],
  ['a.__proto__', '不允许访问属性 __proto__', { a: {} }],
  ['sum.prototype', '不允许访问属性 prototype'],
  ["a.__defineGetter__('x', b)", '不允许访问属性 __defineGetter__', { a: {}, b: 1 }],
  ['({})[k]', '不允许访问属性 constructor', { k: 'constructor' }],
  ['{[k]: 1}', '不允许访问属性 __proto__', { k: '__proto__' }],
  ['process.env', '不允许访问全局对象 process'],
  ['globalThis', '不允许访问全局对象 globalThis'],
  ["Function('return 1')()", '不允许访问全局对象 Function'],
  ["eval('1')", '不允许访问全局对象 eval'],
  ["require('fs')", '不允许访问全局对象 require'],
  ['Object.keys(a)', '不允许访问全局对象 Object', { a: {} }],
  ['x = 1', '表达式不允许赋值', { x: 0 }],
  ['x++', '表达式不允许赋值', { x: 0 }],
  ['$self.value = 1', '表达式不允许赋值', { $self: {} }],
  ['new Date()', '不允许使用 new 创建对象'],
  ['this.x', '不允许使用 this'],
  ['a; b', '只能写一个表达式'],
  ['(x => { return 1 })(2)', '不支持语句块'],
  ['function () { return 1 }', '不支持语句或关键字 function'],
  ['/a+/.test(s)', '语法错误', { s: 'a' }],
  ['sum.call(null, 1, 2)', '不允许调用 call'],
  ["'x'.repeat(1e9)", '不允许调用 repeat'],
  ['$form.setValues({})', '不允许调用 setValues', { $form: { setValues: () => undefined } }],
  ['host()', '不允许调用 host', { host: () => 'secret' }],
  ['(f => f(f))(f => f(f))', '函数嵌套调用超过 64 层'],
  [
    'big.map(x => big.map(y => big.map(z => 1)))',
    '计算步数超过上限',
    { big: Array.from({ length: 100 }, () => 0) },
  ],
  ['[1].reduce(s => s + s, s)', '字符串长度超过上限', { s: 'x'.repeat(600_000) }],
  ['missing + 1', '未定义的变量 missing'],
  ['a.b.c', '无法读取 undefined 的属性 c', { a: {} }],
];

describe('the expression sandbox', () => {
  test.each(refused)('refuses %s', (source, reason, scope = {}) => {
    let error: unknown;
    try {
      evaluateExpression(source, scope);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).message).toContain(`表达式 {{${source}}} 出错：`);
    expect((error as ExpressionError).reason).toContain(reason);
  });

  test('a refused function call leaves the host untouched', () => {
    const setValues = jest.fn();
    expect(() => evaluateExpression('$form.setValues({a: 1})', { $form: { setValues } })).toThrow(
      ExpressionError,
    );
    expect(setValues).not.toHaveBeenCalled();
  });

  test('an object literal cannot set its own prototype', () => {
    expect(() => evaluateExpression('{__proto__: {polluted: true}}')).toThrow('不允许访问属性 __proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('an arrow function called back later still reports the whole expression', () => {
    const validator = evaluateExpression('value => value.x.y') as (value: unknown) => unknown;
    expect(() => validator({})).toThrow('表达式 {{value => value.x.y}} 出错：无法读取 undefined 的属性 y');
  });
});
