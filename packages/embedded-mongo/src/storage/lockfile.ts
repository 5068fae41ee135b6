/**
 * `mongod.lock` in the data directory: holds the owner's pid so a second process (or
 * a second server in this process) cannot open the same dbPath. A lock left behind by
 * a killed process is detected by its dead pid and taken over.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DbPathLockedError extends Error {}

export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'mongod.lock');
  if (heldHere.has(path)) throw new DbPathLockedError(`dbPath ${dir} is already in use by this process`);
  const tmp = join(dir, `mongod.lock.${process.pid}.tmp`);
  await fsp.writeFile(tmp, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // link() fails if the lock exists: an atomic "create if absent" with content.
        await fsp.link(tmp, path);
        heldHere.add(path);
        return async () => {
          heldHere.delete(path);
          await fsp.rm(path, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = Number.parseInt(await fsp.readFile(path, 'utf8').catch(() => ''), 10);
        if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
          throw new DbPathLockedError(`dbPath ${dir} is locked by running process ${owner} (${path})`);
        }
        // Stale lock from a process that died (or from ourselves before a crash-restart).
        await fsp.rm(path, { force: true });
      }
    }
    throw new DbPathLockedError(`could not acquire ${path}`);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}
