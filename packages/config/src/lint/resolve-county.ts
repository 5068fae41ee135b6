import { STAGE_IDS, type CountyManifest, type StageId } from '../county';
import { elementsMatching, escapeRegExp } from './bpmn-locate';
import type { CheckedForms, CountyForm } from './check-forms';
import { sourceFileOf } from './check-forms';
import type { CheckedProcesses, CompiledFile } from './check-processes';
import { formExpressions, formSettingsReferences } from './expression-references';
import type { LintProblem } from './problem';
import type { RepositorySnapshot } from './repository-snapshot';

/** Everything one county deploys, after its overlays: the processes its stages run and the forms they use. */
export interface ResolvedCounty<D> {
  county: CountyManifest;
  /** Enabled stage → the process it runs (present only when that process exists). */
  stageProcesses: Partial<Record<StageId, string>>;
  /** Enabled stages without a process in the repository yet: they cannot be started. */
  notConfigured: StageId[];
  /** Stage processes and the processes they call, each once. */
  processes: CompiledFile<D>[];
  forms: CountyForm[];
}

export function stageProcessId(county: CountyManifest, stageId: StageId): string {
  return county.stages[stageId].process ?? stageId;
}

/**
 * Resolves one county and checks what depends on it: each role a user task names is mapped, each setting a
 * process or form reads is defined. Problems of the files themselves were reported once, file by file.
 */
export function resolveCounty<D>(
  county: CountyManifest,
  snapshot: RepositorySnapshot,
  processes: CheckedProcesses<D>,
  forms: CheckedForms,
): { resolved: ResolvedCounty<D>; problems: LintProblem[] } {
  const problems: LintProblem[] = [];
  const resolved: ResolvedCounty<D> = {
    county,
    stageProcesses: {},
    notConfigured: [],
    processes: [],
    forms: [],
  };
  const queue: string[] = [];
  const formIds = new Set<string>();
  for (const stageId of STAGE_IDS) {
    const stage = county.stages[stageId];
    if (!stage.enabled) continue;
    const processId = stageProcessId(county, stageId);
    // A process the manifest names but the repository lacks is a problem (checkCountyStages); a stage
    // relying on the default is simply not configured yet.
    if (snapshot.processes.has(processId)) {
      resolved.stageProcesses[stageId] = processId;
      queue.push(processId);
    } else if (stage.process === undefined) resolved.notConfigured.push(stageId);
    for (const formId of stage.forms ?? []) formIds.add(formId);
  }

  const seen = new Set<string>();
  while (queue.length > 0) {
    const processId = queue.shift() as string;
    if (seen.has(processId)) continue;
    seen.add(processId);
    const compiled = processes.forCounty(processId, county.id);
    if (!compiled) continue;
    resolved.processes.push(compiled);
    queue.push(...compiled.summary.calledProcesses.filter((called) => snapshot.processes.has(called)));
    for (const task of compiled.summary.userTasks) {
      if (task.form !== null) formIds.add(task.form);
      for (const role of task.candidateRoles) {
        if (role in county.roles) continue;
        problems.push({
          file: compiled.file,
          location: task.id,
          county: county.id,
          rule: 'role-mapped',
          message: `「${task.name ?? task.id}」的办理角色 ${role} 未在${county.name}的角色映射（roles）中配置`,
        });
      }
    }
    for (const key of compiled.summary.settingsReferences) {
      if (key in county.settings) continue;
      const at = elementsMatching(compiled.xml, new RegExp(`settings\\s*\\.\\s*${escapeRegExp(key)}\\b`));
      for (const location of at.length > 0 ? at : [''])
        problems.push({
          file: compiled.file,
          location,
          county: county.id,
          rule: 'setting-defined',
          message: `引用的县区参数 settings.${key} 未在${county.name}的 settings 中定义`,
        });
    }
  }

  for (const formId of [...formIds].sort()) {
    const form = forms.forCounty(formId, county.id);
    if (!form) continue;
    resolved.forms.push(form);
    for (const { pointer, source } of formExpressions(form.form)) {
      for (const key of formSettingsReferences(source)) {
        if (key in county.settings) continue;
        problems.push({
          file: sourceFileOf(form, pointer),
          location: pointer,
          county: county.id,
          rule: 'setting-defined',
          message: `表达式引用的县区参数 $settings.${key} 未在${county.name}的 settings 中定义`,
        });
      }
    }
  }
  return { resolved, problems };
}
