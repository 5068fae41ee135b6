import { z } from 'zod';
import type { TaskOperations } from '../../services/task-operations';
import type { Api } from '../api';

const TaskIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '任务编号格式不正确') });
const InstanceIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '流程实例编号格式不正确') });
const Comment = z.string().max(5000, '意见不能超过 5000 字').optional();
const Username = z.string({ error: '请选择办理人' }).min(1, '请选择办理人').max(100);
const Assigned = z.object({ id: z.string(), assignee: z.string().nullable() }).passthrough();

export function registerTaskOperationRoutes(api: Api, operations: TaskOperations): void {
  api.route({
    method: 'post',
    path: '/tasks/:id/transfer',
    tag: '审批操作',
    summary: '转办：交由他人办理（对方成为办理人）',
    params: TaskIdParam,
    body: z.object({ to: Username, comment: Comment }),
    responses: [
      { status: 200, description: '已转办', schema: Assigned },
      { status: 400, description: '对方不存在、不属于本县区或无权办理 (INVALID_ASSIGNEE)' },
      { status: 409, description: '任务已办结或已由他人签收' },
    ],
    handler: ({ params, body, auth }) => operations.transfer(auth.user, params.id, body),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/delegate',
    tag: '审批操作',
    summary: '委派：请他人处理，处理完毕后交回本人决定',
    params: TaskIdParam,
    body: z.object({ to: Username, comment: Comment }),
    responses: [
      { status: 200, description: '已委派', schema: Assigned },
      { status: 400, description: '对方不存在、不属于本县区或无权办理 (INVALID_ASSIGNEE)' },
    ],
    handler: ({ params, body, auth }) => operations.delegate(auth.user, params.id, body),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/resolve',
    tag: '审批操作',
    summary: '委派办理完毕，交回委派人',
    params: TaskIdParam,
    body: z.object({ comment: Comment }).default({}),
    responses: [{ status: 200, description: '已交回', schema: Assigned }],
    handler: ({ params, body, auth }) => operations.resolve(auth.user, params.id, body),
  });

  api.route({
    method: 'get',
    path: '/tasks/:id/return-targets',
    tag: '审批操作',
    summary: '可退回的已办环节（按首次办理的先后）',
    params: TaskIdParam,
    responses: [
      {
        status: 200,
        description: '可退回环节',
        schema: z.object({
          items: z.array(
            z.object({
              elementId: z.string(),
              name: z.string(),
              completedBy: z.string().nullable(),
              completedAt: z.string().nullable(),
            }),
          ),
        }),
      },
    ],
    handler: ({ params, auth }) => operations.returnTargets(auth.user, params.id),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/return',
    tag: '审批操作',
    summary: '退回到任一已办环节（direct: 退回后直送回本环节）',
    params: TaskIdParam,
    body: z.object({
      target: z.string({ error: '请选择退回环节' }).min(1, '请选择退回环节').max(200),
      comment: Comment,
      direct: z.boolean().optional(),
    }),
    responses: [
      { status: 200, description: '已退回', schema: Assigned },
      { status: 400, description: '未填写意见，或目标不是已办环节 (RETURN_TARGET_NOT_DONE)' },
      { status: 409, description: '任务已办结，或其他并行环节未办结 (PARALLEL_BRANCHES_ACTIVE)' },
    ],
    handler: ({ params, body, auth }) => operations.returnTo(auth.user, params.id, body),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/withdraw',
    tag: '审批操作',
    summary: '撤回本人已办理的任务（下一环节尚未办理时）',
    params: TaskIdParam,
    body: z.object({ comment: Comment }).default({}),
    responses: [
      {
        status: 200,
        description: '已撤回，taskId 为重新打开的任务',
        schema: z.object({ taskId: z.string().nullable() }),
      },
      { status: 409, description: '下一环节已办理 (WITHDRAW_NOT_ALLOWED)' },
    ],
    handler: ({ params, body, auth }) => operations.withdrawTask(auth.user, params.id, body.comment),
  });

  api.route({
    method: 'post',
    path: '/instances/:id/withdraw',
    tag: '审批操作',
    summary: '撤回本人在该流程中最近办理的任务',
    params: InstanceIdParam,
    body: z.object({ comment: Comment }).default({}),
    responses: [
      { status: 200, description: '已撤回', schema: z.object({ taskId: z.string().nullable() }) },
      { status: 409, description: '下一环节已办理 (WITHDRAW_NOT_ALLOWED)' },
    ],
    handler: ({ params, body, auth }) => operations.withdrawInInstance(auth.user, params.id, body.comment),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/remind',
    tag: '审批操作',
    summary: '催办当前办理人（每个任务在县区设置的间隔内只能催办一次）',
    params: TaskIdParam,
    responses: [
      {
        status: 200,
        description: '已催办',
        schema: z.object({ remindedAt: z.string(), nextAllowedAt: z.string() }),
      },
      { status: 409, description: '催办过于频繁 (REMIND_TOO_OFTEN)' },
    ],
    handler: ({ params, auth }) => operations.remind(auth.user, params.id),
  });

  api.route({
    method: 'get',
    path: '/tasks/:id/operations',
    tag: '审批操作',
    summary: '本环节开放的审批操作、委派状态、能否撤回',
    params: TaskIdParam,
    responses: [
      {
        status: 200,
        description: '可用操作',
        schema: z.object({
          offered: z.array(z.object({ id: z.string(), label: z.string() })),
          delegation: z
            .object({ owner: z.string(), delegate: z.string(), status: z.enum(['pending', 'resolved']) })
            .nullable(),
          canWithdraw: z.boolean(),
        }),
      },
    ],
    handler: ({ params, auth }) => operations.available(auth.user, params.id),
  });

  api.route({
    method: 'get',
    path: '/tasks/:id/next-approvers',
    tag: '审批操作',
    summary: '提交后由谁办理（按所选办理结果预演，不写入任何数据）',
    params: TaskIdParam,
    query: z.object({ outcome: z.string({ error: '请选择办理结果' }).min(1, '请选择办理结果').max(100) }),
    responses: [
      {
        status: 200,
        description: '下一环节及办理人',
        schema: z.object({
          steps: z.array(
            z.object({
              name: z.string(),
              units: z.array(z.object({ code: z.string(), name: z.string() })),
              users: z.array(z.object({ username: z.string(), displayName: z.string() })),
              unassigned: z.boolean(),
            }),
          ),
          ends: z.boolean(),
          text: z.string(),
        }),
      },
    ],
    handler: ({ params, query, auth }) => operations.nextApprovers(auth.user, params.id, query.outcome),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/copy',
    tag: '审批操作',
    summary: '抄送给本县区的用户（用户名）或单位（单位代码）',
    params: TaskIdParam,
    body: z.object({
      to: z.array(z.string().min(1).max(100), { error: '请选择抄送对象' }).min(1, '请选择抄送对象').max(50),
      comment: Comment,
    }),
    responses: [
      { status: 200, description: '已抄送', schema: z.object({ copied: z.number() }) },
      { status: 400, description: '抄送对象不是本县区的用户或单位 (INVALID_ASSIGNEE)' },
    ],
    handler: ({ params, body, auth }) => operations.copy(auth.user, params.id, body),
  });

  api.route({
    method: 'post',
    path: '/copies/:id/read',
    tag: '审批操作',
    summary: '抄送标为已读',
    params: z.object({ id: z.string().min(1).max(200) }),
    responses: [{ status: 200, description: '已读', schema: z.object({ read: z.boolean() }) }],
    handler: ({ params, auth }) => operations.markCopyRead(auth.user, params.id),
  });
}
