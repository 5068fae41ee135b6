import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_DIR } from '../../helpers/app';
import { startProduct, stopProduct, type RunningProduct } from '../../helpers/product';

/** Builds the browser app when its sources changed (once per run; a no-op when dist is current). */
export function buildWebApp(): void {
  execFileSync(process.execPath, [path.join(REPO_DIR, 'packages/web/scripts/build-if-stale.mjs')], {
    stdio: 'pipe',
    timeout: 180_000,
  });
}

/**
 * The built product on the embedded store in `dataDir`. E2E_REPO_DIR points it at another checkout of
 * forms/, processes/ and counties/ (one whose packages/web/dist is this one's).
 */
export function startWebProduct(dataDir: string): Promise<RunningProduct> {
  return startProduct(dataDir, {
    LOG_LEVEL: 'warn',
    ...(process.env.E2E_REPO_DIR ? { REPO_DIR: process.env.E2E_REPO_DIR } : {}),
  });
}

export { stopProduct, type RunningProduct };
