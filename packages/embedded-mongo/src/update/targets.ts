/**
 * Resolves an update path (`a.b`, `items.$.qty`, `items.$[].qty`, `items.$[hot].qty`)
 * to the concrete (container, key) pairs it addresses in one document, creating
 * intermediate documents when the operator creates fields.
 */
import { formatDoc, formatValue } from '../bson/format';
import { type Doc, isPlainObject } from '../bson/values';
import { badValue, ErrorCode, MongoServerError } from '../errors';
import { isIndexPart } from '../query/path';

export type Container = Doc | unknown[];

export interface Target {
  container: Container;
  key: string;
  /** The concrete dotted path, for error messages. */
  path: string;
}

export interface TargetContext {
  positionalIndex: number | undefined;
  /** Array filter predicates by identifier. */
  arrayFilters: Map<string, (element: unknown) => boolean>;
  /** Identifiers actually used, to report unused filters. */
  usedFilters?: Set<string>;
}

export function getIn(container: Container, key: string): unknown {
  if (Array.isArray(container)) return isIndexPart(key) ? container[Number(key)] : undefined;
  return container[key];
}

export function hasIn(container: Container, key: string): boolean {
  if (Array.isArray(container)) return isIndexPart(key) && Number(key) < container.length;
  return Object.prototype.hasOwnProperty.call(container, key);
}

/** Sets a field; setting past the end of an array pads it with nulls, as the server does. */
export function setIn(container: Container, key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const idx = Number(key);
    while (container.length < idx) container.push(null);
    container[idx] = value;
  } else {
    container[key] = value;
  }
}

export function resolveTargets(
  root: Doc,
  parts: readonly string[],
  ctx: TargetContext,
  create: boolean,
): Target[] {
  const out: Target[] = [];
  walk(root, 0, []);
  return out;

  function walk(container: Container, i: number, done: string[]): void {
    let part = parts[i];
    const last = i === parts.length - 1;
    if (part === '$') {
      if (!Array.isArray(container) || ctx.positionalIndex === undefined) {
        throw badValue('The positional operator did not find the match needed from the query.');
      }
      part = String(ctx.positionalIndex);
    } else if (part.startsWith('$[') && part.endsWith(']')) {
      const id = part.slice(2, -1);
      if (!Array.isArray(container)) {
        throw badValue(
          `The path '${done.join('.')}' must exist in the document in order to apply array updates.`,
        );
      }
      let test: ((el: unknown) => boolean) | undefined;
      if (id !== '') {
        test = ctx.arrayFilters.get(id);
        if (!test)
          throw badValue(`No array filter found for identifier '${id}' in path '${parts.join('.')}'`);
        ctx.usedFilters?.add(id);
      }
      for (let j = 0; j < container.length; j++) {
        if (test && !test(container[j])) continue;
        step(container, String(j), i, last, done);
      }
      return;
    }
    step(container, part, i, last, done);
  }

  function step(container: Container, key: string, i: number, last: boolean, done: string[]): void {
    const path = [...done, key];
    if (last) {
      if (Array.isArray(container) && !isIndexPart(key)) {
        if (!create) return;
        throw cannotCreate(key, done, container);
      }
      out.push({ container, key, path: path.join('.') });
      return;
    }
    if (Array.isArray(container) && !isIndexPart(key)) {
      if (!create) return;
      throw cannotCreate(key, done, container);
    }
    let next = getIn(container, key);
    if (next === undefined) {
      if (!create) return;
      next = {};
      setIn(container, key, next);
    }
    if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return;
      throw cannotCreate(parts[i + 1], path, next);
    }
    walk(next, i + 1, path);
  }
}

function cannotCreate(field: string, parentPath: readonly string[], parentValue: unknown): MongoServerError {
  const name = parentPath.length > 0 ? parentPath[parentPath.length - 1] : '';
  const element = name ? formatDoc({ [name]: parentValue }) : formatValue(parentValue);
  return new MongoServerError(
    ErrorCode.PathNotViable,
    `Cannot create field '${field}' in element ${element}`,
  );
}
