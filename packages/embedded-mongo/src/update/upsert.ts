/**
 * Builds the document an upsert inserts: equality conditions of the filter seed it
 * (as the server does), then the update applies with `$setOnInsert` enabled, and an
 * `_id` is generated when neither provided one.
 */
import { ObjectId } from 'bson';
import { cloneValue } from '../bson/normalize';
import { type Doc, isPlainObject } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { analyzeFilter } from '../query/analyze';
import { isIndexPart, splitPath } from '../query/path';
import type { CompiledUpdate } from './compile';

export function seedFromFilter(filter: Doc | undefined, onlyId: boolean): Doc {
  const seed: Doc = {};
  const paths: string[][] = [];
  for (const [path, c] of analyzeFilter(filter)) {
    if (c.equalities.length === 0) continue;
    if (onlyId && path !== '_id') continue;
    const parts = splitPath(path);
    if (parts.some((p) => p.startsWith('$') || isIndexPart(p))) continue;
    const value = c.equalities[0];
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) continue;
    for (const other of paths) {
      const n = Math.min(other.length, parts.length);
      if (other.slice(0, n).join('.') === parts.slice(0, n).join('.')) {
        throw new MongoServerError(
          ErrorCode.NotSingleValueField,
          `cannot infer query fields to set, path '${parts.slice(0, n).join('.')}' is matched twice`,
        );
      }
    }
    paths.push(parts);
    let node = seed;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (!isPlainObject(next)) node[parts[i]] = {};
      node = node[parts[i]] as Doc;
    }
    node[parts[parts.length - 1]] = cloneValue(value);
  }
  return seed;
}

export function buildUpsertDocument(filter: Doc | undefined, update: CompiledUpdate, now: Date): Doc {
  const seed = seedFromFilter(filter, update.kind === 'replacement');
  const { doc } = update.apply(seed, { isInsert: true, now, positionalIndex: undefined });
  return withIdFirst(doc);
}

/** Documents always start with `_id`; one is generated when missing. */
export function withIdFirst(doc: Doc): Doc {
  const out: Doc = { _id: '_id' in doc ? doc._id : new ObjectId() };
  for (const k of Object.keys(doc)) if (k !== '_id') out[k] = doc[k];
  return out;
}
