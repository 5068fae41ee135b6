/**
 * The append-only journal with group commit. `append` resolves once its records are
 * written and (unless fsync is off) fdatasync'ed. Records appended while a flush is in
 * progress wait for the next one, so concurrent writers share a single fsync.
 * `rotate` switches to a new file at an exact point in the record stream, which is
 * how compaction separates what a snapshot contains from what comes after it.
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Pending {
  kind: 'records';
  bufs: Buffer[];
  resolve: () => void;
  reject: (e: Error) => void;
}

interface Cut {
  kind: 'cut';
  path: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** Data files are the owner's only: they hold every document, password hashes included. */
export const PRIVATE_FILE = 0o600;

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class Journal {
  private queue: Array<Pending | Cut> = [];
  private flushing = false;
  private failure: Error | undefined;
  private bytes: number;
  /** fsync calls made, for tests and the benchmark (group commit means fewer than writes). */
  syncs = 0;
  /** Append calls (one per committing command). */
  commits = 0;

  private constructor(
    private fh: FileHandle,
    private path: string,
    size: number,
    private readonly fsync: boolean,
  ) {
    this.bytes = size;
  }

  static async open(path: string, fsync: boolean): Promise<Journal> {
    const fh = await fsp.open(path, 'a', PRIVATE_FILE);
    const { size } = await fh.stat();
    if (size === 0) await fsyncDir(dirname(path));
    return new Journal(fh, path, size, fsync);
  }

  get size(): number {
    return this.bytes;
  }

  get file(): string {
    return this.path;
  }

  append(bufs: Buffer[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.commits++;
    for (const b of bufs) this.bytes += b.length;
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'records', bufs, resolve, reject });
      this.kick();
    });
  }

  /** Everything appended before this call goes to the current file, everything after to `path`. */
  rotate(path: string): Promise<void> {
    this.bytes = 0;
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'cut', path, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    // setImmediate lets every request already read from the sockets append first.
    setImmediate(() => void this.flushLoop());
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch: Pending[] = [];
        while (this.queue.length > 0 && this.queue[0].kind === 'records')
          batch.push(this.queue.shift() as Pending);
        if (batch.length > 0) {
          try {
            await this.fh.writev(batch.flatMap((p) => p.bufs));
            if (this.fsync) {
              await this.fh.datasync();
              this.syncs++;
            }
          } catch (e) {
            this.fail(e as Error, batch);
            return;
          }
          for (const p of batch) p.resolve();
        }
        const next = this.queue[0];
        if (next && next.kind === 'cut') {
          this.queue.shift();
          try {
            await this.fh.close();
            this.fh = await fsp.open(next.path, 'a', PRIVATE_FILE);
            this.path = next.path;
            await fsyncDir(dirname(next.path));
            next.resolve();
          } catch (e) {
            this.fail(e as Error, [next]);
            return;
          }
        }
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0 && !this.failure) this.kick();
    }
  }

  /** A journal that cannot write must not acknowledge anything any more. */
  private fail(e: Error, inFlight: Array<Pending | Cut>): void {
    this.failure = new Error(`journal write failed: ${e.message}`);
    for (const p of [...inFlight, ...this.queue]) p.reject(this.failure);
    this.queue = [];
  }

  async close(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    await this.fh.close();
  }
}
