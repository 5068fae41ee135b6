import { Schema } from '@formily/json-schema';
import { untracked } from '@formily/reactive';
import { FormPath, isPlainObj } from '@formily/shared';
import { compileForFormily } from '../expression/register';
import type { RowField } from './row-field';

interface Request {
  state?: Record<string, unknown>;
  schema?: Record<string, unknown>;
}

interface ReactionObject {
  dependencies?: unknown;
  when?: unknown;
  fulfill?: Request;
  otherwise?: Request;
}

/** One write of a reaction's `state`: the path under the field and the (uncompiled) value. */
interface StateLeaf {
  path: FormPath;
  key: string;
  compile: (scope: object) => unknown;
}

type Dependency = { name?: string; read: (field: RowField) => unknown };

/**
 * A row reaction compiled once per column: Formily's `getUserReactions` run (dependencies → `$deps`,
 * `when`, `fulfill`/`otherwise`, `patchCompile` of `state`) with the request trees flattened ahead of time.
 * Only `state` requests take this way; a reaction with a `schema` request keeps Formily's own runner.
 */
export function compileReaction(
  reaction: ReactionObject,
): ((field: RowField, scope: object) => void) | undefined {
  if (reaction.fulfill?.schema !== undefined || reaction.otherwise?.schema !== undefined) return undefined;
  const dependencies = compileDependencies(reaction.dependencies);
  const fulfill = leaves(reaction.fulfill?.state);
  const otherwise = leaves(reaction.otherwise?.state);
  const { when } = reaction;
  const evaluateWhen = compileValue(when, true);
  return (field, cellScope) => {
    const $deps = dependencies(field);
    const scope = Object.create(cellScope) as Record<string, unknown>;
    scope.$target = null;
    scope.$deps = $deps;
    scope.$dependencies = $deps;
    const condition = when ? evaluateWhen(scope) : true;
    const request = condition ? fulfill : otherwise;
    if (!request) return;
    // patchCompile: compiled leaves are written untracked, undefined ones skipped, unknown keys ignored.
    for (const leaf of request) {
      const compiled = leaf.compile(scope);
      if (compiled === undefined || !Object.prototype.hasOwnProperty.call(field, leaf.key)) continue;
      untracked(() => {
        if (leaf.path.segments.length === 1)
          (field as unknown as Record<string, unknown>)[leaf.key] = compiled;
        else FormPath.setIn(field, leaf.path, compiled);
      });
    }
  };
}

const EXPRESSION = /^\s*\{\{([\s\S]*)\}\}\s*$/;

/**
 * Formily's `compile` (or `shallowCompile`) of one value, with the `{{ }}` text found once: an expression
 * goes to the registered compiler exactly as Formily would send it, anything else through Formily itself.
 */
function compileValue(value: unknown, shallow: boolean): (scope: object) => unknown {
  const expression = typeof value === 'string' ? EXPRESSION.exec(value)?.[1] : undefined;
  if (expression !== undefined) return (scope) => compileForFormily(expression, scope);
  if (shallow || typeof value !== 'object' || value === null) return () => value;
  return (scope) => Schema.compile(value, scope);
}

/** Formily's `traverse` over a `state` object: plain objects are descended, everything else is a leaf. */
function leaves(state: Record<string, unknown> | undefined): StateLeaf[] | undefined {
  if (!state) return undefined;
  const result: StateLeaf[] = [];
  const visit = (value: unknown, path: string[]): void => {
    if (isPlainObj(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
    } else {
      result.push({
        path: FormPath.parse(path),
        key: path[0] as string,
        compile: compileValue(value, false),
      });
    }
  };
  visit(state, []);
  return result;
}

/** Formily's `getDependencies`: an array (with named entries) or an object of patterns. */
function compileDependencies(dependencies: unknown): (field: RowField) => unknown {
  if (Array.isArray(dependencies)) {
    const entries: Dependency[] = [];
    for (const entry of dependencies) {
      if (typeof entry === 'string') entries.push({ read: reader(entry) });
      else if (isPlainObj(entry)) {
        const { name, source, property } = entry as { name?: unknown; source?: unknown; property?: unknown };
        if (name && source)
          entries.push({ name: String(name), read: reader(String(source), property as string) });
      }
    }
    return (field) => {
      const results: unknown[] = [];
      for (const entry of entries) {
        if (entry.name === undefined) results.push(entry.read(field));
        else (results as unknown as Record<string, unknown>)[entry.name] = entry.read(field);
      }
      return results;
    };
  }
  if (isPlainObj(dependencies)) {
    const entries = Object.entries(dependencies as Record<string, unknown>).map(
      ([key, pattern]) => [key, reader(String(pattern))] as const,
    );
    return (field) => Object.fromEntries(entries.map(([key, read]) => [key, read(field)]));
  }
  return () => [];
}

/** `field.query(target).getIn(path || property || 'value')`, with `target#path` split as Formily does. */
function reader(pattern: string, property?: string): (field: RowField) => unknown {
  const [target = '', path] = pattern.split(/\s*#\s*/);
  const key = path || property || 'value';
  return (field) => field.query(target).getIn(key);
}
