import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Io } from './io';

/**
 * The repository whose counties/, forms/ and processes/ the command works on: `--repo`, else REPO_DIR (as
 * the server reads it), else the checkout this CLI is built in.
 */
export function repositoryDir(io: Io, option: string | undefined): string {
  if (option !== undefined) return path.resolve(io.cwd, option);
  if (io.env.REPO_DIR) return path.resolve(io.cwd, io.env.REPO_DIR);
  return path.resolve(__dirname, '..', '..', '..');
}

export function looksLikeRepository(dir: string): boolean {
  return existsSync(path.join(dir, 'counties'));
}
