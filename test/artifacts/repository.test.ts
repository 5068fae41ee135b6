import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { formatLintProblem, resolveRepository, type LintProblem } from '@pm/config';

import { lintServices } from '../../packages/cli/src/lint-services';

const REPO_DIR = path.resolve(__dirname, '..', '..');

/** Every file under the artifact folders, as the lint names them. */
function artifactFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(REPO_DIR, relative)).sort()) {
      const child = `${relative}/${name}`;
      if (statSync(path.join(REPO_DIR, child)).isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk(folder);
  return files;
}

const FILES = ['counties', 'forms', 'processes'].flatMap(artifactFiles);

describe('the repository’s forms, processes and county manifests', () => {
  let problems: LintProblem[];

  beforeAll(async () => {
    ({ problems } = await resolveRepository(REPO_DIR, lintServices));
  });

  test('there is something to check', () => {
    expect(FILES.filter((file) => file.startsWith('counties/')).length).toBeGreaterThanOrEqual(5);
    expect(FILES.some((file) => file.endsWith('.bpmn'))).toBe(true);
    expect(FILES.some((file) => file.endsWith('/form.json'))).toBe(true);
  });

  test.each(FILES)('%s lints clean', (file) => {
    expect(problems.filter((problem) => problem.file === file).map(formatLintProblem)).toEqual([]);
  });

  test('the repository as a whole lints clean', () => {
    expect(problems.map(formatLintProblem)).toEqual([]);
  });
});
