import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository's forms/ and processes/ as plain data, and how a county's variant is resolved:
 * a form is its base plus the county's JSON Merge Patch (RFC 7396); a process is the county's
 * whole replacement diagram when there is one, else the base.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface FormArtifact {
  id: string;
  base: JsonObject;
  example?: JsonObject;
  overlays: Record<string, JsonObject>;
  dir: string;
}

export interface ProcessArtifact {
  id: string;
  base: string;
  overlays: Record<string, string>;
  dir: string;
}

export interface RepositoryArtifacts {
  forms: Map<string, FormArtifact>;
  processes: Map<string, ProcessArtifact>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7396: objects merge recursively, `null` deletes, anything else (arrays included) replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}

/** The smallest merge patch turning `base` into `target` (what the studio saves for a county). */
export function createMergePatch(base: Json, target: Json): Json | undefined {
  if (!isObject(base) || !isObject(target)) {
    return JSON.stringify(base) === JSON.stringify(target) ? undefined : structuredClone(target);
  }
  const patch: JsonObject = {};
  for (const key of Object.keys(base)) if (!(key in target)) patch[key] = null;
  for (const [key, value] of Object.entries(target)) {
    const sub = key in base ? createMergePatch(base[key], value) : structuredClone(value);
    if (sub !== undefined) patch[key] = sub;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** JSON with sorted keys, so equal content hashes equally whatever the key order in the file. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(value: unknown): string {
  const text = typeof value === 'string' ? value : canonicalJson(value);
  return createHash('sha256').update(text).digest('hex');
}

function readJson(file: string): JsonObject {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  } catch (err) {
    throw new Error(`${file}: 不是合法的 JSON（${err instanceof Error ? err.message : String(err)}）`, {
      cause: err,
    });
  }
}

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function countyFiles(dir: string, extension: string): [string, string][] {
  const countiesDir = path.join(dir, 'counties');
  if (!existsSync(countiesDir)) return [];
  return readdirSync(countiesDir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => [name.slice(0, -extension.length), path.join(countiesDir, name)]);
}

export function readRepositoryArtifacts(repoDir: string): RepositoryArtifacts {
  const forms = new Map<string, FormArtifact>();
  for (const id of subdirectories(path.join(repoDir, 'forms'))) {
    const dir = path.join(repoDir, 'forms', id);
    if (!existsSync(path.join(dir, 'form.json'))) continue;
    const examplePath = path.join(dir, 'example.json');
    forms.set(id, {
      id,
      dir,
      base: readJson(path.join(dir, 'form.json')),
      example: existsSync(examplePath) ? readJson(examplePath) : undefined,
      overlays: Object.fromEntries(
        countyFiles(dir, '.json').map(([county, file]) => [county, readJson(file)]),
      ),
    });
  }
  const processes = new Map<string, ProcessArtifact>();
  for (const id of subdirectories(path.join(repoDir, 'processes'))) {
    const dir = path.join(repoDir, 'processes', id);
    const basePath = path.join(dir, `${id}.bpmn`);
    if (!existsSync(basePath)) continue;
    processes.set(id, {
      id,
      dir,
      base: readFileSync(basePath, 'utf8'),
      overlays: Object.fromEntries(
        countyFiles(dir, '.bpmn').map(([county, file]) => [county, readFileSync(file, 'utf8')]),
      ),
    });
  }
  return { forms, processes };
}

export function resolveForm(artifact: FormArtifact, countyId: string): JsonObject {
  const overlay = artifact.overlays[countyId];
  return overlay ? (applyMergePatch(artifact.base, overlay) as JsonObject) : structuredClone(artifact.base);
}

export function resolveProcessXml(
  artifact: ProcessArtifact,
  countyId: string,
): { xml: string; overlay: boolean } {
  const overlay = artifact.overlays[countyId];
  return overlay ? { xml: overlay, overlay: true } : { xml: artifact.base, overlay: false };
}
