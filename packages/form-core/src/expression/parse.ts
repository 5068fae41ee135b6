import jsep from 'jsep';
import jsepArrow from '@jsep-plugin/arrow';
import jsepAssignment from '@jsep-plugin/assignment';
import jsepNew from '@jsep-plugin/new';
import jsepObject from '@jsep-plugin/object';
import jsepTemplate from '@jsep-plugin/template';
import { BINARY_OPERATORS, UNARY_OPERATORS, type BinaryOperator, type Node, type UnaryOperator } from './ast';
import { EvaluationFault } from './errors';
import { isBlockedGlobal, isBlockedKey } from './policy';

// The assignment and `new` plugins are registered only so that those forms parse and can be refused with a
// clear message instead of jsep's "Unexpected '='".
jsep.plugins.register(jsepArrow, jsepObject, jsepTemplate, jsepAssignment, jsepNew);
jsep.addUnaryOp('typeof');

type JsepNode = jsep.Expression;

/** Parses one Formily expression (the text between `{{` and `}}`) into the checked AST, or throws a fault. */
export function parseExpression(source: string): Node {
  let tree: JsepNode;
  try {
    tree = jsep(source);
  } catch (error) {
    throw new EvaluationFault(`语法错误（${(error as Error).message}）`);
  }
  return lower(tree);
}

function lower(node: JsepNode): Node {
  switch (node.type) {
    case 'Literal':
      return lowerLiteral(node as jsep.Literal);
    case 'Identifier':
      return lowerIdentifier((node as jsep.Identifier).name);
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      return {
        kind: 'member',
        object: lower(member.object),
        property: member.computed ? lower(member.property) : staticKey(member.property),
        optional: member.optional === true,
      };
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      return {
        kind: 'call',
        callee: lower(call.callee),
        args: call.arguments.map(lower),
        optional: call.optional === true,
      };
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (!UNARY_OPERATORS.has(unary.operator)) throw refuse(`不支持运算符 ${unary.operator}`);
      return { kind: 'unary', operator: unary.operator as UnaryOperator, argument: lower(unary.argument) };
    }
    case 'BinaryExpression':
      return lowerBinary(node as jsep.BinaryExpression);
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      return {
        kind: 'conditional',
        test: lower(conditional.test),
        consequent: lower(conditional.consequent),
        alternate: lower(conditional.alternate),
      };
    }
    case 'ArrayExpression': {
      const elements = (node as jsep.ArrayExpression).elements;
      if (elements.some((element) => element === null)) throw refuse('数组中不能有空位');
      return { kind: 'array', elements: (elements as JsepNode[]).map(lower) };
    }
    case 'ObjectExpression':
      return lowerObject(node);
    case 'TemplateLiteral':
      return lowerTemplate(node);
    case 'ArrowFunctionExpression':
      return lowerArrow(node);
    case 'AssignmentExpression':
    case 'UpdateExpression':
      throw refuse('表达式不允许赋值，请用 x-reactions 的 fulfill.state 设置字段状态');
    case 'NewExpression':
      throw refuse('不允许使用 new 创建对象');
    case 'ThisExpression':
      throw refuse('不允许使用 this，请用 $self、$form、$values 等作用域变量');
    case 'TaggedTemplateExpression':
      throw refuse('不支持带标签的模板字符串');
    case 'Compound':
    case 'SequenceExpression':
      // `function () {…}` and `return x` parse as several parts; name the keyword when there is one.
      ((node.body ?? node.expressions) as JsepNode[]).forEach(lower);
      throw refuse('只能写一个表达式（不支持分号、逗号或语句）');
    default:
      throw refuse(`不支持的语法 ${node.type}`);
  }
}

function lowerLiteral(literal: jsep.Literal): Node {
  const value = literal.value;
  if (value instanceof RegExp) throw refuse('不支持正则表达式字面量');
  return { kind: 'literal', value };
}

function lowerIdentifier(name: string): Node {
  // jsep reads unknown keywords as identifiers (`typeof` aside); name the usual suspects.
  if (name === 'function' || name === 'return' || name === 'var' || name === 'let' || name === 'const') {
    throw refuse(`不支持语句或关键字 ${name}，只能写一个表达式`);
  }
  if (isBlockedGlobal(name)) throw refuse(`不允许访问全局对象 ${name}`);
  if (isBlockedKey(name)) throw refuse(`不允许访问 ${name}`);
  return { kind: 'identifier', name };
}

function staticKey(property: JsepNode): string {
  const name =
    property.type === 'Identifier'
      ? (property as jsep.Identifier).name
      : String((property as jsep.Literal).value);
  if (isBlockedKey(name)) throw refuse(`不允许访问属性 ${name}`);
  return name;
}

function lowerBinary(binary: jsep.BinaryExpression): Node {
  const { operator } = binary;
  if (operator === '&&' || operator === '||' || operator === '??') {
    return { kind: 'logical', operator, left: lower(binary.left), right: lower(binary.right) };
  }
  if (!BINARY_OPERATORS.has(operator)) throw refuse(`不支持运算符 ${operator}`);
  return {
    kind: 'binary',
    operator: operator as BinaryOperator,
    left: lower(binary.left),
    right: lower(binary.right),
  };
}

function lowerObject(node: JsepNode): Node {
  const properties = (node.properties as JsepNode[]).map((property) => {
    // The object plugin accepts `{ return 1 }` as an object with bare entries: that is a statement block.
    if (property.type !== 'Property') throw refuse('箭头函数只能返回一个表达式，不支持语句块 { … }');
    const key = property.computed ? lower(property.key as JsepNode) : staticKey(property.key as JsepNode);
    const value = property.value ? lower(property.value as JsepNode) : lower(property.key as JsepNode);
    return { key, value };
  });
  return { kind: 'object', properties };
}

function lowerTemplate(node: JsepNode): Node {
  const quasis = (node.quasis as JsepNode[]).map((quasi) => (quasi.value as { cooked: string }).cooked);
  return { kind: 'template', quasis, expressions: (node.expressions as JsepNode[]).map(lower) };
}

function lowerArrow(node: JsepNode): Node {
  if (node.async) throw refuse('不支持 async 函数');
  const params = ((node.params as JsepNode[] | null) ?? []).map((param) => {
    if (param.type !== 'Identifier') throw refuse('箭头函数的参数只能是简单名称');
    const name = (param as jsep.Identifier).name;
    if (isBlockedKey(name) || isBlockedGlobal(name)) throw refuse(`不允许用 ${name} 作参数名`);
    return name;
  });
  return { kind: 'arrow', params, body: lower(node.body as JsepNode) };
}

function refuse(reason: string): EvaluationFault {
  return new EvaluationFault(reason);
}
