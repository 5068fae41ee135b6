/**
 * Durability for a data directory: recovery at start (latest complete snapshot,
 * then every journal of that generation or later, ignoring a torn last record),
 * acknowledged commits through the journal, and compaction.
 *
 * Files: `snapshot-<gen>.bson`, `journal-<gen>.log`, `mongod.lock`. Compaction of
 * generation g: the journal is cut over to `journal-<g+1>` at the same instant the
 * store's state is captured; the capture is written as `snapshot-<g+1>` (tmp, fsync,
 * rename); only then are generation g's files deleted. A crash at any point leaves
 * either snapshot g + journals g, g+1 or snapshot g+1 + journal g+1, both complete.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { readRecords } from './framing';
import { Journal } from './journal';
import { acquireLock } from './lockfile';
import { capture, loadSnapshot, writeSnapshot } from './snapshot';
import { type JournalOp, type OpLog, Store } from './store';

/**
 * The data directory is its owner's only (0700): the journal and snapshots hold every document,
 * and the credentials file sits beside them. A directory others can enter (made by an older
 * version, or by hand with the default umask) is tightened, with a warning.
 */
async function makePrivateDir(dir: string, logger: Logger): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stat = await fsp.stat(dir);
  if ((stat.mode & 0o077) === 0 || stat.uid !== process.getuid?.()) return;
  await fsp.chmod(dir, 0o700);
  logger.warn(
    `数据目录 ${dir} 的权限是 ${(stat.mode & 0o777).toString(8).padStart(4, '0')}，其他用户可以读取其中的数据；已改为 0700`,
  );
}

export interface PersistenceOptions {
  dbPath: string;
  fsync: boolean;
  logger: Logger;
  /** Journal size that triggers compaction. */
  compactBytes?: number;
}

const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;
const SNAPSHOT = /^snapshot-(\d+)\.bson$/;
const JOURNAL = /^journal-(\d+)\.log$/;

const snapshotName = (gen: number): string => `snapshot-${gen}.bson`;
const journalName = (gen: number): string => `journal-${gen}.log`;

export interface RecoveryReport {
  snapshotGen: number;
  snapshotDocs: number;
  journalRecords: number;
  tornRecords: number;
}

export class Persistence {
  private compacting: Promise<void> | undefined;

  get dbPath(): string {
    return this.options.dbPath;
  }
  private closed = false;

  private constructor(
    readonly store: Store,
    private journal: Journal,
    private gen: number,
    private readonly options: PersistenceOptions,
    private readonly releaseLock: () => Promise<void>,
    readonly recovery: RecoveryReport,
  ) {}

  static async open(options: PersistenceOptions): Promise<Persistence> {
    const dir = options.dbPath;
    await makePrivateDir(dir, options.logger);
    const release = await acquireLock(dir);
    try {
      const store = new Store();
      const { gen, report } = await recover(dir, store, options.logger);
      const journal = await Journal.open(join(dir, journalName(gen)), options.fsync);
      const p = new Persistence(store, journal, gen, options, release, report);
      await p.removeOlderThan(gen);
      return p;
    } catch (e) {
      await release();
      throw e;
    }
  }

  /** Makes a command's operations durable; resolves when they may be acknowledged. */
  commit(log: OpLog): Promise<void> {
    if (log.records.length === 0) return Promise.resolve();
    const done = this.journal.append(log.records);
    if (!this.compacting && this.journal.size > (this.options.compactBytes ?? DEFAULT_COMPACT_BYTES)) {
      void this.compact().catch((e: Error) => this.options.logger.error(`compaction failed: ${e.message}`));
    }
    return done;
  }

  /** Journal activity since start: commits (acknowledged batches) vs fsyncs shows group commit at work. */
  stats(): { commits: number; fsyncs: number; journalBytes: number; generation: number } {
    return {
      commits: this.journal.commits,
      fsyncs: this.journal.syncs,
      journalBytes: this.journal.size,
      generation: this.gen,
    };
  }

  /** Writes a snapshot of the current state and starts a new journal generation. */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const run = async (): Promise<void> => {
      const next = this.gen + 1;
      const dir = this.options.dbPath;
      // Capture and cut in the same synchronous step: the snapshot holds exactly the
      // operations appended to the old journal.
      const snap = capture(this.store);
      const cut = this.journal.rotate(join(dir, journalName(next)));
      this.gen = next;
      await cut;
      await writeSnapshot(join(dir, snapshotName(next)), snap, next);
      await this.removeOlderThan(next);
    };
    this.compacting = run().finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  private async removeOlderThan(gen: number): Promise<void> {
    const dir = this.options.dbPath;
    for (const name of await fsp.readdir(dir)) {
      const s = SNAPSHOT.exec(name) ?? JOURNAL.exec(name);
      if ((s && Number(s[1]) < gen) || name.endsWith('.bson.tmp'))
        await fsp.rm(join(dir, name), { force: true });
    }
  }

  /** Clean stop: final compaction (so the next start reads one snapshot), then unlock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // A compaction already running leaves later writes in the new journal: run one more.
      if (this.compacting) await this.compacting.catch(() => undefined);
      await this.compact();
    } finally {
      await this.journal.close();
      await this.releaseLock();
    }
  }
}

async function recover(
  dir: string,
  store: Store,
  logger: Logger,
): Promise<{ gen: number; report: RecoveryReport }> {
  const names = await fsp.readdir(dir);
  const snapshots = names
    .map((n) => SNAPSHOT.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  const journals = names
    .map((n) => JOURNAL.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);

  const report: RecoveryReport = { snapshotGen: 0, snapshotDocs: 0, journalRecords: 0, tornRecords: 0 };
  let base = 0;
  if (snapshots.length > 0) {
    base = snapshots[0];
    const loaded = await loadSnapshot(join(dir, snapshotName(base)), store);
    report.snapshotGen = base;
    report.snapshotDocs = loaded.docs;
  }
  const replay = journals.filter((g) => g >= base);
  for (const [i, g] of replay.entries()) {
    const path = join(dir, journalName(g));
    const buf = await fsp.readFile(path);
    const { docs, validBytes, problem } = readRecords(buf);
    for (const op of docs) store.replay(op as unknown as JournalOp);
    report.journalRecords += docs.length;
    if (problem) {
      report.tornRecords++;
      const last = i === replay.length - 1;
      // A torn tail is the write that was in flight at a crash: it was never acknowledged.
      logger.warn(
        `journal ${path}: ignoring ${buf.length - validBytes} bytes after the last intact record (${problem})` +
          (last ? '' : ' — not the newest journal, later generations are still replayed'),
      );
      await fsp.truncate(path, validBytes);
    }
  }
  const gen = Math.max(base, ...replay, 0);
  if (report.snapshotDocs > 0 || report.journalRecords > 0) {
    logger.info(
      `recovered ${dir}: snapshot generation ${base} (${report.snapshotDocs} documents), ${report.journalRecords} journal records`,
    );
  }
  return { gen, report };
}
