import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveRepository, type JsonObject, type LintProblem, type ResolvedCounty } from '@pm/config';
import type { ProcessDefinition } from '@pm/engine';
import { lintServices, type DeployedKind } from '../deployments';
import type { RepositoryBase } from './repository-base';

/** One county as it would be deployed: its manifest, its forms' merge patches and its replacement diagrams. */
export interface CountyWorkspace {
  countyId: string;
  /** Whatever the studio holds; the lint validates it. */
  manifest: unknown;
  /** formId → merge patch against the repository's base form (absent or empty: the base as is). */
  formPatches: ReadonlyMap<string, JsonObject>;
  /** processId → the county's diagram where it differs from the base. */
  processXml: ReadonlyMap<string, string>;
}

/** A lint problem told by artifact, as the studio shows it, with the file it would be in the repository. */
export interface ArtifactProblem {
  kind: DeployedKind;
  artifactId: string;
  /** JSON Pointer into the manifest or the resolved form, or a BPMN element id; '' for the whole artifact. */
  path: string;
  rule: string;
  message: string;
  /** The problem lies in the repository's base file, which the studio cannot change. */
  inBase: boolean;
  /** Where `pm validate` would report it: the file and location in the repository layout. */
  file: string;
  location: string;
  county: string;
}

export interface WorkspaceLint {
  problems: ArtifactProblem[];
  /** The county resolved as it would be deployed; absent when its manifest is invalid. */
  resolved?: ResolvedCounty<ProcessDefinition>;
}

function artifactOf(problem: LintProblem, countyId: string): ArtifactProblem {
  const [folder, id = countyId, ...rest] = problem.file.split('/');
  const kind: DeployedKind = folder === 'forms' ? 'form' : folder === 'processes' ? 'process' : 'county';
  return {
    kind,
    artifactId: kind === 'county' ? countyId : id,
    path: problem.location,
    rule: problem.rule,
    message: problem.message,
    inBase: kind !== 'county' && rest[0] !== 'counties',
    file: problem.file,
    location: problem.location,
    county: countyId,
  };
}

function writeFile(root: string, file: string, text: string): void {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/** Copies the base files (never other counties' variants: they are not this county's business). */
function copyBases(base: RepositoryBase, root: string): void {
  for (const id of base.formIds()) {
    for (const name of ['form.json', 'example.json']) {
      const from = path.join(base.repoDir, 'forms', id, name);
      if (!existsSync(from)) continue;
      mkdirSync(path.join(root, 'forms', id), { recursive: true });
      copyFileSync(from, path.join(root, 'forms', id, name));
    }
  }
  for (const id of base.processIds()) {
    mkdirSync(path.join(root, 'processes', id), { recursive: true });
    copyFileSync(
      path.join(base.repoDir, 'processes', id, `${id}.bpmn`),
      path.join(root, 'processes', id, `${id}.bpmn`),
    );
  }
}

/**
 * Lints one county exactly as `deploy` would: the workspace is written out as a small repository
 * (the bases plus this county's files) and handed to the same resolveRepository, so the studio can
 * never publish what the repository lint would refuse. Writing a few dozen files to a temporary
 * folder costs far less than the lint itself and keeps one lint, not two that could drift apart.
 */
export async function lintWorkspace(
  base: RepositoryBase,
  workspace: CountyWorkspace,
): Promise<WorkspaceLint> {
  const { countyId } = workspace;
  const root = mkdtempSync(path.join(tmpdir(), 'pm-studio-'));
  try {
    copyBases(base, root);
    writeFile(root, `counties/${countyId}.json`, JSON.stringify(workspace.manifest, null, 2));
    for (const [formId, patch] of workspace.formPatches) {
      if (Object.keys(patch).length > 0)
        writeFile(root, `forms/${formId}/counties/${countyId}.json`, JSON.stringify(patch, null, 2));
    }
    for (const [processId, xml] of workspace.processXml)
      writeFile(root, `processes/${processId}/counties/${countyId}.bpmn`, xml);
    const resolution = await resolveRepository(root, lintServices);
    return {
      problems: resolution.problems
        .filter((problem) => problem.county === undefined || problem.county === countyId)
        .map((problem) => artifactOf(problem, countyId)),
      resolved: resolution.counties.find((resolved) => resolved.county.id === countyId),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
