import { listFields } from './tree';
import type { SchemaNode } from './schema-types';

export type FieldChange = 'added' | 'changed';

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

/** How each field of the county's form differs from the base form, by node path (unchanged: absent). */
export function compareWithBase(county: SchemaNode, base: SchemaNode | undefined): Map<string, FieldChange> {
  const changes = new Map<string, FieldChange>();
  if (!base) return changes;
  const baseFields = new Map(listFields(base).map((f) => [f.path.join('/'), f.node]));
  for (const field of listFields(county)) {
    const key = field.path.join('/');
    const before = baseFields.get(key);
    if (!before) changes.set(key, 'added');
    else {
      const strip = (node: SchemaNode) => ({
        ...node,
        properties: undefined,
        items: undefined,
        'x-index': undefined,
      });
      if (canonical(strip(before)) !== canonical(strip(field.node))) changes.set(key, 'changed');
    }
  }
  return changes;
}

/** Fields of the base the county's form no longer has, by title. */
export function removedFromBase(county: SchemaNode, base: SchemaNode | undefined): string[] {
  if (!base) return [];
  const present = new Set(listFields(county).map((f) => f.path.join('/')));
  return listFields(base)
    .filter((f) => !present.has(f.path.join('/')))
    .map((f) => f.node.title ?? f.address);
}
