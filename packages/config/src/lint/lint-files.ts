import { readFileSync } from 'node:fs';
import path from 'node:path';

import { applyMergePatch, type Json } from '../artifacts';
import { ROLE_IDS, validateCountyManifest } from '../county';
import { validateFormDefinition, validateFormOverlay } from '../form';
import { parseJsonText } from '../json-text';
import { checkCountyStages } from './check-counties';
import { FormChecker } from './check-forms';
import { checkProcessFile } from './check-processes';
import { sortProblems, type LintProblem } from './problem';
import { readRepositorySnapshot, type RepositorySnapshot } from './repository-snapshot';
import { resolveRepository } from './resolve-repository';
import type { LintServices } from './services';

export interface LintFilesOptions {
  /** The repository the files are checked against; files inside it get the whole repository's rules. */
  repoDir?: string;
  /** Base of relative paths in `files` and in messages; default process.cwd(). */
  cwd?: string;
}

const ARTIFACT_FOLDERS = ['counties', 'forms', 'processes'];

function posix(file: string): string {
  return file.split(path.sep).join('/');
}

/** How a file outside the repository is named in messages: relative to cwd when inside it. */
function shownName(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return posix(
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute,
  );
}

/** The path inside the repository when `absolute` is one of its artifact files, else undefined. */
function repositoryPath(absolute: string, repoDir: string | undefined): string | undefined {
  if (repoDir === undefined) return undefined;
  const relative = path.relative(repoDir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const shown = posix(relative);
  return ARTIFACT_FOLDERS.includes(shown.split('/')[0]) ? shown : undefined;
}

type StandaloneKind = 'county' | 'form' | 'form-overlay' | 'example' | 'unknown';

/** By place first (…/forms/<id>/counties/x.json is an overlay), then by shape for files from elsewhere. */
function kindOf(absolute: string, json: unknown): StandaloneKind {
  const parts = absolute.split(path.sep);
  const name = parts[parts.length - 1];
  if (parts[parts.length - 2] === 'counties')
    return parts[parts.length - 4] === 'forms' ? 'form-overlay' : 'county';
  if (name === 'form.json') return 'form';
  if (name === 'example.json') return 'example';
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    if ('schema' in json && 'schemaVersion' in json) return 'form';
    if ('orgUnits' in json && 'stages' in json) return 'county';
  }
  return 'unknown';
}

/** Checks of one file that is not part of the repository being linted (a diagram drawn in another tool). */
async function lintStandalone<D extends { id: string }>(
  absolute: string,
  file: string,
  services: LintServices<D>,
  snapshot: RepositorySnapshot | undefined,
): Promise<LintProblem[]> {
  const text = readFileSync(absolute, 'utf8');
  if (absolute.endsWith('.bpmn')) {
    const known = {
      forms: new Set([...(snapshot?.forms.values() ?? [])].filter((f) => f.base).map((f) => f.id)),
      processes: new Set(snapshot?.processes.keys() ?? []),
    };
    const result = await checkProcessFile(undefined, { file, text }, undefined, known, services);
    const problems = snapshot
      ? result.problems
      : result.problems.filter((p) => p.rule !== 'form-exists' && p.rule !== 'process-exists');
    for (const task of result.compiled?.summary.userTasks ?? []) {
      for (const role of task.candidateRoles) {
        if ((ROLE_IDS as readonly string[]).includes(role)) continue;
        problems.push({
          file,
          location: task.id,
          rule: 'role-mapped',
          message: `「${task.name ?? task.id}」的办理角色 ${role} 不是平台定义的角色，任何县区都无法配置：${ROLE_IDS.join(', ')}`,
        });
      }
    }
    return problems;
  }

  const parsed = parseJsonText(text);
  if (!parsed.ok) return [{ file, location: '', rule: 'json-syntax', message: parsed.message }];
  const json = parsed.json;
  switch (kindOf(absolute, json)) {
    case 'county': {
      const result = validateCountyManifest(json, file);
      if (!result.ok)
        return result.errors.map((issue) => ({
          file,
          location: issue.path,
          rule: 'county-schema',
          message: issue.message,
        }));
      return checkCountyStages(result.manifest, snapshot, services, file);
    }
    case 'form': {
      const checker = new FormChecker(services);
      checker.base(undefined, { file, json });
      return checker.problems;
    }
    case 'form-overlay': {
      const issues = validateFormOverlay(json, file);
      const problems: LintProblem[] = issues.map((issue) => ({
        file,
        location: issue.path,
        rule: 'form-overlay',
        message: issue.message,
      }));
      const formId = absolute.split(path.sep).slice(-3)[0];
      const base = snapshot?.forms.get(formId)?.base;
      if (issues.length === 0 && base) {
        const merged = validateFormDefinition(applyMergePatch(base.json as Json, json as Json), file);
        for (const issue of merged.errors)
          problems.push({
            file,
            location: issue.path,
            rule: 'form-overlay',
            message: `合并到 ${base.file} 后：${issue.message}`,
          });
      }
      return problems;
    }
    case 'example':
      return [];
    case 'unknown':
      return [
        {
          file,
          location: '',
          rule: 'file-layout',
          message:
            '无法识别的文件：应为流程图（.bpmn）、表单定义（含 schema 和 schemaVersion）、县区表单差异或县区配置',
        },
      ];
  }
}

/**
 * Lints just the given files. A file of the repository gets every rule the repository lint applies to it
 * (only its own problems are kept); any other file, e.g. a diagram drawn in another BPMN tool, is checked
 * on its own, against the repository's forms and processes when `repoDir` is given.
 */
export async function lintFiles<D extends { id: string }>(
  files: readonly string[],
  services: LintServices<D>,
  options: LintFilesOptions = {},
): Promise<LintProblem[]> {
  const cwd = options.cwd ?? process.cwd();
  const repoDir = options.repoDir === undefined ? undefined : path.resolve(cwd, options.repoDir);
  const problems: LintProblem[] = [];
  const inRepository = new Set<string>();
  const snapshot = repoDir === undefined ? undefined : readRepositorySnapshot(repoDir).snapshot;
  for (const given of files) {
    const absolute = path.resolve(cwd, given);
    const inside = repositoryPath(absolute, repoDir);
    if (inside !== undefined) inRepository.add(inside);
    else problems.push(...(await lintStandalone(absolute, shownName(absolute, cwd), services, snapshot)));
  }
  if (repoDir !== undefined && inRepository.size > 0) {
    const { problems: all } = await resolveRepository(repoDir, services);
    problems.push(...all.filter((problem) => inRepository.has(problem.file)));
  }
  return sortProblems(problems);
}
