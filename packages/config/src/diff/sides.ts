import type { FormDefinition } from '../form';
import type { ResolvedCounty } from '../lint/resolve-county';
import type { DiffSide, ProcessOutline } from './types';

/**
 * A diff side from a county resolved out of the repository. Ordering a process's steps needs its graph,
 * which only the engine reads, so the caller supplies `outline`.
 */
export function diffSideOf<D>(
  resolved: ResolvedCounty<D>,
  outline: (definition: D) => ProcessOutline,
  label: string = resolved.county.name,
): DiffSide {
  const forms = new Map<string, FormDefinition>(resolved.forms.map((form) => [form.formId, form.form]));
  const stages: DiffSide['stages'] = {};
  for (const [stage, processId] of Object.entries(resolved.stageProcesses) as [
    keyof DiffSide['stages'],
    string,
  ][]) {
    const process = resolved.processes.find((candidate) => candidate.processId === processId);
    if (process) stages[stage] = outline(process.definition);
  }
  return { label, county: resolved.county, forms, stages };
}
