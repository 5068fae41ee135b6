import { z } from 'zod';
import type { Models } from '../../models';
import type { TaskService } from '../../services/tasks';
import type { Api } from '../api';

export function registerNotificationRoutes(api: Api, models: Models, tasks: TaskService): void {
  api.route({
    method: 'get',
    path: '/notifications',
    tag: '通知',
    summary: '我的通知（新待办、逾期提醒、流程通知）',
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    responses: [
      {
        status: 200,
        description: '通知',
        schema: z.object({
          items: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              title: z.string(),
              taskId: z.string().nullable(),
              createdAt: z.string(),
              read: z.boolean(),
            }),
          ),
          unread: z.number(),
        }),
      },
    ],
    handler: async ({ query, auth }) => {
      const filter = { audience: { $in: tasks.audienceOf(auth.user) } };
      const [items, unread] = await Promise.all([
        models.Notification.find(filter).sort({ createdAt: -1 }).limit(query.limit).lean(),
        models.Notification.countDocuments({ ...filter, readBy: { $ne: auth.user.username } }),
      ]);
      return {
        items: items.map((n) => ({
          id: n._id,
          kind: n.kind,
          title: n.title,
          taskId: n.taskId ? n.taskId.toHexString() : null,
          createdAt: n.createdAt.toISOString(),
          read: n.readBy.includes(auth.user.username),
        })),
        unread,
      };
    },
  });

  api.route({
    method: 'post',
    path: '/notifications/:id/read',
    tag: '通知',
    summary: '标记为已读',
    params: z.object({ id: z.string().min(1).max(200) }),
    responses: [{ status: 204, description: '已读' }],
    handler: async ({ params, auth }) => {
      await models.Notification.updateOne(
        { _id: params.id, audience: { $in: tasks.audienceOf(auth.user) } },
        { $addToSet: { readBy: auth.user.username } },
      );
      return undefined;
    },
  });
}
