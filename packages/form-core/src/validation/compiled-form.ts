import { Schema } from '@formily/json-schema';
import { planRows, type RowPlan } from '../fast/row-plan';
import { valueTargets } from './computed';
import { buildShape, type ShapeNode } from './shape';
import type { FormDefinition } from './types';

/** Everything derived from a form's schema alone, computed once per published version. */
export interface CompiledForm {
  readonly schema: Schema;
  readonly shape: ShapeNode;
  /** Patterns of fields whose value another field's reaction writes (stripped from submissions). */
  readonly valueTargets: string[];
  /** Top-level tables whose rows the fast path validates, by path. */
  readonly fastTables: ReadonlyMap<string, RowPlan>;
  /** Why the other tables need the plain walk (for logs and tests). */
  readonly plainTables: ReadonlyMap<string, string>;
}

// A form id and version name one published schema per county, but county overlays make several schemas
// share them; the fingerprint of the schema text keeps those apart.
const CACHE_LIMIT = 200;
const byKey = new Map<string, CompiledForm>();
const bySchema = new WeakMap<object, CompiledForm>();

export function compileForm(definition: FormDefinition): CompiledForm {
  const known = bySchema.get(definition.schema);
  if (known) return known;
  const key = `${definition.id}@${String(definition.version)}#${fingerprint(JSON.stringify(definition.schema))}`;
  let compiled = byKey.get(key);
  if (!compiled) {
    const schema = new Schema({ type: 'object', ...definition.schema });
    const shape = buildShape(schema);
    const fastTables = new Map<string, RowPlan>();
    const plainTables = new Map<string, string>();
    if (shape.kind === 'object') {
      const tables = new Set(
        [...shape.children].filter(([, node]) => node.kind === 'array' && node.items).map(([name]) => name),
      );
      for (const [name, node] of shape.children) {
        if (node.kind !== 'array' || !node.items) continue;
        const plan = planRows(name, node.schema, tables);
        if (typeof plan === 'string') plainTables.set(name, plan);
        else fastTables.set(name, plan);
      }
    }
    compiled = { schema, shape, valueTargets: valueTargets(schema), fastTables, plainTables };
    if (byKey.size >= CACHE_LIMIT) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, compiled);
  }
  bySchema.set(definition.schema, compiled);
  return compiled;
}

/** FNV-1a over the schema text: cheap, portable to the browser, ample to tell overlays apart. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
