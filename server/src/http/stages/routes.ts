import { z } from 'zod';
import type { StageService } from '../../services/stages';
import type { Api } from '../api';

const ObjectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

export function registerStageRoutes(api: Api, stages: StageService): void {
  api.route({
    method: 'post',
    path: '/projects/:id/stages/:stageId/start',
    tag: '项目',
    summary: '为项目发起一个环节（按县区规则检查前置条件）',
    params: z.object({ id: ObjectId, stageId: z.string().min(1).max(50) }),
    body: z
      .object({ round: z.string().max(50).optional().describe('同一环节的轮次，如 2026年半年监控') })
      .optional(),
    status: 201,
    responses: [
      { status: 201, description: '已发起', schema: z.object({ instanceId: z.string() }) },
      {
        status: 409,
        description:
          '不满足县区规则 (STAGE_PRECONDITION_FAILED，details.rule 指明规则) 或正在办理中 (CONFLICT)',
      },
    ],
    handler: ({ params, body, auth }) =>
      stages.start(auth.user, params.id, params.stageId, { round: body?.round }),
  });

  const BatchView = z.object({
    id: z.string(),
    county: z.string(),
    stageId: z.string(),
    round: z.string(),
    status: z.enum(['running', 'finished']),
    total: z.number(),
    done: z.number(),
    started: z.array(z.object({ projectId: z.string(), instanceId: z.string() })),
    failed: z.array(z.object({ projectId: z.string(), code: z.string(), message: z.string() })),
  });

  api.route({
    method: 'post',
    path: '/stages/:stageId/batches',
    tag: '项目',
    summary: '批量发起（如全县一轮绩效运行监控），返回可轮询的进度',
    params: z.object({ stageId: z.string().min(1).max(50) }),
    body: z.object({
      county: z.string().min(1, '请选择县区'),
      projectIds: z
        .array(ObjectId, { error: '请选择项目' })
        .min(1, '请至少选择一个项目')
        .max(5000, '一次最多 5000 个项目'),
      round: z.string().max(50).optional(),
    }),
    status: 202,
    responses: [{ status: 202, description: '已开始', schema: BatchView }],
    handler: ({ params, body, auth }) => stages.startBatch(auth.user, params.stageId, body),
  });

  api.route({
    method: 'get',
    path: '/batches/:id',
    tag: '项目',
    summary: '批量发起的进度',
    params: z.object({ id: z.string().uuid('批量任务编号格式不正确') }),
    responses: [{ status: 200, description: '进度', schema: BatchView }],
    handler: ({ params, auth }) => stages.batchView(params.id, auth.user),
  });
}
