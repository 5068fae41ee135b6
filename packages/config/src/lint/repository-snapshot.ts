import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { parseJsonText } from '../json-text';
import type { LintProblem } from './problem';

/**
 * Every file of counties/, forms/ and processes/ as read from disk, before any rule but JSON syntax and the
 * folder layout. Unlike readRepositoryArtifacts it never throws: a broken file is a problem to report with
 * the others, not a reason to stop looking.
 */
export interface JsonFile {
  /** Relative to the repository, "/" separators: what messages show. */
  file: string;
  json: unknown;
}

export interface TextFile {
  file: string;
  text: string;
}

export interface FormFiles {
  id: string;
  base?: JsonFile;
  example?: JsonFile;
  /** County id → its merge patch. */
  overlays: Map<string, JsonFile>;
}

export interface ProcessFiles {
  id: string;
  base?: TextFile;
  /** County id → its replacement diagram. */
  overlays: Map<string, TextFile>;
}

export interface RepositorySnapshot {
  repoDir: string;
  /** Manifests that parse as JSON. */
  counties: JsonFile[];
  /** The id of every `counties/<id>.json`, parsed or not: county overlays are checked against these. */
  countyIds: Set<string>;
  forms: Map<string, FormFiles>;
  processes: Map<string, ProcessFiles>;
}

/** Notes beside the artifacts (README.md) and hidden files (.gitkeep) are not artifacts. */
function isArtifactCandidate(name: string): boolean {
  return !name.startsWith('.') && !name.toLowerCase().endsWith('.md');
}

function entries(dir: string): { name: string; isDirectory: boolean }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => isArtifactCandidate(entry.name))
    .map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How messages name a file: relative to the repository, "/" separators on every platform. */
function relativeFile(...segments: string[]): string {
  return segments.join('/');
}

class SnapshotReader {
  readonly problems: LintProblem[] = [];

  constructor(private readonly repoDir: string) {}

  misplaced(file: string, expected: string): void {
    this.problems.push({
      file,
      location: '',
      rule: 'file-layout',
      message: `部署时不会读取此文件：${expected}`,
    });
  }

  readJson(...segments: string[]): JsonFile | undefined {
    const file = relativeFile(...segments);
    const text = readFileSync(path.join(this.repoDir, ...segments), 'utf8');
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      this.problems.push({ file, location: '', rule: 'json-syntax', message: parsed.message });
      return undefined;
    }
    return { file, json: parsed.json };
  }

  readText(...segments: string[]): TextFile {
    return {
      file: relativeFile(...segments),
      text: readFileSync(path.join(this.repoDir, ...segments), 'utf8'),
    };
  }

  /** `<dir>/counties/<countyId><extension>` files of one form or process. */
  overlays<T>(
    segments: string[],
    extension: string,
    read: (...segments: string[]) => T | undefined,
    expected: string,
  ): Map<string, T> {
    const result = new Map<string, T>();
    for (const entry of entries(path.join(this.repoDir, ...segments, 'counties'))) {
      const file = [...segments, 'counties', entry.name];
      if (entry.isDirectory || !entry.name.endsWith(extension)) {
        this.misplaced(relativeFile(...file), expected);
        continue;
      }
      const value = read(...file);
      if (value !== undefined) result.set(entry.name.slice(0, -extension.length), value);
    }
    return result;
  }

  readonly countyIds = new Set<string>();

  counties(): JsonFile[] {
    const files: JsonFile[] = [];
    for (const entry of entries(path.join(this.repoDir, 'counties'))) {
      if (entry.isDirectory || !entry.name.endsWith('.json')) {
        this.misplaced(relativeFile('counties', entry.name), '县区配置应为 counties/<县区id>.json');
        continue;
      }
      this.countyIds.add(entry.name.slice(0, -'.json'.length));
      const file = this.readJson('counties', entry.name);
      if (file) files.push(file);
    }
    return files;
  }

  forms(): Map<string, FormFiles> {
    const forms = new Map<string, FormFiles>();
    for (const entry of entries(path.join(this.repoDir, 'forms'))) {
      if (!entry.isDirectory) {
        this.misplaced(relativeFile('forms', entry.name), '表单应放在 forms/<表单id>/form.json');
        continue;
      }
      const id = entry.name;
      const form: FormFiles = { id, overlays: new Map() };
      for (const child of entries(path.join(this.repoDir, 'forms', id))) {
        if (child.name === 'form.json' && !child.isDirectory)
          form.base = this.readJson('forms', id, 'form.json');
        else if (child.name === 'example.json' && !child.isDirectory)
          form.example = this.readJson('forms', id, 'example.json');
        else if (child.name === 'counties' && child.isDirectory)
          form.overlays = this.overlays(
            ['forms', id],
            '.json',
            (...segments) => this.readJson(...segments),
            `县区表单差异应为 forms/${id}/counties/<县区id>.json`,
          );
        else
          this.misplaced(
            relativeFile('forms', id, child.name),
            `表单目录中只应有 form.json、example.json 和 counties/<县区id>.json`,
          );
      }
      forms.set(id, form);
    }
    return forms;
  }

  processes(): Map<string, ProcessFiles> {
    const processes = new Map<string, ProcessFiles>();
    for (const entry of entries(path.join(this.repoDir, 'processes'))) {
      if (!entry.isDirectory) {
        this.misplaced(relativeFile('processes', entry.name), '流程应放在 processes/<流程id>/<流程id>.bpmn');
        continue;
      }
      const id = entry.name;
      const process: ProcessFiles = { id, overlays: new Map() };
      for (const child of entries(path.join(this.repoDir, 'processes', id))) {
        if (child.name === `${id}.bpmn` && !child.isDirectory)
          process.base = this.readText('processes', id, child.name);
        else if (child.name === 'counties' && child.isDirectory)
          process.overlays = this.overlays(
            ['processes', id],
            '.bpmn',
            (...segments) => this.readText(...segments),
            `县区流程应为 processes/${id}/counties/<县区id>.bpmn`,
          );
        else
          this.misplaced(
            relativeFile('processes', id, child.name),
            `流程目录中只应有 ${id}.bpmn 和 counties/<县区id>.bpmn（文件名须与目录名相同）`,
          );
      }
      if (!process.base) {
        this.misplaced(`processes/${id}`, `缺少基础流程 processes/${id}/${id}.bpmn，目录中的流程都不会部署`);
        continue;
      }
      processes.set(id, process);
    }
    return processes;
  }
}

export function readRepositorySnapshot(repoDir: string): {
  snapshot: RepositorySnapshot;
  problems: LintProblem[];
} {
  const reader = new SnapshotReader(repoDir);
  const snapshot: RepositorySnapshot = {
    repoDir,
    counties: reader.counties(),
    countyIds: reader.countyIds,
    forms: reader.forms(),
    processes: reader.processes(),
  };
  return { snapshot, problems: reader.problems };
}
