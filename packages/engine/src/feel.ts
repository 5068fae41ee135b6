import { evaluate, parseExpression } from 'feelin';

/**
 * The one place the engine touches FEEL (feelin). Conditions, completion conditions, loop sizes and
 * service inputs are all FEEL expressions, parsed at compile time and evaluated at run time.
 */

type FeelTree = ReturnType<typeof parseExpression>;
type FeelNode = FeelTree['topNode'];

function parse(source: string): FeelTree {
  return parseExpression(source, {}, undefined);
}

/** A Chinese description of the first syntax error in `source`, or null when it parses. */
export function feelSyntaxError(source: string): string | null {
  if (source.trim() === '') return 'FEEL 表达式为空';
  let errorAt: number | null = null;
  parse(source).iterate({
    enter(node) {
      if (errorAt === null && node.type.isError) errorAt = node.from;
      return errorAt === null;
    },
  });
  if (errorAt !== null) return `FEEL 表达式“${source}”在第 ${errorAt + 1} 个字符处有语法错误`;
  // feelin parses these Java/JUEL habits without complaint, yet they never evaluate to true.
  const code = source.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const habit = /==|&&|\|\|/.exec(code)?.[0];
  return habit ? `FEEL 表达式“${source}”不能用“${habit}”：比较用 = 或 !=，并且用 and，或者用 or` : null;
}

export type FeelResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluates `source` over `context`; never throws. Missing variables give null, as FEEL prescribes. */
export function evaluateFeel(source: string, context: Record<string, unknown>): FeelResult {
  try {
    return { ok: true, value: evaluate(source, context).value };
  } catch (err) {
    return {
      ok: false,
      error: `FEEL 表达式“${source}”无法求值：${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function childrenOf(node: FeelNode): FeelNode[] {
  const children: FeelNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

function textOf(source: string, node: FeelNode): string {
  return source.slice(node.from, node.to);
}

function stringLiteral(source: string, node: FeelNode): string | null {
  if (node.name !== 'StringLiteral') return null;
  const text = textOf(source, node);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

function walk(source: string, visit: (node: FeelNode) => void): void {
  const tree = parse(source);
  const stack: FeelNode[] = [tree.topNode];
  while (stack.length > 0) {
    const node = stack.pop() as FeelNode;
    visit(node);
    stack.push(...childrenOf(node));
  }
}

/** Keys read as `settings.<key>`, so deployments can check that every county defines them. */
export function settingsReferences(source: string): string[] {
  const keys = new Set<string>();
  walk(source, (node) => {
    if (node.name !== 'PathExpression') return;
    const [head, , name] = childrenOf(node);
    if (head?.name === 'VariableName' && textOf(source, head) === 'settings' && name?.name === 'PathName') {
      keys.add(textOf(source, name));
    }
  });
  return [...keys];
}

/** The string values `outcome` is compared with (`outcome = "x"`, `outcome != "x"`, `outcome in ("x", "y")`). */
export function comparedOutcomes(source: string): string[] {
  const values = new Set<string>();
  walk(source, (node) => {
    for (const value of outcomeComparison(source, node) ?? []) values.add(value);
  });
  return [...values];
}

function isOutcomeVariable(source: string, node: FeelNode | undefined): boolean {
  return node?.name === 'VariableName' && textOf(source, node) === 'outcome';
}

/** The outcome values a comparison node tests for, or null when the node is no such comparison. */
function outcomeComparison(source: string, node: FeelNode): string[] | null {
  if (node.name !== 'Comparison') return null;
  const parts = childrenOf(node);
  const [left, operator, right] = parts;
  if (parts.length === 3 && operator.name === 'CompareOp') {
    const literal = isOutcomeVariable(source, left)
      ? stringLiteral(source, right)
      : isOutcomeVariable(source, right)
        ? stringLiteral(source, left)
        : null;
    return literal === null ? null : [literal];
  }
  if (isOutcomeVariable(source, left) && operator?.name === 'in') {
    const tests = parts.find(
      (part) => part.name === 'PositiveUnaryTests' || part.name === 'PositiveUnaryTest',
    );
    if (!tests) return null;
    const literals = (tests.name === 'PositiveUnaryTest' ? [tests] : childrenOf(tests)).map((test) =>
      test.firstChild ? stringLiteral(source, test.firstChild) : null,
    );
    return literals.every((literal) => literal !== null) ? (literals as string[]) : null;
  }
  return null;
}

/**
 * When `source` is nothing but positive tests of `outcome` joined by `or` (`outcome = "a" or outcome =
 * "b"`, `outcome in ("a", "b")`), the outcome values for which it is true; otherwise null. This is what
 * lets the compiler prove a gateway exhaustive over the outcomes of the task before it.
 */
export function outcomeAlternatives(source: string): string[] | null {
  const tree = parse(source);
  const collect = (node: FeelNode): string[] | null => {
    switch (node.name) {
      case 'Expression':
      case 'ParenthesizedExpression': {
        const inner = childrenOf(node).filter((child) => child.name !== '(' && child.name !== ')');
        return inner.length === 1 ? collect(inner[0]) : null;
      }
      case 'Disjunction': {
        const operands = childrenOf(node).filter((child) => child.name !== 'or');
        const values = operands.map(collect);
        return values.every((value) => value !== null) ? (values as string[][]).flat() : null;
      }
      case 'Comparison': {
        const operator = childrenOf(node)[1];
        if (operator?.name === 'CompareOp' && textOf(source, operator) !== '=') return null;
        return outcomeComparison(source, node);
      }
      default:
        return null;
    }
  };
  return collect(tree.topNode);
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * FEEL values as plain JSON, for service inputs and variables stored in MongoDB: dates, times and
 * durations become their ISO text, functions and ranges are dropped.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      return typeof value.toString === 'function' && value.toString !== Object.prototype.toString
        ? String(value)
        : null;
    }
    const result: Record<string, JsonValue> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'function') result[key] = toJsonValue(entry);
    }
    return result;
  }
  return null;
}
