import type { NodePath, SchemaNode } from './schema-types';

/**
 * Edits of the schema tree. A node's children are its `properties`, or for a table (`type: array`) its row's
 * `items.properties`, so a table's columns are edited like a layout's fields. Every function returns a new
 * schema and leaves its input alone (undo keeps the old ones).
 */

export const pathKey = (path: NodePath): string => path.join('/');
export const parsePathKey = (key: string): NodePath => (key === '' ? [] : key.split('/'));

export function childMap(node: SchemaNode): Record<string, SchemaNode> | undefined {
  if (node.type === 'array') return node.items?.properties;
  return node.properties;
}

/** Whether fields may be dropped into the node: objects, layouts (void) and tables of rows. */
export function isContainer(node: SchemaNode): boolean {
  if (node.type === 'array') return node.items?.type === 'object';
  return node.type === 'object' || node.type === 'void';
}

export function childEntries(node: SchemaNode): [string, SchemaNode][] {
  return Object.entries(childMap(node) ?? {});
}

export function getNode(root: SchemaNode, path: NodePath): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const key of path) {
    node = node ? childMap(node)?.[key] : undefined;
    if (!node) return undefined;
  }
  return node;
}

function withChildren(node: SchemaNode, children: Record<string, SchemaNode>): SchemaNode {
  if (node.type === 'array') {
    const items: SchemaNode = node.items ?? { type: 'object' };
    return { ...node, items: { ...items, properties: children } };
  }
  return { ...node, properties: children };
}

/** Replaces the node at `path` with what `change` makes of it. */
export function updateAt(
  root: SchemaNode,
  path: NodePath,
  change: (node: SchemaNode) => SchemaNode,
): SchemaNode {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  const children = childMap(root) ?? {};
  const child = children[head];
  if (!child) return root;
  return withChildren(root, { ...children, [head]: updateAt(child, rest, change) });
}

function entriesToMap(entries: [string, SchemaNode][]): Record<string, SchemaNode> {
  return Object.fromEntries(entries);
}

export function insertChild(
  root: SchemaNode,
  parent: NodePath,
  index: number,
  key: string,
  node: SchemaNode,
): SchemaNode {
  return updateAt(root, parent, (container) => {
    const entries = childEntries(container).filter(([k]) => k !== key);
    const at = Math.max(0, Math.min(index, entries.length));
    entries.splice(at, 0, [key, node]);
    return withChildren(container, entriesToMap(entries));
  });
}

export function removeAt(root: SchemaNode, path: NodePath): SchemaNode {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  return updateAt(root, parent, (container) =>
    withChildren(container, entriesToMap(childEntries(container).filter(([k]) => k !== key))),
  );
}

export const isInside = (path: NodePath, ancestor: NodePath): boolean =>
  ancestor.length <= path.length && ancestor.every((key, i) => path[i] === key);

/**
 * Moves a node to `index` among the children of `parent` (index counted without the moved node). Refused,
 * returning the schema as it was, when the target is inside the node itself or the key is taken there.
 */
export function moveNode(root: SchemaNode, from: NodePath, parent: NodePath, index: number): SchemaNode {
  if (isInside(parent, from)) return root;
  const node = getNode(root, from);
  const target = getNode(root, parent);
  if (!node || !target || !isContainer(target)) return root;
  const key = from[from.length - 1];
  const sameParent = pathKey(from.slice(0, -1)) === pathKey(parent);
  if (!sameParent && childMap(target)?.[key]) return root;
  return insertChild(removeAt(root, from), parent, index, key, node);
}

/** Renames a property keeping its place; refused when the new key is taken. */
export function renameNode(root: SchemaNode, path: NodePath, newKey: string): SchemaNode {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  if (key === newKey) return root;
  const container = getNode(root, parent);
  if (!container || childMap(container)?.[newKey]) return root;
  return updateAt(root, parent, (c) =>
    withChildren(
      c,
      entriesToMap(
        childEntries(c).map(([k, v]) => (k === key ? [newKey, v] : [k, v]) as [string, SchemaNode]),
      ),
    ),
  );
}

/** Every data field (not layouts) with its path and data path, in page order: what rules may depend on. */
export interface FieldRef {
  path: NodePath;
  /** Formily's dotted address of the value: layouts (void) are not part of it. */
  address: string;
  node: SchemaNode;
  /** Inside a table row: rules there address siblings as `.key`. */
  inRow: boolean;
}

export function listFields(root: SchemaNode): FieldRef[] {
  const found: FieldRef[] = [];
  const walk = (node: SchemaNode, path: string[], address: string[], inRow: boolean) => {
    for (const [key, child] of childEntries(node)) {
      const childPath = [...path, key];
      const childAddress = child.type === 'void' ? address : [...address, key];
      if (child.type !== 'void')
        found.push({ path: childPath, address: childAddress.join('.'), node: child, inRow });
      if (isContainer(child))
        walk(child, childPath, child.type === 'array' ? [] : childAddress, inRow || child.type === 'array');
    }
  };
  walk(root, [], [], false);
  return found;
}

/** A property key not used yet under `parent`: `field1`, `field2`, … */
export function freeKey(root: SchemaNode, parent: NodePath, prefix: string): string {
  const taken = new Set(Object.keys(childMap(getNode(root, parent) ?? {}) ?? {}));
  for (const field of listFields(root)) taken.add(field.path[field.path.length - 1]);
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
