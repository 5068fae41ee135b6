/**
 * `find` projections: inclusion or exclusion of (dotted) fields, `$slice`,
 * `$elemMatch`, the positional `field.$`, and aggregation expressions (computed by
 * mingo). Included values are copied from the stored document untouched, so BSON
 * types survive.
 */
import { Aggregator } from 'mingo/aggregator';
import { expressionContext } from '../aggregate/expression-context';
import { fromMingo, toMingo } from '../bson/normalize';
import { type Doc, isNumeric, isPlainObject, toDouble } from '../bson/values';
import { badValue, MongoServerError } from '../errors';
import { compileFilter, type Matcher, type MatchDetails } from './matcher';
import { splitPath } from './path';

type Action =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number | undefined; limit: number }
  | { kind: 'elemMatch'; matcher: Matcher }
  | { kind: 'positional' };

interface Node {
  action?: Action;
  children: Map<string, Node>;
}

export interface Projector {
  /** `details` carries the array position matched by the query, for `field.$`. */
  apply(doc: Doc, details?: MatchDetails): Doc;
  readonly needsPosition: boolean;
}

function newNode(): Node {
  return { children: new Map() };
}

function isExpression(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith('$');
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    return keys.length > 0 && keys[0].startsWith('$') && !['$slice', '$elemMatch', '$meta'].includes(keys[0]);
  }
  return !(isNumeric(v) || typeof v === 'boolean');
}

export function compileProjection(spec: unknown): Projector | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) throw badValue('projection must be an object');
  const keys = Object.keys(spec);
  if (keys.length === 0) return undefined;

  const root = newNode();
  let mode: 'include' | 'exclude' | undefined;
  let excludeId = false;
  let needsPosition = false;
  const expressions: Doc = {};
  let hasExpressions = false;

  const setMode = (m: 'include' | 'exclude', path: string): void => {
    if (mode && mode !== m) {
      throw m === 'exclude'
        ? new MongoServerError(31254, `Cannot do exclusion on field ${path} in inclusion projection`)
        : new MongoServerError(31253, `Cannot do inclusion on field ${path} in exclusion projection`);
    }
    mode = m;
  };

  for (const rawPath of keys) {
    const v = spec[rawPath];
    if (rawPath.startsWith('$'))
      throw badValue(`FieldPath field names may not start with '$'. Consider using $getField or $setField.`);
    let path = rawPath;
    let action: Action;
    if (path.endsWith('.$')) {
      path = path.slice(0, -2);
      action = { kind: 'positional' };
      needsPosition = true;
      setMode('include', rawPath);
    } else if (isPlainObject(v) && '$slice' in v) {
      action = parseSlice(v.$slice);
    } else if (isPlainObject(v) && '$elemMatch' in v) {
      if (!isPlainObject(v.$elemMatch)) throw badValue('elemMatch: Invalid argument, object required.');
      action = { kind: 'elemMatch', matcher: compileFilter({ x: { $elemMatch: v.$elemMatch } }) };
      // `$elemMatch` projects like an inclusion (other fields are dropped), `$slice` does not.
      setMode('include', rawPath);
    } else if (isPlainObject(v) && '$meta' in v) {
      throw badValue(`$meta projection of '${String(v.$meta)}' is not supported by the embedded store`);
    } else if (isExpression(v)) {
      setMode('include', rawPath);
      expressions[path] = v;
      hasExpressions = true;
      continue;
    } else {
      const include = typeof v === 'boolean' ? v : toDouble(v) !== 0;
      if (path === '_id') {
        excludeId = !include;
        if (include) {
          const n = ensure(root, ['_id']);
          n.action = { kind: 'include' };
        }
        continue;
      }
      setMode(include ? 'include' : 'exclude', rawPath);
      action = { kind: include ? 'include' : 'exclude' };
    }
    ensure(root, splitPath(path)).action = action;
  }

  // `{_id: 1}` alone is an inclusion projection.
  if (mode === undefined && !excludeId && root.children.get('_id')?.action?.kind === 'include')
    mode = 'include';
  const inclusion = mode === 'include';
  if (inclusion && !excludeId) ensure(root, ['_id']).action ??= { kind: 'include' };
  if (!inclusion && excludeId) ensure(root, ['_id']).action = { kind: 'exclude' };
  if (inclusion && excludeId) root.children.delete('_id');

  const computed = hasExpressions
    ? new Aggregator([{ $project: { _id: 0, ...expressions } }], { context: expressionContext() })
    : undefined;

  return {
    needsPosition,
    apply(doc, details) {
      const out = inclusion ? applyInclusion(doc, root, details) : applyExclusion(doc, root, details);
      if (computed) {
        const [values] = computed.run([toMingo(doc) as Doc]);
        mergeComputed(out, fromMingo(values) as Doc);
      }
      return out;
    },
  };
}

function ensure(root: Node, parts: string[]): Node {
  let node = root;
  for (const part of parts) {
    let next = node.children.get(part);
    if (!next) {
      next = newNode();
      node.children.set(part, next);
    }
    node = next;
  }
  return node;
}

function parseSlice(arg: unknown): Action {
  if (isNumeric(arg)) return { kind: 'slice', skip: undefined, limit: Math.trunc(toDouble(arg)) };
  if (Array.isArray(arg) && arg.length === 2 && isNumeric(arg[0]) && isNumeric(arg[1])) {
    const limit = Math.trunc(toDouble(arg[1]));
    if (limit <= 0) throw badValue(`$slice limit must be positive`);
    return { kind: 'slice', skip: Math.trunc(toDouble(arg[0])), limit };
  }
  throw badValue('$slice only supports numbers and [skip, limit] arrays');
}

function slice(arr: unknown[], a: { skip: number | undefined; limit: number }): unknown[] {
  if (a.skip === undefined)
    return a.limit >= 0 ? arr.slice(0, a.limit) : arr.slice(Math.max(arr.length + a.limit, 0));
  const start = a.skip >= 0 ? Math.min(a.skip, arr.length) : Math.max(arr.length + a.skip, 0);
  return arr.slice(start, start + a.limit);
}

/** Applies a leaf action; returns `undefined` to omit the field. */
function applyAction(
  value: unknown,
  action: Action,
  details: MatchDetails | undefined,
  path: string,
): unknown {
  switch (action.kind) {
    case 'include':
      return value;
    case 'exclude':
      return undefined;
    case 'slice':
      return Array.isArray(value) ? slice(value, action) : value;
    case 'elemMatch': {
      if (!Array.isArray(value)) return undefined;
      const hit = value.find((el) => action.matcher.test({ x: [el] }));
      return hit === undefined ? undefined : [hit];
    }
    case 'positional': {
      if (!Array.isArray(value)) return value;
      const i = details?.arrayIndex;
      if (i === undefined || i >= value.length) {
        throw new MongoServerError(
          51246,
          `Executor error during find command :: caused by :: positional operator '${path}.$' couldn't find a matching element in the array`,
        );
      }
      return [value[i]];
    }
  }
}

function applyInclusion(doc: Doc, node: Node, details: MatchDetails | undefined): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const child = node.children.get(key);
    if (!child) continue;
    const value = doc[key];
    if (child.action) {
      const v = applyAction(value, child.action, details, key);
      if (v !== undefined) out[key] = v;
    } else if (isPlainObject(value)) {
      out[key] = applyInclusion(value, child, details);
    } else if (Array.isArray(value)) {
      out[key] = projectArray(value, child, details, applyInclusion);
    }
  }
  return out;
}

function applyExclusion(doc: Doc, node: Node, details: MatchDetails | undefined): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const child = node.children.get(key);
    const value = doc[key];
    if (!child) {
      out[key] = value;
    } else if (child.action) {
      const v = applyAction(value, child.action, details, key);
      if (v !== undefined) out[key] = v;
    } else if (isPlainObject(value)) {
      out[key] = applyExclusion(value, child, details);
    } else if (Array.isArray(value)) {
      out[key] = projectArray(value, child, details, applyExclusion);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A sub-projection over an array applies to each embedded document (and nested arrays). */
function projectArray(
  arr: unknown[],
  node: Node,
  details: MatchDetails | undefined,
  apply: (d: Doc, n: Node, det: MatchDetails | undefined) => Doc,
): unknown[] {
  const out: unknown[] = [];
  for (const el of arr) {
    if (isPlainObject(el)) out.push(apply(el, node, details));
    else if (Array.isArray(el)) out.push(projectArray(el, node, details, apply));
    else if (apply === applyExclusion) out.push(el);
  }
  return out;
}

function mergeComputed(out: Doc, values: Doc): void {
  for (const key of Object.keys(values)) {
    const v = values[key];
    if (isPlainObject(v) && isPlainObject(out[key])) mergeComputed(out[key] as Doc, v);
    else out[key] = v;
  }
}
