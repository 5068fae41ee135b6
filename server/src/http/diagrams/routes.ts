import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { AppServices } from '../../app';
import type { Api } from '../api';

/**
 * The pinned process diagram of an instance, for the task page's bpmn-js viewer: the XML of the deployment
 * the instance started with (publishing a newer version never changes it) plus which elements are finished
 * and which are active, so the viewer can colour them.
 */
export function registerDiagramRoutes(api: Api, services: AppServices): void {
  api.route({
    method: 'get',
    path: '/instances/:id/diagram',
    tag: '流程',
    summary: '流程实例的流程图（启动时固定的版本）及已完成、当前环节',
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '流程实例编号格式不正确') }),
    responses: [
      {
        status: 200,
        description: '流程图',
        schema: z.object({
          instanceId: z.string(),
          processId: z.string(),
          version: z.number(),
          xml: z.string().describe('BPMN 2.0 XML'),
          finishedElements: z.array(z.string()).describe('已办理的用户任务'),
          activeElements: z.array(z.string()).describe('当前停留的环节（待办、等待消息或定时）'),
          waitingFor: z
            .array(z.object({ elementId: z.string(), message: z.string() }))
            .describe('正在等待的外部事项（如 人代会批准），可通过 POST /api/messages 登记'),
        }),
      },
      { status: 404, description: '流程实例不存在或无权查看 (NOT_FOUND)' },
    ],
    handler: async ({ params, auth }) => {
      // view() applies the instance's access rules (project scope, or a task on it) and reads the tokens.
      const view = await services.instances.view(auth.user, params.id);
      const instance = await services.models.Instance.findById(params.id, {
        processDeploymentId: 1,
        'state.subscriptions': 1,
      }).lean();
      const deployment = instance
        ? await services.models.Deployment.findById(instance.processDeploymentId, {
            content: 1,
            version: 1,
            kind: 1,
          }).lean()
        : null;
      if (!deployment || deployment.kind !== 'process' || typeof deployment.content !== 'string')
        throw new AppError('NOT_FOUND', 404, '流程图不存在');
      const finished = await services.models.Task.distinct('elementId', {
        instanceId: new Types.ObjectId(params.id),
        status: 'completed',
      });
      return {
        instanceId: view.id,
        processId: view.processId,
        version: deployment.version,
        xml: deployment.content,
        finishedElements: (finished as string[]).sort(),
        activeElements: view.activeElements,
        waitingFor: (
          (instance?.state as { subscriptions?: { elementId: string; name: string }[] } | undefined)
            ?.subscriptions ?? []
        ).map((s) => ({ elementId: s.elementId, message: s.name })),
      };
    },
  });
}
