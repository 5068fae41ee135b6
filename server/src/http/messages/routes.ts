import { z } from 'zod';
import type { MessageService } from '../../services/messages';
import type { Api } from '../api';

export function registerMessageRoutes(api: Api, messages: MessageService): void {
  api.route({
    method: 'post',
    path: '/messages',
    tag: '流程',
    summary: '登记外部事项（如 人代会批准），送达本县区正在等待该事项的流程',
    body: z.object({
      county: z.string({ error: '请选择县区' }).min(1, '请选择县区'),
      name: z.string({ error: '请填写事项名称' }).trim().min(1, '请填写事项名称').max(100, '事项名称过长'),
      payload: z.record(z.string(), z.unknown()).optional(),
      instanceIds: z
        .array(z.string().regex(/^[0-9a-f]{24}$/i, '流程实例编号格式不正确'))
        .max(5000)
        .optional(),
    }),
    responses: [
      {
        status: 200,
        description: '已送达的流程实例',
        schema: z.object({ delivered: z.number(), instanceIds: z.array(z.string()) }),
      },
    ],
    handler: ({ body, auth }) => messages.deliver(auth.user, body as never),
  });
}
