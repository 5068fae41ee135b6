/**
 * An ordered multiset as a list of sorted chunks (each at most `2 * chunkSize`
 * entries), with the last entry of each chunk kept in a separate array for binary
 * search. Inserts and deletes cost two binary searches and a splice inside one small
 * chunk, so 300,000 index entries stay cheap to maintain, and range scans walk chunks
 * in order. Simpler than a B-tree and about as fast at this size.
 */
export interface Position {
  chunk: number;
  index: number;
}

export class SortedList<T> {
  private chunks: T[][] = [];
  private maxes: T[] = [];
  private count = 0;

  constructor(
    private readonly cmp: (a: T, b: T) => number,
    private readonly chunkSize = 256,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Replaces the content with already sorted entries. */
  load(sorted: T[]): void {
    this.chunks = [];
    this.maxes = [];
    for (let i = 0; i < sorted.length; i += this.chunkSize) {
      const chunk = sorted.slice(i, i + this.chunkSize);
      this.chunks.push(chunk);
      this.maxes.push(chunk[chunk.length - 1]);
    }
    this.count = sorted.length;
  }

  clear(): void {
    this.load([]);
  }

  /** Index of the first chunk whose last entry is >= x (chunks.length if none). */
  private chunkFor(x: T): number {
    let lo = 0;
    let hi = this.maxes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(this.maxes[mid], x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerBound<T>(arr: T[], x: T, cmp: (a: T, b: T) => number): number {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(arr[mid], x) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(x: T): void {
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push([x]);
      this.maxes.push(x);
      return;
    }
    let c = this.chunkFor(x);
    if (c === this.chunks.length) c--;
    const chunk = this.chunks[c];
    const i = SortedList.lowerBound(chunk, x, this.cmp);
    chunk.splice(i, 0, x);
    this.maxes[c] = chunk[chunk.length - 1];
    if (chunk.length > this.chunkSize * 2) {
      const tail = chunk.splice(this.chunkSize);
      this.chunks.splice(c + 1, 0, tail);
      this.maxes[c] = chunk[chunk.length - 1];
      this.maxes.splice(c + 1, 0, tail[tail.length - 1]);
    }
  }

  /** Removes one entry comparing equal to x; returns whether one was found. */
  delete(x: T): boolean {
    const c = this.chunkFor(x);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c];
    const i = SortedList.lowerBound(chunk, x, this.cmp);
    if (i >= chunk.length || this.cmp(chunk[i], x) !== 0) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.maxes.splice(c, 1);
    } else {
      this.maxes[c] = chunk[chunk.length - 1];
    }
    return true;
  }

  /** Position of the first entry >= x. */
  seek(x: T): Position {
    const c = this.chunkFor(x);
    if (c === this.chunks.length) return { chunk: c, index: 0 };
    return { chunk: c, index: SortedList.lowerBound(this.chunks[c], x, this.cmp) };
  }

  /** Number of entries before a position (for cardinality estimates). */
  rank(pos: Position): number {
    let n = 0;
    for (let c = 0; c < pos.chunk && c < this.chunks.length; c++) n += this.chunks[c].length;
    return n + pos.index;
  }

  /** Entries from `from` (inclusive) forward, or backward from just before `from`. */
  *iterate(from: Position, forward: boolean): Generator<T> {
    let { chunk, index } = from;
    if (forward) {
      while (chunk < this.chunks.length) {
        const arr = this.chunks[chunk];
        for (; index < arr.length; index++) yield arr[index];
        chunk++;
        index = 0;
      }
    } else {
      // backward: start at the entry just before `from`
      let c = chunk;
      let i = index - 1;
      if (c >= this.chunks.length) {
        c = this.chunks.length - 1;
        i = c >= 0 ? this.chunks[c].length - 1 : -1;
      }
      while (c >= 0) {
        const arr = this.chunks[c];
        for (; i >= 0; i--) yield arr[i];
        c--;
        if (c >= 0) i = this.chunks[c].length - 1;
      }
    }
  }

  start(): Position {
    return { chunk: 0, index: 0 };
  }

  end(): Position {
    return { chunk: this.chunks.length, index: 0 };
  }

  *all(): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }
}
