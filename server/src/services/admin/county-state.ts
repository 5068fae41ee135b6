import { createMergePatch, type Json, type JsonObject } from '@pm/config';
import type { CountyDrafts, DraftStore } from './drafts';
import type { RepositoryBase } from './repository-base';
import type { DeployedCounty, StoredVersionDoc, VersionStore } from './versions';
import type { CountyWorkspace } from './workspace';

/** A county as the studio sees it: the newest deployed version of each artifact, and the drafts over them. */
export interface CountyState {
  countyId: string;
  deployed: DeployedCounty;
  drafts: CountyDrafts;
}

export async function loadCountyState(
  versions: VersionStore,
  drafts: DraftStore,
  countyId: string,
): Promise<CountyState> {
  const [deployed, countyDrafts] = await Promise.all([
    versions.deployedCounty(countyId),
    drafts.ofCounty(countyId),
  ]);
  return { countyId, deployed, drafts: countyDrafts };
}

/** The county's overlay as deployed: the merge patch from the base to the deployed form ({} when equal). */
export function deployedPatch(base: RepositoryBase, form: StoredVersionDoc): JsonObject | undefined {
  const baseForm = base.form(form.artifactId);
  if (!baseForm) return undefined;
  return (
    (createMergePatch(baseForm as unknown as Json, form.content as Json) as JsonObject | undefined) ?? {}
  );
}

export function effectiveManifest(state: CountyState): unknown {
  return state.drafts.manifest?.content ?? state.deployed.manifest?.content;
}

/**
 * The workspace to lint and deploy: what is deployed, with the drafts laid over it unless
 * `withDrafts` is false (a rollback checks the deployed county with one artifact replaced).
 */
export function workspaceOf(state: CountyState, base: RepositoryBase, withDrafts = true): CountyWorkspace {
  const formPatches = new Map<string, JsonObject>();
  const processXml = new Map<string, string>();
  for (const form of state.deployed.forms.values()) {
    const patch = deployedPatch(base, form);
    if (patch) formPatches.set(form.artifactId, patch);
  }
  for (const process of state.deployed.processes.values()) {
    const xml = String(process.content);
    if (xml !== base.process(process.artifactId)) processXml.set(process.artifactId, xml);
  }
  if (withDrafts) {
    for (const [formId, draft] of state.drafts.forms) formPatches.set(formId, draft.content as JsonObject);
    for (const [processId, draft] of state.drafts.processes) {
      const xml = String(draft.content);
      if (xml === base.process(processId)) processXml.delete(processId);
      else processXml.set(processId, xml);
    }
  }
  return {
    countyId: state.countyId,
    manifest: withDrafts ? effectiveManifest(state) : state.deployed.manifest?.content,
    formPatches,
    processXml,
  };
}
