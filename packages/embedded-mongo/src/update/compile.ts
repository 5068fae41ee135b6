/**
 * Compiles an update (operator document, replacement document or pipeline) once per
 * command and applies it to documents. The stored document is never mutated: the
 * update works on a copy, so cursors and the snapshot writer can keep references
 * to the old version.
 */
import { Aggregator } from 'mingo/aggregator';
import { expressionContext } from '../aggregate/expression-context';
import { identical, valuesEqual } from '../bson/compare';
import { formatDoc, formatValue } from '../bson/format';
import { cloneDoc, cloneValue, fromMingo } from '../bson/normalize';
import { type Doc, isPlainObject, typeName } from '../bson/values';
import { badValue, ErrorCode, failedToParse, MongoServerError } from '../errors';
import { compileFilter } from '../query/matcher';
import { isIndexPart, splitPath } from '../query/path';
import { NON_CREATING, OPERATORS, type OpEnv } from './operators';
import { getIn, hasIn, resolveTargets, setIn, type TargetContext } from './targets';

export interface ApplyContext {
  /** Array position matched by the query, for `$`. */
  positionalIndex?: number;
  /** True when the document is being created by an upsert (`$setOnInsert` applies). */
  isInsert: boolean;
  now: Date;
  /** Extra `$$` variables for pipeline updates (`$$new` in `$merge`). */
  variables?: Doc;
}

export interface ApplyResult {
  doc: Doc;
  modified: boolean;
}

export interface CompiledUpdate {
  readonly kind: 'operators' | 'replacement' | 'pipeline';
  apply(doc: Doc, ctx: ApplyContext): ApplyResult;
}

interface OpEntry {
  op: string;
  path: string;
  parts: string[];
  arg: unknown;
}

const ALL_OPERATORS = new Set([...Object.keys(OPERATORS), '$rename']);
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function compileUpdate(update: unknown, arrayFilters?: unknown): CompiledUpdate {
  if (Array.isArray(update)) {
    if (arrayFilters !== undefined) {
      throw new MongoServerError(
        ErrorCode.FailedToParse,
        'arrayFilters may not be specified for pipeline-style updates',
      );
    }
    return compilePipeline(update);
  }
  if (!isPlainObject(update))
    throw new MongoServerError(
      ErrorCode.TypeMismatch,
      'Update argument must be either an object or an array',
    );
  const keys = Object.keys(update);
  if (keys.length > 0 && keys[0].startsWith('$')) return compileOperators(update, arrayFilters);
  if (arrayFilters !== undefined && Array.isArray(arrayFilters) && arrayFilters.length > 0) {
    throw failedToParse('arrayFilters may not be specified for replacement-style updates');
  }
  return compileReplacement(update);
}

function comparePaths(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue;
    if (isIndexPart(a[i]) && isIndexPart(b[i])) return Number(a[i]) - Number(b[i]);
    return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function isPrefix(a: string[], b: string[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkPath(path: string, op: string): string[] {
  if (path === '') throw new MongoServerError(ErrorCode.EmptyFieldName, 'An empty update path is not valid.');
  const parts = splitPath(path);
  if (parts.some((p) => p === '')) {
    throw new MongoServerError(
      ErrorCode.EmptyFieldName,
      `The update path '${path}' contains an empty field name, which is not allowed.`,
    );
  }
  if (op === '$rename' && parts.some((p) => p.startsWith('$'))) {
    throw badValue(`The source field for $rename may not be dynamic: ${path}`);
  }
  return parts;
}

function parseArrayFilters(raw: unknown): Map<string, (el: unknown) => boolean> {
  const out = new Map<string, (el: unknown) => boolean>();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw))
    throw new MongoServerError(ErrorCode.TypeMismatch, 'arrayFilters must be an array');
  for (const f of raw) {
    if (!isPlainObject(f))
      throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
    const ids = new Set<string>();
    const gather = (d: Doc): void => {
      for (const k of Object.keys(d)) {
        if (k.startsWith('$')) {
          const v = d[k];
          if (Array.isArray(v)) for (const sub of v) if (isPlainObject(sub)) gather(sub);
        } else ids.add(k.split('.')[0]);
      }
    };
    gather(f);
    if (ids.size === 0)
      throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
    if (ids.size > 1) {
      const [a, b] = [...ids];
      throw failedToParse(
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${a}' and '${b}'`,
      );
    }
    const [id] = [...ids];
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
      throw badValue(
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
      );
    }
    if (out.has(id))
      throw failedToParse(`Found multiple array filters with the same top-level field name ${id}`);
    const m = compileFilter(f);
    out.set(id, (el) => m.test({ [id]: el }));
  }
  return out;
}

function compileOperators(update: Doc, rawFilters: unknown): CompiledUpdate {
  const entries: OpEntry[] = [];
  for (const op of Object.keys(update)) {
    if (!ALL_OPERATORS.has(op)) {
      throw failedToParse(
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const fields = update[op];
    if (!isPlainObject(fields)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(fields)}}`,
      );
    }
    for (const path of Object.keys(fields)) {
      entries.push({ op, path, parts: checkPath(path, op), arg: fields[path] });
      if (op === '$rename') {
        const to = fields[path];
        if (typeof to !== 'string') {
          throw badValue(`The 'to' field for $rename must be a string: ${path}: ${formatValue(to)}`);
        }
        if (to === path)
          throw badValue(`The source and target field for $rename must differ: ${path}: "${to}"`);
        checkPath(to, op);
      }
    }
  }

  // Two operators touching the same path, or one path inside another, conflict.
  const touched: Array<{ path: string; parts: string[] }> = [];
  for (const e of entries) {
    touched.push({ path: e.path, parts: e.parts });
    if (e.op === '$rename') touched.push({ path: e.arg as string, parts: splitPath(e.arg as string) });
  }
  for (let i = 0; i < touched.length; i++) {
    for (let j = 0; j < touched.length; j++) {
      if (i === j) continue;
      const a = touched[i];
      const b = touched[j];
      if (isPrefix(a.parts, b.parts) && (a.parts.length < b.parts.length || i < j)) {
        throw new MongoServerError(
          ErrorCode.ConflictingUpdateOperators,
          `Updating the path '${b.path}' would create a conflict at '${a.path}'`,
        );
      }
    }
  }

  const filters = parseArrayFilters(rawFilters);
  const referenced = new Set<string>();
  for (const t of touched) {
    for (const p of t.parts) {
      if (p.startsWith('$[') && p.endsWith(']') && p.length > 3) {
        const id = p.slice(2, -1);
        if (!filters.has(id))
          throw badValue(`No array filter found for identifier '${id}' in path '${t.path}'`);
        referenced.add(id);
      }
    }
  }
  for (const id of filters.keys()) {
    if (!referenced.has(id)) {
      throw failedToParse(
        `The array filter for identifier '${id}' was not used in the update ${formatDoc(update)}`,
      );
    }
  }

  // The server applies operators in field-name order (numeric components numerically).
  entries.sort((a, b) => comparePaths(a.parts, b.parts));
  const touchesId = touched.some((t) => t.parts[0] === '_id');

  return {
    kind: 'operators',
    apply(doc, ctx) {
      const work = cloneDoc(doc);
      const env: OpEnv = { id: doc._id, now: ctx.now };
      const tctx: TargetContext = { positionalIndex: ctx.positionalIndex, arrayFilters: filters };
      let modified = false;
      for (const e of entries) {
        if (e.op === '$setOnInsert' && !ctx.isInsert) continue;
        if (e.op === '$rename') {
          modified = rename(work, e, tctx) || modified;
          continue;
        }
        const create = !NON_CREATING.has(e.op);
        const fn = OPERATORS[e.op];
        for (const t of resolveTargets(work, e.parts, tctx, create)) {
          if (fn(t, e.arg, env)) modified = true;
        }
      }
      if (touchesId && !ctx.isInsert) {
        if (!('_id' in work) || !valuesEqual(work._id, doc._id)) {
          throw new MongoServerError(
            ErrorCode.ImmutableField,
            "Performing an update on the path '_id' would modify the immutable field '_id'",
          );
        }
        work._id = doc._id;
      }
      return { doc: work, modified };
    },
  };
}

function rename(work: Doc, e: OpEntry, tctx: TargetContext): boolean {
  const sources = resolveTargets(work, e.parts, tctx, false);
  const src = sources[0];
  if (!src || !hasIn(src.container, src.key)) return false;
  if (Array.isArray(src.container)) {
    throw badValue(`The source field cannot be an array element, '${e.path}' in doc has an array field`);
  }
  const value = getIn(src.container, src.key);
  delete src.container[src.key];
  const dest = resolveTargets(work, splitPath(e.arg as string), tctx, true)[0];
  if (Array.isArray(dest.container)) {
    throw badValue(
      `The destination field cannot be an array element, '${String(e.arg)}' in doc has an array field`,
    );
  }
  setIn(dest.container, dest.key, value);
  return true;
}

function checkReplacementFields(doc: Doc): void {
  for (const k of Object.keys(doc)) {
    if (k.startsWith('$')) {
      throw new MongoServerError(
        ErrorCode.DollarPrefixedFieldName,
        `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
  }
}

function compileReplacement(replacement: Doc): CompiledUpdate {
  checkReplacementFields(replacement);
  return {
    kind: 'replacement',
    apply(doc, ctx) {
      const next: Doc = {};
      if ('_id' in replacement && !ctx.isInsert && '_id' in doc && !valuesEqual(replacement._id, doc._id)) {
        throw new MongoServerError(
          ErrorCode.ImmutableField,
          `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement._id)}`,
        );
      }
      if ('_id' in doc && !ctx.isInsert) next._id = doc._id;
      else if ('_id' in replacement) next._id = cloneValue(replacement._id);
      else if ('_id' in doc) next._id = doc._id;
      for (const k of Object.keys(replacement)) if (k !== '_id') next[k] = cloneValue(replacement[k]);
      return { doc: next, modified: !identical(doc, next) };
    },
  };
}

function compilePipeline(stages: unknown[]): CompiledUpdate {
  for (const s of stages) {
    if (!isPlainObject(s) || Object.keys(s).length !== 1) {
      throw failedToParse('A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(s)[0];
    if (!PIPELINE_STAGES.has(name)) {
      throw new MongoServerError(
        ErrorCode.InvalidOptions,
        `${name} is not allowed to be used within an update`,
      );
    }
  }
  return {
    kind: 'pipeline',
    apply(doc, ctx) {
      let out: Doc[];
      try {
        const agg = new Aggregator(stages as Doc[], {
          variables: { NOW: ctx.now, ...ctx.variables },
          context: expressionContext(),
        });
        out = agg.run([cloneDoc(doc)]);
      } catch (e) {
        throw badValue((e as Error).message);
      }
      const next = fromMingo(out[0] ?? {}) as Doc;
      if (!ctx.isInsert) {
        if ('_id' in next && !valuesEqual(next._id, doc._id)) {
          throw new MongoServerError(
            ErrorCode.ImmutableField,
            `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(next._id)}`,
          );
        }
      }
      const ordered: Doc = '_id' in doc ? { _id: doc._id } : {};
      for (const k of Object.keys(next)) if (k !== '_id' || !('_id' in ordered)) ordered[k] = next[k];
      return { doc: ordered, modified: !identical(doc, ordered) };
    },
  };
}

export { setIn };
