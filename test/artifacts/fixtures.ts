import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIXTURES = path.join(__dirname, 'fixtures');
/** A small repository that lints clean: counties north and south, form application, process declaration. */
export const VALID = path.join(FIXTURES, 'valid');
/** One folder per fixture, holding only the files that differ from VALID. */
export const BROKEN = path.join(FIXTURES, 'broken');

/** A copy of the valid repository, with a broken fixture's files laid over it when `name` is given. */
export function composeFixture(name?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `pm-fixture-${name ?? 'valid'}-`));
  cpSync(VALID, dir, { recursive: true });
  if (name !== undefined) cpSync(path.join(BROKEN, name), dir, { recursive: true });
  return dir;
}
