import { STAGE_IDS, validateCountyManifest, type CountyManifest } from '../county';
import { joinPointer } from '../json-pointer';
import { STAGE_LABELS } from '../stages';
import { feelSettingsReferences } from './expression-references';
import type { LintProblem } from './problem';
import type { RepositorySnapshot } from './repository-snapshot';
import type { LintServices } from './services';

/** The county manifests that passed their schema, for the rules that read them. */
export interface CheckedCounties {
  counties: CountyManifest[];
  problems: LintProblem[];
}

/** Schema and cross references of each manifest, and ids unique across files. */
export function checkCountyManifests(snapshot: RepositorySnapshot): CheckedCounties {
  const problems: LintProblem[] = [];
  const counties: CountyManifest[] = [];
  const fileOfId = new Map<string, string>();
  for (const { file, json } of snapshot.counties) {
    const result = validateCountyManifest(json, file);
    if (!result.ok) {
      for (const issue of result.errors)
        problems.push({ file, location: issue.path, rule: 'county-schema', message: issue.message });
      continue;
    }
    const other = fileOfId.get(result.manifest.id);
    if (other !== undefined) {
      problems.push({
        file,
        location: '/id',
        rule: 'county-schema',
        message: `县区 id“${result.manifest.id}”与 ${other} 重复`,
      });
      continue;
    }
    fileOfId.set(result.manifest.id, file);
    counties.push(result.manifest);
  }
  return { counties, problems };
}

export function countyFile(county: CountyManifest): string {
  return `counties/${county.id}.json`;
}

/**
 * What a manifest's stages refer to: the processes and forms they name exist, and each start rule's FEEL
 * parses, reads only settings the county defines, and waits for a stage the county runs.
 */
export function checkCountyStages(
  county: CountyManifest,
  /** The repository's processes and forms; undefined for a manifest checked on its own. */
  snapshot: RepositorySnapshot | undefined,
  services: Pick<LintServices, 'feelSyntaxError'>,
  file = countyFile(county),
): LintProblem[] {
  const problems: LintProblem[] = [];
  const report = (location: string, rule: LintProblem['rule'], message: string): void => {
    problems.push({ file, location, county: county.id, rule, message });
  };
  for (const stageId of STAGE_IDS) {
    const stage = county.stages[stageId];
    const at = joinPointer('/stages', stageId);
    if (snapshot && stage.enabled && stage.process !== undefined && !snapshot.processes.has(stage.process)) {
      report(
        `${at}/process`,
        'process-exists',
        `「${STAGE_LABELS[stageId]}」使用的流程 ${stage.process} 不存在（应有 processes/${stage.process}/${stage.process}.bpmn）`,
      );
    }
    (stage.forms ?? []).forEach((formId, index) => {
      if (snapshot && !snapshot.forms.get(formId)?.base) {
        report(
          `${at}/forms/${index}`,
          'form-exists',
          `「${STAGE_LABELS[stageId]}」使用的表单 ${formId} 不存在（应有 forms/${formId}/form.json）`,
        );
      }
    });
    (stage.preconditions ?? []).forEach((rule, index) => {
      const ruleAt = `${at}/preconditions/${index}`;
      const expressions: [string, string | undefined][] = [
        [`${ruleAt}/when`, rule.when],
        [`${ruleAt}/requires/condition`, rule.requires.condition],
      ];
      for (const [location, source] of expressions) {
        if (source === undefined) continue;
        const error = services.feelSyntaxError(source);
        if (error !== null) report(location, 'feel-syntax', `启动规则「${rule.label}」：${error}`);
        for (const key of feelSettingsReferences(source)) {
          if (!(key in county.settings))
            report(
              location,
              'setting-defined',
              `启动规则「${rule.label}」引用的参数 settings.${key} 未在${county.name}的 settings 中定义`,
            );
        }
      }
      const required = rule.requires.stage;
      if (!county.stages[required].enabled) {
        report(
          `${ruleAt}/requires/stage`,
          'precondition-stage',
          `启动规则「${rule.label}」要求先完成「${STAGE_LABELS[required]}」，但${county.name}未启用该阶段：适用此规则的项目都无法启动「${STAGE_LABELS[stageId]}」`,
        );
      }
    });
  }
  return problems;
}
