import { pointerWithin, rectIntersection, type CollisionDetection } from '@dnd-kit/core';
import type { NodePath, SchemaNode } from '../model/schema-types';
import { childEntries, getNode, parsePathKey } from '../model/tree';

/** With nested layouts the pointer is inside several targets at once: the innermost (smallest) one wins. */
export const innermost: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  if (hits.length === 0) return rectIntersection(args);
  const area = (id: string | number) => {
    const rect = args.droppableRects.get(id);
    return rect ? rect.width * rect.height : Infinity;
  };
  return [...hits].sort((a, b) => area(a.id) - area(b.id));
};

export interface DropTarget {
  parent: NodePath;
  index: number;
}

/** Where a drop on `overId` puts things: before a node (`before:a/b`) or at the end of a container (`into:a`). */
export function dropTarget(schema: SchemaNode, overId: string): DropTarget | undefined {
  const [kind, key] = [overId.slice(0, overId.indexOf(':')), overId.slice(overId.indexOf(':') + 1)];
  const path = parsePathKey(key);
  if (kind === 'into') {
    const container = getNode(schema, path);
    return container ? { parent: path, index: childEntries(container).length } : undefined;
  }
  if (kind === 'before') {
    const parent = path.slice(0, -1);
    const container = getNode(schema, parent);
    if (!container) return undefined;
    const index = childEntries(container).findIndex(([k]) => k === path[path.length - 1]);
    return index < 0 ? undefined : { parent, index };
  }
  return undefined;
}
