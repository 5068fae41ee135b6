import type { SchemaNode } from './schema-types';
import { childEntries, childMap, isContainer } from './tree';

/**
 * Field order survives a county's JSON Merge Patch only through `x-index`: a patch adds new keys after the
 * base's, so a field inserted between two base fields would land at the end. Formily orders properties by
 * `x-index` (indexed first, by index; then the rest as written), the same in the browser and on the server.
 */
const INDEX = 'x-index';

function rebuild(node: SchemaNode, children: [string, SchemaNode][]): SchemaNode {
  const map = Object.fromEntries(children);
  if (node.type === 'array')
    return { ...node, items: { ...(node.items ?? { type: 'object' }), properties: map } };
  return { ...node, properties: map };
}

/** The children in the order Formily renders them. */
export function sortByIndex(node: SchemaNode): SchemaNode {
  if (!isContainer(node) || !childMap(node)) return node;
  const children = childEntries(node).map(([k, c]) => [k, sortByIndex(c)] as [string, SchemaNode]);
  const indexed = children.filter(([, c]) => typeof c[INDEX] === 'number');
  if (indexed.length === 0) return rebuild(node, children);
  indexed.sort(([, a], [, b]) => (a[INDEX] as number) - (b[INDEX] as number));
  return rebuild(node, [...indexed, ...children.filter(([, c]) => typeof c[INDEX] !== 'number')]);
}

const withoutIndex = (node: SchemaNode): SchemaNode => {
  const next = { ...node };
  delete next[INDEX];
  return next;
};

/**
 * The form to save for a county: where the patch would reorder a container's children, they all get
 * `x-index` in the designed order; elsewhere no index is added (and stale ones the base lacks are dropped).
 */
export function indexForPatch(form: SchemaNode, base: SchemaNode | undefined): SchemaNode {
  if (!isContainer(form) || !childMap(form)) return form;
  const baseChildren = base && isContainer(base) ? (childMap(base) ?? {}) : {};
  const children = childEntries(form).map(([key, child]) => {
    const own = indexForPatch(child, baseChildren[key]);
    const baseHasIndex = baseChildren[key] !== undefined && INDEX in baseChildren[key];
    return [key, baseHasIndex ? own : withoutIndex(own)] as [string, SchemaNode];
  });
  const designed = children.map(([k]) => k);
  const kept = Object.keys(baseChildren).filter((k) => designed.includes(k));
  const merged = [...kept, ...designed.filter((k) => !(k in baseChildren))];
  const reordered = merged.some((k, i) => k !== designed[i]);
  return rebuild(form, reordered ? children.map(([k, c], i) => [k, { ...c, [INDEX]: i }]) : children);
}
