/** One index of a collection: its ordered entries, multikey tracking and uniqueness checks. */
import type { Doc } from '../bson/values';
import { compileFilter, type Matcher } from '../query/matcher';
import { type DocKeys, type Entry, entryComparator, extractKeys, keySignature } from './index-keys';
import type { IndexSpec } from './index-spec';
import { SortedList } from './sorted-list';

export class CollectionIndex {
  readonly list: SortedList<Entry>;
  readonly dirs: (1 | -1)[];
  readonly compare: (a: Entry, b: Entry) => number;
  private readonly partial: Matcher | undefined;
  /**
   * Index fields (by position) that held an array in some document. Like the
   * server's multikey flag it is never cleared, and it stops the planner from
   * intersecting range bounds or taking sort order from those fields.
   */
  readonly multikeyFields = new Set<number>();

  constructor(readonly spec: IndexSpec) {
    this.dirs = spec.fields.map((f) => f.dir);
    this.compare = entryComparator(this.dirs);
    this.list = new SortedList(this.compare);
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  get isMultikey(): boolean {
    return this.multikeyFields.size > 0;
  }

  /** Key tuples for a document; empty when a sparse or partial index leaves it out. */
  keysFor(doc: Doc): DocKeys {
    if (this.partial && !this.partial.test(doc)) return { keys: [], arrayFields: [], allMissing: true };
    const k = extractKeys(doc, this.spec.fields);
    if (this.spec.sparse && k.allMissing) return { keys: [], arrayFields: k.arrayFields, allMissing: true };
    return k;
  }

  add(rid: number, keys: DocKeys): void {
    for (const f of keys.arrayFields) this.multikeyFields.add(f);
    for (const k of keys.keys) this.list.insert({ k, r: rid });
  }

  remove(rid: number, keys: DocKeys): void {
    for (const k of keys.keys) this.list.delete({ k, r: rid });
  }

  /** For a unique index: the first key already held by another record, if any. */
  duplicateOf(keys: DocKeys, rid: number): unknown[] | undefined {
    if (!this.spec.unique) return undefined;
    for (const k of keys.keys) {
      for (const e of this.list.iterate(this.list.seek({ k, r: -Infinity }), true)) {
        if (this.compare({ k: e.k, r: 0 }, { k, r: 0 }) !== 0) break;
        if (e.r !== rid) return k;
      }
    }
    return undefined;
  }

  /** Rebuilds from all records; returns the first duplicate key for a unique index. */
  build(records: Iterable<[number, Doc]>): { duplicate?: unknown[] } {
    const entries: Entry[] = [];
    for (const [rid, doc] of records) {
      const keys = this.keysFor(doc);
      for (const f of keys.arrayFields) this.multikeyFields.add(f);
      for (const k of keys.keys) entries.push({ k, r: rid });
    }
    entries.sort(this.compare);
    if (this.spec.unique) {
      for (let i = 1; i < entries.length; i++) {
        if (
          entries[i].r !== entries[i - 1].r &&
          this.compare({ k: entries[i].k, r: 0 }, { k: entries[i - 1].k, r: 0 }) === 0
        ) {
          return { duplicate: entries[i].k };
        }
      }
    }
    this.list.load(entries);
    return {};
  }

  static sameKeys(a: DocKeys, b: DocKeys): boolean {
    if (a.keys.length !== b.keys.length) return false;
    const sa = a.keys.map(keySignature).sort();
    const sb = b.keys.map(keySignature).sort();
    return sa.every((s, i) => s === sb[i]);
  }
}
