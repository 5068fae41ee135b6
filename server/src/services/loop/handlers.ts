import type { FormDefinition } from '@pm/config';
import type { Types } from 'mongoose';
import type { DeploymentService } from '../deployments';
import type { ProjectRecord } from '../projects';
import { builtInHandlers, type ServiceHandler } from '../runtime/handlers';
import { approvedVersion, type ProjectTargets } from './record';

/**
 * `approveTargets` (批复/确定/调整 registered): what `setProjectStatus` records, plus a new 批复版本 on the
 * project from the stage's forms (their `to: targets.*` bindings). Idempotent per instance: a replay
 * finds its version already there. Returns `{targetVersion}` and records it as `result.targetVersion`,
 * which county rules read (no 监控/自评 without approved targets).
 */
export function loopHandlers(deployments: DeploymentService): Record<string, ServiceHandler> {
  return {
    async approveTargets(ctx) {
      const { models, project, instance, now } = ctx;
      await builtInHandlers.setProjectStatus(ctx);
      const instanceId = instance._id.toHexString();
      const stored = await models.Instance.findById(instance._id, { formDeployments: 1, data: 1 }).lean<{
        formDeployments: Record<string, Types.ObjectId>;
        data: Record<string, Record<string, unknown>>;
      }>();
      const forms: { form: FormDefinition; values: Record<string, unknown> }[] = [];
      for (const [formId, values] of Object.entries(stored?.data ?? instance.data)) {
        const deploymentId = stored?.formDeployments?.[formId];
        if (!deploymentId) continue;
        forms.push({ form: (await deployments.form(deploymentId)).form as never, values });
      }
      for (let attempt = 0; attempt < 10; attempt++) {
        const fresh = await models.Project.findById(project._id, { targets: 1 }).lean<ProjectRecord>();
        const targets = (fresh?.targets ?? null) as ProjectTargets | null;
        const mine = targets?.versions.find((v) => v.instanceId === instanceId);
        if (mine) return { targetVersion: mine.version };
        const version = approvedVersion(forms, targets, { stageId: instance.stageId, instanceId, at: now });
        if (!version) return { targetVersion: targets?.current ?? null };
        const recorded = { [`stages.${instance.stageId}.result.targetVersion`]: version.version };
        // Guarded by what was read, so two approvals at once cannot both become version n.
        const written = targets
          ? await models.Project.updateOne(
              { _id: project._id, 'targets.versions': { $size: targets.versions.length } },
              {
                $set: { 'targets.current': version.version, ...recorded },
                $push: { 'targets.versions': version },
              },
            )
          : await models.Project.updateOne(
              { _id: project._id, targets: { $exists: false } },
              { $set: { targets: { current: version.version, versions: [version] }, ...recorded } },
            );
        if (written.matchedCount === 1) return { targetVersion: version.version };
      }
      throw new Error('批复版本登记冲突，请稍后重试');
    },
  };
}
