/** One index of a collection: its ordered entries, multikey tracking and uniqueness checks. */
import type { Doc } from '../bson/values';
import { compileFilter, type Matcher } from '../query/matcher';
import { compareEntries, type Entry, extractKeys } from './index-keys';
import type { IndexSpec } from './index-spec';
import { encodeKey } from './key-encoding';
import { SortedList } from './sorted-list';

/** The keys a document contributes to one index, already encoded. */
export interface DocKeys {
  keys: readonly (readonly unknown[])[];
  encoded: readonly string[];
  /** Index fields (by position) that held an array in this document. */
  arrayFields: readonly number[];
}

const NONE: DocKeys = { keys: [], encoded: [], arrayFields: [] };

export class CollectionIndex {
  readonly list = new SortedList<Entry>(compareEntries);
  readonly dirs: (1 | -1)[];
  private readonly partial: Matcher | undefined;
  /**
   * Index fields (by position) that held an array in some document. Like the
   * server's multikey flag it is never cleared, and it stops the planner from
   * intersecting range bounds or taking sort order from those fields.
   */
  readonly multikeyFields = new Set<number>();

  constructor(readonly spec: IndexSpec) {
    this.dirs = spec.fields.map((f) => f.dir);
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  get isMultikey(): boolean {
    return this.multikeyFields.size > 0;
  }

  /** Keys for a document; none when a sparse or partial index leaves it out. */
  keysFor(doc: Doc): DocKeys {
    if (this.partial && !this.partial.test(doc)) return NONE;
    const k = extractKeys(doc, this.spec.fields);
    if (this.spec.sparse && k.allMissing) return { ...NONE, arrayFields: k.arrayFields };
    return {
      keys: k.keys,
      encoded: k.keys.map((key) => encodeKey(key, this.dirs)),
      arrayFields: k.arrayFields,
    };
  }

  add(rid: number, keys: DocKeys): void {
    for (const f of keys.arrayFields) this.multikeyFields.add(f);
    for (let i = 0; i < keys.keys.length; i++)
      this.list.insert({ s: keys.encoded[i], k: keys.keys[i], r: rid });
  }

  remove(rid: number, keys: DocKeys): void {
    for (let i = 0; i < keys.keys.length; i++)
      this.list.delete({ s: keys.encoded[i], k: keys.keys[i], r: rid });
  }

  /** For a unique index: the first key already held by another record, if any. */
  duplicateOf(keys: DocKeys, rid: number): readonly unknown[] | undefined {
    if (!this.spec.unique) return undefined;
    for (let i = 0; i < keys.keys.length; i++) {
      const s = keys.encoded[i];
      for (const e of this.list.iterate(this.list.seek({ s, k: [], r: -Infinity }), true)) {
        if (e.s !== s) break;
        if (e.r !== rid) return keys.keys[i];
      }
    }
    return undefined;
  }

  /** Rebuilds from all records with one sort; returns the first duplicate key of a unique index. */
  build(records: Iterable<[number, Doc]>): { duplicate?: readonly unknown[] } {
    const entries: Entry[] = [];
    for (const [rid, doc] of records) {
      const keys = this.keysFor(doc);
      for (const f of keys.arrayFields) this.multikeyFields.add(f);
      for (let i = 0; i < keys.keys.length; i++)
        entries.push({ s: keys.encoded[i], k: keys.keys[i], r: rid });
    }
    entries.sort(compareEntries);
    if (this.spec.unique) {
      for (let i = 1; i < entries.length; i++) {
        if (entries[i].s === entries[i - 1].s && entries[i].r !== entries[i - 1].r)
          return { duplicate: entries[i].k };
      }
    }
    this.list.load(entries);
    return {};
  }

  static sameKeys(a: DocKeys, b: DocKeys): boolean {
    if (a.encoded.length !== b.encoded.length) return false;
    if (a.encoded.length === 1) return a.encoded[0] === b.encoded[0];
    const sa = [...a.encoded].sort();
    const sb = [...b.encoded].sort();
    return sa.every((s, i) => s === sb[i]);
  }
}
