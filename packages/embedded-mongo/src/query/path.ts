/** Dotted-path helpers shared by the matcher, projection, sort and index key extraction. */
import { bsonTag, type Doc, isPlainObject } from '../bson/values';

export function splitPath(path: string): string[] {
  return path.split('.');
}

/** `"0"`, `"12"`: a path component that can address an array element. */
export function isIndexPart(part: string): boolean {
  if (part.length === 0 || part.length > 9) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return part.length === 1 || part.charCodeAt(0) !== 48;
}

/** Documents a path can descend into: plain objects and DBRefs (seen as {$ref, $id, $db}). */
export function asTraversable(v: unknown): Doc | undefined {
  if (isPlainObject(v)) return v;
  if (bsonTag(v) === 'DBRef') {
    const ref = v as { collection: string; oid: unknown; db?: string; fields?: Doc };
    const out: Doc = { $ref: ref.collection, $id: ref.oid };
    if (ref.db) out.$db = ref.db;
    return Object.assign(out, ref.fields);
  }
  return undefined;
}

/**
 * The value at a path without array expansion (`a.0.b` indexes arrays). Used where
 * MongoDB itself does not expand arrays, e.g. `_id` and shard-style lookups.
 */
export function getPath(doc: unknown, parts: readonly string[]): unknown {
  let v: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(v)) {
      if (!isIndexPart(part)) return undefined;
      v = v[Number(part)];
    } else {
      const o = asTraversable(v);
      if (!o) return undefined;
      v = o[part];
    }
  }
  return v;
}

/**
 * Calls `visit` with every value a query path reaches, expanding arrays the way the
 * server does for sort keys and distinct: arrays met before the last component are
 * traversed element by element; a terminal array is passed whole.
 */
export function forEachPathValue(doc: unknown, parts: readonly string[], visit: (v: unknown) => void): void {
  walk(doc, 0);
  function walk(v: unknown, i: number): void {
    if (i === parts.length) {
      visit(v);
      return;
    }
    if (Array.isArray(v)) {
      const part = parts[i];
      if (isIndexPart(part)) {
        walk(v[Number(part)], i + 1);
        return;
      }
      let any = false;
      for (const el of v) {
        const o = asTraversable(el);
        if (o) {
          any = true;
          walk(o[part], i + 1);
        }
      }
      if (!any) visit(undefined);
      return;
    }
    const o = asTraversable(v);
    walk(o ? o[parts[i]] : undefined, i + 1);
  }
}
