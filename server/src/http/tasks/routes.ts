import { z } from 'zod';
import type { TaskOperations } from '../../services/task-operations';
import type { TaskService } from '../../services/tasks';
import type { Api } from '../api';
import { HistoryEntry, HistoryIntegrity } from '../history';

const TaskIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '任务编号格式不正确') });

const TaskSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['open', 'completed', 'cancelled']),
  county: z.string(),
  stageId: z.string(),
  stageLabel: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  year: z.number().nullable(),
  instanceId: z.string(),
  mode: z.enum(['edit', 'review']).describe('edit: 填报表单; review: 只读表单 + 审核意见'),
  assignee: z.string().nullable(),
  due: z.string().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean().describe('三天内到期'),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  /** Only in 抄送我的 (status=copied). */
  copy: z
    .object({
      id: z.string(),
      from: z.string(),
      comment: z.string().nullable(),
      at: z.string(),
      read: z.boolean(),
    })
    .optional(),
});

const Candidate = z.object({ username: z.string(), displayName: z.string(), orgUnit: z.string().nullable() });

const FormData = z.record(z.string(), z.unknown(), { error: '表单数据应为对象' });

const InboxQuery = z.object({
  status: z
    .enum(['open', 'completed', 'copied'], {
      error: 'status 只能是 open（待办）、completed（已办）或 copied（抄送我的）',
    })
    .default('open'),
  stage: z.string().max(50).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerTaskRoutes(api: Api, tasks: TaskService, operations: TaskOperations): void {
  api.route({
    method: 'get',
    path: '/tasks',
    tag: '待办',
    summary: '我的待办（status=open）、已办（status=completed）或抄送我的（status=copied）',
    query: InboxQuery,
    responses: [
      {
        status: 200,
        description: '任务列表',
        schema: z.object({ items: z.array(TaskSummary), total: z.number() }),
      },
    ],
    handler: ({ query, auth }) =>
      query.status === 'copied'
        ? operations.copied(auth.user, query)
        : tasks.inbox(auth.user, { ...query, status: query.status }),
  });

  api.route({
    method: 'get',
    path: '/tasks/:id',
    tag: '待办',
    summary: '任务详情：表单、数据、可选结果、候选人、办理历史',
    params: TaskIdParam,
    responses: [
      {
        status: 200,
        description: '任务',
        schema: z.object({
          task: TaskSummary.extend({
            reviewPoints: z.array(z.string()),
            readOnly: z.boolean(),
            comment: z.string().nullable(),
            draftComment: z.string().nullable(),
            draftSavedAt: z.string().nullable(),
          }),
          form: z
            .object({ id: z.string(), version: z.number(), title: z.string(), schema: z.unknown() })
            .nullable(),
          data: z.unknown(),
          outcomes: z.array(z.object({ id: z.string(), label: z.string(), commentRequired: z.boolean() })),
          candidates: z.array(Candidate),
          history: z.array(HistoryEntry),
          historyIntegrity: HistoryIntegrity,
        }),
      },
      { status: 404, description: '任务不存在或无权办理 (NOT_FOUND)' },
    ],
    handler: ({ params, auth }) => tasks.detail(auth.user, params.id),
  });

  api.route({
    method: 'put',
    path: '/tasks/:id/draft',
    tag: '待办',
    summary: '暂存草稿（不校验）',
    params: TaskIdParam,
    body: z.object({
      data: FormData.optional(),
      comment: z.string().max(5000, '意见不能超过 5000 字').optional(),
    }),
    responses: [{ status: 200, description: '已暂存', schema: z.object({ savedAt: z.string() }) }],
    handler: ({ params, body, auth }) => tasks.saveDraft(auth.user, params.id, body),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/claim',
    tag: '待办',
    summary: '签收任务（其他候选人不再看到）',
    params: TaskIdParam,
    responses: [
      { status: 200, description: '已签收', schema: TaskSummary },
      { status: 409, description: '已由他人签收或已办结 (CONFLICT / TASK_ALREADY_COMPLETED)' },
    ],
    handler: ({ params, auth }) => tasks.claim(auth.user, params.id),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/unclaim',
    tag: '待办',
    summary: '退回签收',
    params: TaskIdParam,
    responses: [{ status: 200, description: '已退回签收', schema: TaskSummary }],
    handler: ({ params, auth }) => tasks.unclaim(auth.user, params.id),
  });

  api.route({
    method: 'post',
    path: '/tasks/:id/complete',
    tag: '待办',
    summary: '办理任务：提交表单或审核结果',
    params: TaskIdParam,
    body: z.object({
      outcome: z.string({ error: '请选择办理结果' }).min(1, '请选择办理结果'),
      comment: z.string().max(5000, '意见不能超过 5000 字').optional(),
      data: FormData.optional(),
    }),
    responses: [
      { status: 200, description: '已办理', schema: TaskSummary },
      { status: 400, description: '表单或意见校验不通过 (VALIDATION_FAILED，details 给出字段路径)' },
      { status: 409, description: '任务已办结 (TASK_ALREADY_COMPLETED)' },
    ],
    handler: ({ params, body, auth }) => tasks.complete(auth.user, params.id, body),
  });
}
