import type { Node } from './ast';
import { EvaluationFault, ExpressionError, HostSignal } from './errors';
import { HELPERS } from './helpers';
import { LIMITS, isBlockedKey, isCallable, trustFunction } from './policy';

/** Where identifiers are looked up: arrow parameters first, then the host scope, then the helpers. */
interface Environment {
  readonly vars: ReadonlyMap<string, unknown> | null;
  readonly parent: Environment | null;
  readonly scope: object;
  /** The whole expression, to name it when an arrow function fails after the evaluation that made it. */
  readonly source: string;
}

/** Steps and call depth shared by one top-level evaluation and every arrow function it calls. */
interface Budget {
  steps: number;
  depth: number;
}

// Evaluation is synchronous, so the running budget can live here: an arrow function called back by native
// code (`reduce`) or by Formily later (a validator) joins the running budget or, when none runs, starts one.
let running: Budget | null = null;

export function evaluate(node: Node, scope: object, source: string): unknown {
  return withBudget(() => run(node, { vars: null, parent: null, scope, source }));
}

function withBudget<T>(body: () => T): T {
  if (running) return body();
  running = { steps: 0, depth: 0 };
  try {
    return body();
  } finally {
    running = null;
  }
}

function run(node: Node, env: Environment): unknown {
  const budget = running as Budget;
  if (++budget.steps > LIMITS.steps) {
    throw new EvaluationFault(`计算步数超过上限 ${LIMITS.steps}（可能是无限递归）`);
  }
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'identifier':
      return lookup(node.name, env);
    case 'member': {
      const object = run(node.object, env);
      if (object === null || object === undefined) {
        if (node.optional) return undefined;
        throw new EvaluationFault(`无法读取 ${String(object)} 的属性 ${describeKey(node.property)}`);
      }
      return read(object, typeof node.property === 'string' ? node.property : run(node.property, env));
    }
    case 'call':
      return call(node, env);
    case 'unary':
      if (
        node.operator === 'typeof' &&
        node.argument.kind === 'identifier' &&
        !isDefined(node.argument.name, env)
      ) {
        return 'undefined';
      }
      return unary(node.operator, run(node.argument, env));
    case 'binary':
      return binary(node.operator, run(node.left, env), run(node.right, env));
    case 'logical': {
      const left = run(node.left, env);
      if (node.operator === '&&') return left ? run(node.right, env) : left;
      if (node.operator === '||') return left ? left : run(node.right, env);
      return left ?? run(node.right, env);
    }
    case 'conditional':
      return run(node.test, env) ? run(node.consequent, env) : run(node.alternate, env);
    case 'array':
      return node.elements.map((element) => run(element, env));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties) {
        const key = typeof property.key === 'string' ? property.key : checkedKey(run(property.key, env));
        result[key] = run(property.value, env);
      }
      return result;
    }
    case 'template': {
      let text = node.quasis[0] ?? '';
      node.expressions.forEach((expression, i) => {
        text += String(run(expression, env)) + (node.quasis[i + 1] ?? '');
      });
      return limitSize(text);
    }
    case 'arrow':
      return makeArrow(node.params, node.body, env);
  }
}

function lookup(name: string, env: Environment): unknown {
  for (let frame: Environment | null = env; frame; frame = frame.parent) {
    if (frame.vars?.has(name)) return frame.vars.get(name);
  }
  const { scope } = env;
  if (name in scope) return (scope as Record<string, unknown>)[name];
  if (Object.prototype.hasOwnProperty.call(HELPERS, name)) return HELPERS[name];
  throw new EvaluationFault(`未定义的变量 ${name}`);
}

function isDefined(name: string, env: Environment): boolean {
  for (let frame: Environment | null = env; frame; frame = frame.parent) {
    if (frame.vars?.has(name)) return true;
  }
  return name in env.scope || Object.prototype.hasOwnProperty.call(HELPERS, name);
}

function checkedKey(key: unknown): string {
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new EvaluationFault('属性名只能是字符串或数字');
  }
  const text = String(key);
  if (isBlockedKey(text)) throw new EvaluationFault(`不允许访问属性 ${text}`);
  return text;
}

function read(object: unknown, key: unknown): unknown {
  return (object as Record<string, unknown>)[checkedKey(key)];
}

function describeKey(property: Node | string): string {
  if (typeof property === 'string') return property;
  return property.kind === 'literal' ? String(property.value) : '[…]';
}

function call(node: Extract<Node, { kind: 'call' }>, env: Environment): unknown {
  let receiver: unknown;
  let callee: unknown;
  let name: string;
  if (node.callee.kind === 'member') {
    const member = node.callee;
    receiver = run(member.object, env);
    name = describeKey(member.property);
    if (receiver === null || receiver === undefined) {
      if (member.optional) return undefined;
      throw new EvaluationFault(`无法在 ${String(receiver)} 上调用 ${name}`);
    }
    callee = read(
      receiver,
      typeof member.property === 'string' ? member.property : run(member.property, env),
    );
  } else {
    callee = run(node.callee, env);
    name = node.callee.kind === 'identifier' ? node.callee.name : '函数';
  }
  if ((callee === null || callee === undefined) && node.optional) return undefined;
  if (typeof callee !== 'function') throw new EvaluationFault(`${name} 不是函数`);
  if (!isCallable(callee)) throw new EvaluationFault(`不允许调用 ${name}`);
  const args = node.args.map((arg) => run(arg, env));
  let result: unknown;
  try {
    result = Reflect.apply(callee, receiver, args);
  } catch (error) {
    if (error instanceof EvaluationFault || error instanceof HostSignal) throw error;
    throw new EvaluationFault(`调用 ${name} 出错：${(error as Error)?.message ?? String(error)}`);
  }
  return limitSize(result);
}

function makeArrow(params: string[], body: Node, env: Environment): (...args: unknown[]) => unknown {
  return trustFunction((...args: unknown[]) => {
    if (running) return invoke(params, body, env, args);
    // Called back from outside any evaluation (a Formily validator, say): this call is the top level.
    try {
      return withBudget(() => invoke(params, body, env, args));
    } catch (error) {
      if (error instanceof EvaluationFault) throw new ExpressionError(env.source, error.reason);
      throw error;
    }
  });
}

function invoke(params: string[], body: Node, env: Environment, args: unknown[]): unknown {
  const budget = running as Budget;
  if (++budget.depth > LIMITS.callDepth) {
    throw new EvaluationFault(`函数嵌套调用超过 ${LIMITS.callDepth} 层（可能是无限递归）`);
  }
  try {
    const vars = new Map(params.map((param, i) => [param, args[i]]));
    return run(body, { vars, parent: env, scope: env.scope, source: env.source });
  } finally {
    budget.depth--;
  }
}

function unary(operator: Extract<Node, { kind: 'unary' }>['operator'], value: unknown): unknown {
  switch (operator) {
    case '-':
      return -(value as number);
    case '+':
      return +(value as number);
    case '!':
      return !value;
    case '~':
      return ~(value as number);
    case 'typeof':
      return typeof value;
  }
}

function binary(operator: Extract<Node, { kind: 'binary' }>['operator'], a: unknown, b: unknown): unknown {
  // Operands are whatever the scope holds; JavaScript's own coercions are the semantics schema authors expect.
  const x = a as number;
  const y = b as number;
  switch (operator) {
    case '+':
      return limitSize((a as string) + (b as string));
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
    case '**':
      return x ** y;
    case '==':
      return a == b;
    case '!=':
      return a != b;
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    case '&':
      return x & y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '<<':
      return x << y;
    case '>>':
      return x >> y;
    case '>>>':
      return x >>> y;
  }
}

function limitSize<T>(value: T): T {
  if (typeof value === 'string' && value.length > LIMITS.stringLength) {
    throw new EvaluationFault(`字符串长度超过上限 ${LIMITS.stringLength}`);
  }
  if (Array.isArray(value) && value.length > LIMITS.arrayLength) {
    throw new EvaluationFault(`数组长度超过上限 ${LIMITS.arrayLength}`);
  }
  return value;
}
