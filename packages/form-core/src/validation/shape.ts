import type { Schema } from '@formily/json-schema';

/**
 * The data a schema describes, with void containers (cards, grids, table columns) flattened away: what a
 * submission may contain and in which order its fields appear on the page.
 */
export type ShapeNode = ObjectShape | ArrayShape | LeafShape;

interface ShapeBase {
  schema: Schema;
  /** Position among the siblings in page order; a field inside a void container gets the void's first. */
  order: number[];
}

export interface ObjectShape extends ShapeBase {
  kind: 'object';
  children: Map<string, ShapeNode>;
}

export interface ArrayShape extends ShapeBase {
  kind: 'array';
  /** Row shape; absent when the schema has no `items` (a list of plain values). */
  items?: ShapeNode;
}

export interface LeafShape extends ShapeBase {
  kind: 'leaf';
}

export function buildShape(schema: Schema, order: number[] = []): ShapeNode {
  if (schema.type === 'object' || schema.type === 'void') {
    const children = new Map<string, ShapeNode>();
    collectChildren(schema, [], children);
    return { kind: 'object', schema, order, children };
  }
  if (schema.type === 'array') {
    const items = schema.items as Schema | Schema[] | undefined;
    const itemSchema = Array.isArray(items) ? items[0] : items;
    return { kind: 'array', schema, order, items: itemSchema ? buildShape(itemSchema) : undefined };
  }
  return { kind: 'leaf', schema, order };
}

function collectChildren(schema: Schema, prefix: number[], into: Map<string, ShapeNode>): void {
  schema.mapProperties((child, name, index) => {
    const order = [...prefix, index];
    if (child.type === 'void') collectChildren(child, order, into);
    else into.set(String(name), buildShape(child, order));
  });
}

/** Walks `path` (`indicators.3.actual`) down the shape; undefined when the schema has no such field. */
export function shapeAt(root: ShapeNode, path: string): ShapeNode | undefined {
  let node: ShapeNode | undefined = root;
  for (const segment of path ? path.split('.') : []) {
    if (!node) return undefined;
    if (node.kind === 'object') node = node.children.get(segment);
    else if (node.kind === 'array' && /^\d+$/.test(segment)) node = node.items;
    else return undefined;
  }
  return node;
}

/**
 * Page order of a data path: the order keys of its fields with row numbers in between, so errors come out
 * top to bottom and row by row whichever way they were found.
 */
export function pageOrder(root: ShapeNode, path: string): number[] {
  const key: number[] = [];
  let node: ShapeNode | undefined = root;
  for (const segment of path ? path.split('.') : []) {
    if (node?.kind === 'object') {
      node = node.children.get(segment);
      key.push(...(node?.order ?? [Number.MAX_SAFE_INTEGER]));
    } else if (node?.kind === 'array') {
      node = node.items;
      key.push(Number(segment));
    } else {
      key.push(Number.MAX_SAFE_INTEGER);
    }
  }
  return key;
}

export function comparePageOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  }
  return a.length - b.length;
}
