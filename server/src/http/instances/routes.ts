import { z } from 'zod';
import type { InstanceService } from '../../services/instances';
import type { Api } from '../api';
import { HistoryEntry, HistoryIntegrity } from '../history';

export function registerInstanceRoutes(api: Api, instances: InstanceService): void {
  api.route({
    method: 'get',
    path: '/instances/:id',
    tag: '流程',
    summary: '流程实例：状态、当前待办及候选人、办理历史',
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '流程实例编号格式不正确') }),
    responses: [
      {
        status: 200,
        description: '流程实例',
        schema: z.object({
          id: z.string(),
          status: z.enum(['active', 'completed', 'terminated', 'failed']),
          activeTasks: z.array(
            z.object({
              taskId: z.string(),
              name: z.string(),
              candidates: z.array(z.object({ username: z.string(), displayName: z.string() })),
            }),
          ),
          history: z.array(HistoryEntry),
          historyIntegrity: HistoryIntegrity,
        }),
      },
    ],
    handler: ({ params, auth }) => instances.view(auth.user, params.id),
  });
}
