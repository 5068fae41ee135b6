/**
 * A collection in memory: records in natural (insertion) order, an `_id` hash table
 * for point lookups, and ordered indexes (the `_id_` index first). Stored documents
 * are never mutated in place; updates replace them, so readers holding a reference
 * (open cursors, a snapshot being written) see a consistent version.
 */
import type { Binary } from 'bson';
import { formatDoc } from '../bson/format';
import { hashKey } from '../bson/hash-key';
import type { Doc } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { compileFilter, type Matcher } from '../query/matcher';
import { CollectionIndex, type DocKeys } from './collection-index';
import { ID_INDEX_NAME, idIndexSpec, type IndexSpec } from './index-spec';

export interface ScanStats {
  keysExamined: number;
  docsExamined: number;
}

export class Collection {
  readonly records = new Map<number, Doc>();
  private readonly ids = new Map<string, number>();
  readonly indexes: CollectionIndex[] = [new CollectionIndex(idIndexSpec())];
  private nextRid = 1;
  private validator: Matcher | undefined;

  constructor(
    readonly db: string,
    public name: string,
    public options: Doc,
    readonly uuid: Binary,
  ) {
    this.setOptions(options);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get count(): number {
    return this.records.size;
  }

  setOptions(options: Doc): void {
    this.options = options;
    const v = options.validator;
    this.validator = v && Object.keys(v as Doc).length > 0 ? compileFilter(v) : undefined;
  }

  ridOf(id: unknown): number | undefined {
    return this.ids.get(hashKey(id));
  }

  findById(id: unknown): Doc | undefined {
    const rid = this.ridOf(id);
    return rid === undefined ? undefined : this.records.get(rid);
  }

  getIndex(name: string): CollectionIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** Checks the collection validator (`validationLevel`/`validationAction` honoured). */
  validate(doc: Doc, previous: Doc | undefined): void {
    if (!this.validator) return;
    const level = this.options.validationLevel ?? 'strict';
    if (level === 'off') return;
    if (level === 'moderate' && previous && !this.validator.test(previous)) return;
    if (this.validator.test(doc)) return;
    if (this.options.validationAction === 'warn') return;
    throw new MongoServerError(ErrorCode.DocumentValidationFailure, 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id, details: { operatorName: '$and', schemaRulesNotSatisfied: [] } },
    });
  }

  private duplicateKeyError(index: CollectionIndex, key: readonly unknown[]): MongoServerError {
    const keyValue: Doc = {};
    index.spec.fields.forEach((f, i) => (keyValue[f.path] = key[i]));
    return new MongoServerError(
      ErrorCode.DuplicateKey,
      `E11000 duplicate key error collection: ${this.ns} index: ${index.name} dup key: ${formatDoc(keyValue)}`,
      { keyPattern: index.spec.key, keyValue },
    );
  }

  /** Keys for every index, checked for uniqueness against other records; throws before changing anything. */
  private prepareKeys(doc: Doc, rid: number, old?: DocKeys[]): DocKeys[] {
    return this.indexes.map((index, i) => {
      const keys = index.keysFor(doc);
      if (old && CollectionIndex.sameKeys(old[i], keys)) return old[i];
      if (index.name === ID_INDEX_NAME) {
        const other = this.ids.get(hashKey(doc._id));
        if (other !== undefined && other !== rid) throw this.duplicateKeyError(index, [doc._id]);
        return keys;
      }
      const dup = index.duplicateOf(keys, rid);
      if (dup) throw this.duplicateKeyError(index, dup);
      return keys;
    });
  }

  insert(doc: Doc): number {
    if (doc._id === undefined) throw new MongoServerError(ErrorCode.InternalError, 'document without _id');
    if (Array.isArray(doc._id)) {
      throw new MongoServerError(ErrorCode.BadValue, `can't use an array for _id`);
    }
    const rid = this.nextRid++;
    const keys = this.prepareKeys(doc, rid);
    this.records.set(rid, doc);
    this.ids.set(hashKey(doc._id), rid);
    this.indexes.forEach((index, i) => index.add(rid, keys[i]));
    return rid;
  }

  replace(rid: number, doc: Doc): void {
    const old = this.records.get(rid);
    if (!old) throw new MongoServerError(ErrorCode.InternalError, `record ${rid} vanished`);
    const oldKeys = this.indexes.map((index) => index.keysFor(old));
    const newKeys = this.prepareKeys(doc, rid, oldKeys);
    this.indexes.forEach((index, i) => {
      if (newKeys[i] === oldKeys[i]) return;
      index.remove(rid, oldKeys[i]);
      index.add(rid, newKeys[i]);
    });
    this.records.set(rid, doc);
  }

  delete(rid: number): Doc | undefined {
    const old = this.records.get(rid);
    if (!old) return undefined;
    for (const index of this.indexes) index.remove(rid, index.keysFor(old));
    this.records.delete(rid);
    this.ids.delete(hashKey(old._id));
    return old;
  }

  /**
   * Recovery path: appends documents without maintaining indexes; `rebuildIndexes`
   * must follow. One sort per index is much cheaper than 300,000 ordered inserts.
   */
  bulkLoad(docs: readonly Doc[]): void {
    for (const doc of docs) {
      const key = hashKey(doc._id);
      if (this.ids.has(key)) throw this.duplicateKeyError(this.indexes[0], [doc._id]);
      const rid = this.nextRid++;
      this.records.set(rid, doc);
      this.ids.set(key, rid);
    }
  }

  rebuildIndexes(): void {
    for (const index of this.indexes) {
      const { duplicate } = index.build(this.records.entries());
      if (duplicate) throw this.duplicateKeyError(index, duplicate);
    }
  }

  /** Builds a new index over existing documents; a unique index over duplicates fails. */
  addIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    const { duplicate } = index.build(this.records.entries());
    if (duplicate) throw this.duplicateKeyError(index, duplicate);
    this.indexes.push(index);
  }

  dropIndex(name: string): void {
    const i = this.indexes.findIndex((x) => x.name === name);
    if (i > 0) this.indexes.splice(i, 1);
  }

  /** Replaces all documents at once (used by `$out`); indexes are rebuilt. */
  truncate(): void {
    this.records.clear();
    this.ids.clear();
    for (const index of this.indexes) index.list.clear();
  }
}
