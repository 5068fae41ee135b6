/**
 * The expression language after checking: a closed set of node kinds. Anything jsep can parse but this type
 * cannot express (assignment, `new`, `this`, several statements, tagged templates) is refused when compiling,
 * so the evaluator never meets it.
 */
export type Node =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'identifier'; name: string }
  | { kind: 'member'; object: Node; property: Node | string; optional: boolean }
  | { kind: 'call'; callee: Node; args: Node[]; optional: boolean }
  | { kind: 'unary'; operator: UnaryOperator; argument: Node }
  | { kind: 'binary'; operator: BinaryOperator; left: Node; right: Node }
  | { kind: 'logical'; operator: '&&' | '||' | '??'; left: Node; right: Node }
  | { kind: 'conditional'; test: Node; consequent: Node; alternate: Node }
  | { kind: 'array'; elements: Node[] }
  | { kind: 'object'; properties: { key: Node | string; value: Node }[] }
  | { kind: 'template'; quasis: string[]; expressions: Node[] }
  | { kind: 'arrow'; params: string[]; body: Node };

export type UnaryOperator = '-' | '+' | '!' | '~' | 'typeof';

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**'
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '>'
  | '<='
  | '>='
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '>>>';

export const UNARY_OPERATORS: ReadonlySet<string> = new Set<UnaryOperator>(['-', '+', '!', '~', 'typeof']);

export const BINARY_OPERATORS: ReadonlySet<string> = new Set<BinaryOperator>([
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '>',
  '<=',
  '>=',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '>>>',
]);
