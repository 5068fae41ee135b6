import type { CountyManifest } from '@pm/config';
import { summarizeProcess } from '@pm/engine';
import type { Models } from '../../models';
import type { DeploymentService } from '../deployments';
import type { ArtifactProblem } from './workspace';

/**
 * Running instances keep their pinned process, but read the county's current manifest for what they
 * decide next (settings in conditions and due dates, roles for new tasks). So a manifest must not
 * drop a setting or role that a pinned process of a running instance still reads: that instance
 * would stop with an incident at its next step. Refused here, at publish time, instead.
 */
export async function runningInstanceProblems(
  models: Models,
  deployments: DeploymentService,
  manifest: CountyManifest,
): Promise<ArtifactProblem[]> {
  const ids = await models.Instance.distinct('processDeploymentId', {
    county: manifest.id,
    status: 'active',
  });
  const problems: ArtifactProblem[] = [];
  const problem = (path: string, message: string) =>
    problems.push({
      kind: 'county',
      artifactId: manifest.id,
      path,
      rule: 'running-instance',
      message,
      inBase: false,
      file: `counties/${manifest.id}.json`,
      location: path,
      county: manifest.id,
    });
  for (const id of ids) {
    const deployment = await deployments.process(id);
    const summary = summarizeProcess(deployment.definition);
    const label = `运行中的流程 ${deployment.processId}（第 ${deployment.version} 版）`;
    for (const key of summary.settingsReferences) {
      if (!(key in manifest.settings))
        problem(`/settings/${key}`, `${label}仍读取参数 settings.${key}，不能删除；请待这些流程办结后再删除`);
    }
    for (const role of new Set(summary.userTasks.flatMap((task) => task.candidateRoles))) {
      if (!(role in manifest.roles))
        problem(
          `/roles/${role}`,
          `${label}仍由角色 ${role} 办理，不能取消该角色的映射；请待这些流程办结后再取消`,
        );
    }
  }
  return problems;
}
