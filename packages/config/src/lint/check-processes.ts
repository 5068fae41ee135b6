import { elementsMatching, escapeRegExp } from './bpmn-locate';
import type { LintProblem, LintRule } from './problem';
import type { RepositorySnapshot, TextFile } from './repository-snapshot';
import type { LintServices, ProcessSummaryView } from './services';

/** A diagram that compiled without problems, ready for the checks against each county that uses it. */
export interface CompiledFile<D> {
  processId: string;
  file: string;
  xml: string;
  definition: D;
  summary: ProcessSummaryView;
}

export interface CheckedProcesses<D> {
  /** The diagram a county gets (its replacement, else the base), or undefined when that file is broken. */
  forCounty(processId: string, countyId: string): CompiledFile<D> | undefined;
  problems: LintProblem[];
}

/** The engine's problem codes that have a rule of their own; every other code is the BPMN subset. */
const RULE_OF_CODE: Record<string, LintRule> = {
  INVALID_CONDITION: 'feel-syntax',
  INVALID_EXPRESSION: 'feel-syntax',
  GATEWAY_MAY_GET_STUCK: 'gateway-stuck',
};

/**
 * Compiles one diagram and checks what does not depend on a county: the engine's problems (subset, FEEL,
 * stuck gateways, ...), the process id against its folder, and the forms and processes it names.
 */
export async function checkProcessFile<D extends { id: string }>(
  /** The folder's name, which the BPMN process id must equal; undefined for a file outside processes/. */
  processId: string | undefined,
  source: TextFile,
  county: string | undefined,
  known: { forms: ReadonlySet<string>; processes: ReadonlySet<string> },
  services: Pick<LintServices<D>, 'compileProcess' | 'summarizeProcess'>,
): Promise<{ compiled?: CompiledFile<D>; problems: LintProblem[] }> {
  const { file, text: xml } = source;
  const problems: LintProblem[] = [];
  const report = (location: string, rule: LintRule, message: string, code?: string): void => {
    problems.push({
      file,
      location,
      ...(county === undefined ? {} : { county }),
      rule,
      ...(code ? { code } : {}),
      message,
    });
  };
  const { definition, problems: engineProblems } = await services.compileProcess(xml);
  for (const problem of engineProblems)
    report(
      problem.elementId ?? '',
      RULE_OF_CODE[problem.code] ?? 'bpmn-subset',
      problem.message,
      problem.code,
    );
  if (!definition || engineProblems.length > 0) return { problems };

  if (processId !== undefined && definition.id !== processId) {
    report(
      elementsMatching(xml, new RegExp(`\\bid\\s*=\\s*["']${escapeRegExp(definition.id)}["']`))[0] ?? '',
      'artifact-id',
      `流程 id“${definition.id}”与目录名 ${processId} 不一致：调用活动和县区阶段都按目录名找流程`,
    );
  }
  const summary = services.summarizeProcess(definition);
  for (const task of summary.userTasks) {
    if (task.form !== null && !known.forms.has(task.form))
      report(
        task.id,
        'form-exists',
        `「${task.name ?? task.id}」使用的表单 ${task.form} 不存在（应有 forms/${task.form}/form.json）`,
      );
  }
  for (const called of summary.calledProcesses) {
    if (known.processes.has(called)) continue;
    const at = elementsMatching(xml, new RegExp(`calledElement\\s*=\\s*["']${escapeRegExp(called)}["']`));
    for (const location of at.length > 0 ? at : [''])
      report(
        location,
        'process-exists',
        `调用的流程 ${called} 不存在（应有 processes/${called}/${called}.bpmn）`,
      );
  }
  return { compiled: { processId: processId ?? definition.id, file, xml, definition, summary }, problems };
}

/** Every diagram of the repository, each compiled once however many counties use it. */
export async function checkProcesses<D extends { id: string }>(
  snapshot: RepositorySnapshot,
  existingForms: ReadonlySet<string>,
  services: Pick<LintServices<D>, 'compileProcess' | 'summarizeProcess'>,
): Promise<CheckedProcesses<D>> {
  const problems: LintProblem[] = [];
  const known = { forms: existingForms, processes: new Set(snapshot.processes.keys()) };
  const bases = new Map<string, CompiledFile<D> | undefined>();
  const overlays = new Map<string, CompiledFile<D> | undefined>();
  for (const [id, files] of snapshot.processes) {
    if (files.base) {
      const result = await checkProcessFile(id, files.base, undefined, known, services);
      problems.push(...result.problems);
      bases.set(id, result.compiled);
    }
    for (const [county, file] of files.overlays) {
      if (!snapshot.countyIds.has(county)) {
        problems.push({
          file: file.file,
          location: '',
          rule: 'overlay-county',
          message: `县区 ${county} 不存在（没有 counties/${county}.json），此流程不会用于任何县区`,
        });
        continue;
      }
      const result = await checkProcessFile(id, file, county, known, services);
      problems.push(...result.problems);
      overlays.set(`${id}\u0000${county}`, result.compiled);
    }
  }
  return {
    problems,
    forCounty(processId, countyId) {
      const key = `${processId}\u0000${countyId}`;
      return overlays.has(key) ? overlays.get(key) : bases.get(processId);
    },
  };
}
