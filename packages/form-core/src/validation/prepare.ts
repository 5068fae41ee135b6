import { FormPath } from '@formily/shared';
import { computesOwnValue } from './computed';
import type { ShapeNode } from './shape';
import type { ValidationError } from './types';

export interface PreparedSubmission {
  values: Record<string, unknown>;
  errors: ValidationError[];
  unknownPaths: string[];
}

/**
 * Cuts a submission down to what the schema describes before Formily sees it: unknown keys go (and are
 * listed), computed values go (the walk recomputes them), and a value whose container shape is wrong (a
 * table that is not a list) goes with an error — the browser never sends one, and the walk could not
 * build rows from it.
 */
export function prepareSubmission(
  root: ShapeNode,
  data: unknown,
  valueTargets: string[],
): PreparedSubmission {
  const errors: ValidationError[] = [];
  const unknownPaths: string[] = [];
  const targets = valueTargets.map((pattern) => FormPath.parse(pattern));
  const isTarget = (path: string) => targets.some((target) => target.match(path));

  const visit = (node: ShapeNode, value: unknown, path: string): unknown => {
    if (value === undefined) return undefined;
    if (path && (computesOwnValue(node.schema) || isTarget(path))) return undefined;
    if (node.kind === 'object') {
      if (!isPlainObject(value)) {
        if (value !== null) errors.push({ path, message: '该字段应为对象' });
        return undefined;
      }
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const childNode = node.children.get(key);
        if (!childNode) unknownPaths.push(childPath);
        else {
          const kept = visit(childNode, child, childPath);
          if (kept !== undefined) result[key] = kept;
        }
      }
      return result;
    }
    if (node.kind === 'array') {
      if (!Array.isArray(value)) {
        if (value !== null) errors.push({ path, message: '该字段应为列表' });
        return undefined;
      }
      const items = node.items;
      return items ? value.map((row, index) => visit(items, row, `${path}.${index}`) ?? null) : value;
    }
    return value;
  };

  const values = isPlainObject(data) ? visit(root, data, '') : undefined;
  if (!isPlainObject(data)) errors.push({ path: '', message: '提交的数据应为对象' });
  return { values: (values as Record<string, unknown>) ?? {}, errors, unknownPaths };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Any realm's Object.prototype (a vm context, a worker's structuredClone), or none at all.
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The part of `value` the schema describes: what the server stores after validation. */
export function projectValues(node: ShapeNode, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (node.kind === 'object') {
    if (!isPlainObject(value)) return undefined;
    const result: Record<string, unknown> = {};
    for (const [key, child] of node.children) {
      const kept = projectValues(child, value[key]);
      if (kept !== undefined) result[key] = kept;
    }
    return result;
  }
  if (node.kind === 'array' && node.items && Array.isArray(value)) {
    const items = node.items;
    return value.map((row) => projectValues(items, row) ?? null);
  }
  return value;
}
