import { STAGE_IDS } from '@pm/config';
import { z } from 'zod';
import type { AppServices } from '../../app';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../../services/auth';
import type { CountyDirectory } from '../../services/county-directory';
import type { Api } from '../api';
import { SUBMISSION_STATUSES, submissionStatus } from './submissions';

const StageId = z.enum(STAGE_IDS, { error: '环节不存在' });

const SubmissionStatus = z
  .enum(SUBMISSION_STATUSES)
  .describe('未发起 / 待报送 / 即将到期 / 逾期未报 / 已报送（审核中）/ 已办结');

const RoundView = z.object({
  batchId: z.string(),
  round: z.string(),
  stageId: z.string(),
  due: z.string().nullable(),
  status: z.enum(['running', 'finished']),
  total: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});

/**
 * The finance sections' view of a county: launching a monitoring round with its due date, and which
 * projects' submissions for a stage and round are still missing or overdue (督促补报). Finance sections,
 * centers, leadership, oversight and admins of the county only; a department sees its own work in 待办.
 */
export function registerFinanceRoutes(api: Api, services: AppServices, counties: CountyDirectory): void {
  const { models, access, stages } = services;

  function assertCountyWide(user: AuthenticatedUser, county: string): void {
    const scope = access.projectScope(user);
    if (scope.kind === 'all') return;
    if (scope.kind !== 'county' || scope.county !== county)
      throw new AppError('FORBIDDEN', 403, '仅财政部门可查看全县区的报送情况');
  }

  api.route({
    method: 'post',
    path: '/finance/rounds',
    tag: '财政',
    summary: '发起一轮（如绩效运行监控）：为所选项目批量发起环节并登记报送截止日期，返回可轮询的批次',
    body: z.object({
      county: z.string().min(1, '请选择县区'),
      stageId: StageId,
      round: z
        .string({ error: '请填写轮次名称' })
        .trim()
        .min(1, '请填写轮次名称')
        .max(50, '轮次名称不能超过 50 字'),
      due: z.iso.date('请选择截止日期（YYYY-MM-DD）'),
      projectIds: z
        .array(z.string().regex(/^[0-9a-f]{24}$/i, '项目编号格式不正确'), { error: '请选择项目' })
        .min(1, '请至少选择一个项目')
        .max(5000, '一次最多 5000 个项目'),
    }),
    status: 202,
    responses: [
      {
        status: 202,
        description: '已开始，轮询 GET /api/batches/:id 查看进度',
        schema: z.object({ batchId: z.string(), total: z.number() }),
      },
    ],
    handler: async ({ body, auth }) => {
      assertCountyWide(auth.user, body.county);
      const existing = await models.Batch.exists({
        county: body.county,
        stageId: body.stageId,
        round: body.round,
      });
      if (existing)
        throw new AppError('CONFLICT', 409, `「${body.round}」已经发起过`, { batchId: String(existing._id) });
      // The due date is the end of that day in China (UTC+8), as a 通知 states it.
      const batch = await stages.startBatch(auth.user, body.stageId, {
        county: body.county,
        projectIds: body.projectIds,
        round: body.round,
        due: new Date(`${body.due}T23:59:59+08:00`),
      });
      return { batchId: batch.id, total: batch.total };
    },
  });

  api.route({
    method: 'get',
    path: '/finance/rounds',
    tag: '财政',
    summary: '本县区某环节已发起的轮次',
    query: z.object({ county: z.string().min(1, '请选择县区'), stageId: StageId }),
    responses: [{ status: 200, description: '轮次', schema: z.array(RoundView) }],
    handler: async ({ query, auth }) => {
      assertCountyWide(auth.user, query.county);
      const batches = await models.Batch.find({ county: query.county, stageId: query.stageId })
        .sort({ createdAt: -1 })
        .limit(100)
        .lean();
      return batches.map((b) => ({
        batchId: b._id,
        round: b.round,
        stageId: b.stageId,
        due: b.due ? b.due.toISOString() : null,
        status: b.status,
        total: b.total,
        createdAt: b.createdAt.toISOString(),
        createdBy: b.createdBy,
      }));
    },
  });

  api.route({
    method: 'get',
    path: '/finance/submissions',
    tag: '财政',
    summary: '报送情况：本县区某环节（某轮次）各项目是否已报送、是否逾期',
    query: z.object({
      county: z.string().min(1, '请选择县区'),
      stageId: StageId,
      round: z.string().max(50).default(''),
      year: z.coerce.number().int().min(2000).max(2100).optional(),
    }),
    responses: [
      {
        status: 200,
        description: '各项目的报送情况，未报送和逾期的在前',
        schema: z.object({
          stageLabel: z.string(),
          round: z.string(),
          due: z.string().nullable(),
          counts: z.record(SubmissionStatus, z.number()),
          items: z.array(
            z.object({
              projectId: z.string(),
              projectName: z.string(),
              year: z.number(),
              department: z.object({ code: z.string(), name: z.string() }),
              status: SubmissionStatus,
              instanceId: z.string().nullable(),
              taskName: z.string().nullable(),
              due: z.string().nullable(),
              submittedAt: z.string().nullable(),
            }),
          ),
        }),
      },
    ],
    handler: async ({ query, auth }) => {
      assertCountyWide(auth.user, query.county);
      return submissionStatus(services, counties, query);
    },
  });
}
