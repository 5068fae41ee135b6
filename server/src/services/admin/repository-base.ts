import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FormDefinition, JsonObject } from '@pm/config';

/**
 * The repository's base forms and processes as the studio builds on them: a county's form is this
 * base plus the county's merge patch, a county's process replaces this base diagram. Read from disk
 * on each use, so the studio always builds on the files as they are now.
 */
export class RepositoryBase {
  constructor(readonly repoDir: string) {}

  private ids(folder: 'forms' | 'processes', file: (id: string) => string): string[] {
    const dir = path.join(this.repoDir, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, file(entry.name))))
      .map((entry) => entry.name)
      .sort();
  }

  formIds(): string[] {
    return this.ids('forms', () => 'form.json');
  }

  processIds(): string[] {
    return this.ids('processes', (id) => `${id}.bpmn`);
  }

  private readJson(...segments: string[]): JsonObject | undefined {
    const file = path.join(this.repoDir, ...segments);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
    } catch {
      // A file broken on disk is the lint's to report, with its line; here it is simply not a base.
      return undefined;
    }
  }

  form(formId: string): FormDefinition | undefined {
    return this.readJson('forms', formId, 'form.json') as FormDefinition | undefined;
  }

  example(formId: string): JsonObject | undefined {
    return this.readJson('forms', formId, 'example.json');
  }

  process(processId: string): string | undefined {
    const file = path.join(this.repoDir, 'processes', processId, `${processId}.bpmn`);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  /** A county manifest file, if the repository has one (a studio-created county has none). */
  hasCountyFile(countyId: string): boolean {
    return existsSync(path.join(this.repoDir, 'counties', `${countyId}.json`));
  }
}
