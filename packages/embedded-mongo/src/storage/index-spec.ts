/** Index specifications as `createIndexes` receives them and `listIndexes` returns them. */
import { formatDoc } from '../bson/format';
import { type Doc, isNumeric, isPlainObject, toDouble } from '../bson/values';
import { badValue, ErrorCode, MongoServerError } from '../errors';
import { splitPath } from '../query/path';

export interface IndexField {
  path: string;
  parts: string[];
  dir: 1 | -1;
}

export interface IndexSpec {
  /** The document `listIndexes` returns, in the server's field order. */
  doc: Doc;
  name: string;
  key: Doc;
  fields: IndexField[];
  unique: boolean;
  sparse: boolean;
  partialFilterExpression: Doc | undefined;
  expireAfterSeconds: number | undefined;
}

const ALLOWED = new Set([
  'key',
  'name',
  'v',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'hidden',
  'collation',
  'ns',
  'storageEngine',
]);

const UNSUPPORTED_TYPES = new Set(['text', '2d', '2dsphere', 'geoHaystack', 'hashed', 'columnstore']);

export function defaultIndexName(key: Doc): string {
  return Object.keys(key)
    .map((k) => `${k}_${String(isNumeric(key[k]) ? toDouble(key[k]) : key[k])}`)
    .join('_');
}

export const ID_INDEX_NAME = '_id_';

export function idIndexSpec(): IndexSpec {
  return parseIndexSpec({ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME });
}

export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw))
    throw new MongoServerError(ErrorCode.TypeMismatch, 'index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key)) {
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      "The 'key' field is a required property of an index specification",
    );
  }
  const paths = Object.keys(key);
  if (paths.length === 0)
    throw new MongoServerError(ErrorCode.CannotCreateIndex, 'Index keys cannot be an empty field.');
  const fields: IndexField[] = paths.map((path) => {
    const v = key[path];
    if (typeof v === 'string') {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        UNSUPPORTED_TYPES.has(v)
          ? `Index type '${v}' is not supported by the embedded store (only ascending/descending indexes)`
          : `Unknown index plugin '${v}'`,
      );
    }
    if (!isNumeric(v) || toDouble(v) === 0 || Number.isNaN(toDouble(v))) {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        `Values in v:2 index key pattern cannot be of type ${typeof v}. Only numbers > 0, numbers < 0, and strings are allowed.`,
      );
    }
    if (path === '' || splitPath(path).some((p) => p === '')) {
      throw new MongoServerError(ErrorCode.CannotCreateIndex, 'Index keys cannot be an empty field.');
    }
    if (path.startsWith('$') && path !== '$**') {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        `Index key contains an illegal field name: field name starts with '$'.`,
      );
    }
    return { path, parts: splitPath(path), dir: toDouble(v) > 0 ? 1 : -1 };
  });

  for (const opt of Object.keys(raw)) {
    if (!ALLOWED.has(opt)) {
      throw new MongoServerError(
        ErrorCode.InvalidIndexSpecificationOption,
        `The field '${opt}' is not valid for an index specification. Specification: ${formatDoc(raw)}`,
      );
    }
  }
  const name = raw.name === undefined ? defaultIndexName(key) : raw.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoServerError(ErrorCode.CannotCreateIndex, 'index name must be a non-empty string');
  }
  if (raw.collation !== undefined && !(isPlainObject(raw.collation) && raw.collation.locale === 'simple')) {
    throw badValue('collations are not supported by the embedded store');
  }
  const isId = paths.length === 1 && paths[0] === '_id';
  const unique = isId || raw.unique === true || (isNumeric(raw.unique) && toDouble(raw.unique) !== 0);
  const sparse = raw.sparse === true || (isNumeric(raw.sparse) && toDouble(raw.sparse) !== 0);
  let partial: Doc | undefined;
  if (raw.partialFilterExpression !== undefined) {
    if (!isPlainObject(raw.partialFilterExpression)) {
      throw new MongoServerError(ErrorCode.TypeMismatch, 'partialFilterExpression must be an object');
    }
    if (sparse) {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        'cannot mix "partialFilterExpression" and "sparse" options',
      );
    }
    partial = raw.partialFilterExpression;
  }
  let ttl: number | undefined;
  if (raw.expireAfterSeconds !== undefined) {
    if (!isNumeric(raw.expireAfterSeconds) || toDouble(raw.expireAfterSeconds) < 0) {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        "TTL index 'expireAfterSeconds' option must be a non-negative number",
      );
    }
    if (fields.length > 1) {
      throw new MongoServerError(
        ErrorCode.CannotCreateIndex,
        'TTL indexes are single-field indexes, compound indexes do not support TTL',
      );
    }
    ttl = toDouble(raw.expireAfterSeconds);
  }

  const doc: Doc = { v: 2, key, name };
  if (unique && !isId) doc.unique = true;
  if (sparse) doc.sparse = true;
  if (partial) doc.partialFilterExpression = partial;
  if (ttl !== undefined) doc.expireAfterSeconds = raw.expireAfterSeconds;
  if (raw.hidden === true) doc.hidden = true;
  return {
    doc,
    name,
    key,
    fields,
    unique,
    sparse,
    partialFilterExpression: partial,
    expireAfterSeconds: ttl,
  };
}

/** Same key pattern (field order and directions). */
export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  if (a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => f.path === b.fields[i].path && f.dir === b.fields[i].dir);
}

/** Same options that define an index (used to decide between "exists" and "conflict"). */
export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    a.unique === b.unique &&
    a.sparse === b.sparse &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null)
  );
}
