import { checkCountyManifests, checkCountyStages } from './check-counties';
import { checkForms } from './check-forms';
import { checkProcesses } from './check-processes';
import { sortProblems, type LintProblem } from './problem';
import { readRepositorySnapshot } from './repository-snapshot';
import { resolveCounty, type ResolvedCounty } from './resolve-county';
import type { LintServices } from './services';

export interface RepositoryResolution<D> {
  /** Every problem of every file and county; deploy nothing unless this is empty. */
  problems: LintProblem[];
  /** The counties whose manifest is valid, sorted by id, each with what it deploys. */
  counties: ResolvedCounty<D>[];
}

/**
 * Reads counties/, forms/ and processes/ of `repoDir`, checks every file and every county against what it
 * uses, and resolves what each county deploys. Never throws for content: problems are data.
 */
export async function resolveRepository<D extends { id: string }>(
  repoDir: string,
  services: LintServices<D>,
): Promise<RepositoryResolution<D>> {
  const { snapshot, problems } = readRepositorySnapshot(repoDir);
  const manifests = checkCountyManifests(snapshot);
  problems.push(...manifests.problems);
  const forms = checkForms(snapshot, services);
  problems.push(...forms.problems);
  const processes = await checkProcesses(snapshot, forms.existing, services);
  problems.push(...processes.problems);

  const counties: ResolvedCounty<D>[] = [];
  for (const county of [...manifests.counties].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    problems.push(...checkCountyStages(county, snapshot, services));
    const result = resolveCounty(county, snapshot, processes, forms);
    problems.push(...result.problems);
    counties.push(result.resolved);
  }
  return { problems: sortProblems(problems), counties };
}

/** Every problem of the repository at `repoDir`, one per place to fix, sorted by file and location. */
export async function lintRepository<D extends { id: string }>(
  repoDir: string,
  services: LintServices<D>,
): Promise<LintProblem[]> {
  return (await resolveRepository(repoDir, services)).problems;
}
