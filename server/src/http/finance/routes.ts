import { STAGE_IDS, STAGE_LABELS } from '@pm/config';
import { z } from 'zod';
import type { AppServices } from '../../app';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../../services/auth';
import type { CountyDirectory } from '../../services/county-directory';
import type { Api } from '../api';

const StageId = z.enum(STAGE_IDS, { error: '环节不存在' });
const DUE_SOON_MS = 3 * 24 * 60 * 60 * 1000;

const SubmissionStatus = z
  .enum(['not-started', 'awaiting', 'due-soon', 'overdue', 'submitted', 'completed'])
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
  const { models, access, stages, clock } = services;

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
      const batch = await stages.startBatch(auth.user, body.stageId, {
        county: body.county,
        projectIds: body.projectIds,
        round: body.round,
      });
      // The due date is the end of that day in China (UTC+8), as a 通知 states it.
      const due = new Date(`${body.due}T23:59:59+08:00`);
      await models.Batch.updateOne({ _id: batch.id }, { $set: { due } });
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
        total: b.projectIds.length,
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
      const county = counties.get(query.county);
      if (!county) throw new AppError('NOT_FOUND', 404, '县区不存在');
      const batch = query.round
        ? await models.Batch.findOne({ county: county.id, stageId: query.stageId, round: query.round }).lean()
        : null;
      // A round launched as a batch covers its chosen projects; otherwise every project of the county (year).
      const projectFilter: Record<string, unknown> = batch
        ? { _id: { $in: batch.projectIds } }
        : { county: county.id, ...(query.year ? { year: query.year } : {}) };
      const projects = await models.Project.find(projectFilter, { name: 1, year: 1, department: 1 })
        .sort({ department: 1, name: 1 })
        .limit(5000)
        .lean();
      const ids = projects.map((p) => p._id);
      const instances = await models.Instance.find(
        { projectId: { $in: ids }, stageId: query.stageId, round: query.round },
        { projectId: 1, status: 1, startedAt: 1 },
      )
        .sort({ startedAt: 1 })
        .lean();
      const instanceIds = instances.map((i) => i._id);
      const [openEdits, submissions] = await Promise.all([
        models.Task.find(
          { instanceId: { $in: instanceIds }, status: 'open', mode: 'edit' },
          { instanceId: 1, name: 1, due: 1 },
        ).lean(),
        models.Task.find(
          { instanceId: { $in: instanceIds }, status: 'completed', mode: 'edit' },
          { instanceId: 1, completedAt: 1 },
        ).lean(),
      ]);
      const latest = new Map<string, (typeof instances)[number]>();
      for (const i of instances) latest.set(i.projectId.toHexString(), i);
      const openBy = new Map(openEdits.map((t) => [t.instanceId.toHexString(), t]));
      const submittedBy = new Map<string, Date>();
      for (const t of submissions) {
        const key = t.instanceId.toHexString();
        const at = t.completedAt ? new Date(t.completedAt) : undefined;
        if (at && (!submittedBy.has(key) || submittedBy.get(key)! < at)) submittedBy.set(key, at);
      }
      const now = clock.now().getTime();
      const roundDue = batch?.due ? new Date(batch.due) : undefined;
      const statusOf = (due: Date | undefined) =>
        due && due.getTime() < now
          ? ('overdue' as const)
          : due && due.getTime() - now < DUE_SOON_MS
            ? ('due-soon' as const)
            : ('awaiting' as const);

      const items = projects.map((p) => {
        const instance = latest.get(p._id.toHexString());
        const key = instance?._id.toHexString();
        const open = key ? openBy.get(key) : undefined;
        // The round's due date (the 通知's deadline) wins over a task's own pm:due.
        const due = roundDue ?? (open?.due ? new Date(open.due) : undefined);
        const status = !instance
          ? statusOf(roundDue) === 'overdue'
            ? ('overdue' as const)
            : ('not-started' as const)
          : open
            ? statusOf(due)
            : instance.status === 'completed'
              ? ('completed' as const)
              : ('submitted' as const);
        const submittedAt = key ? submittedBy.get(key) : undefined;
        return {
          projectId: p._id.toHexString(),
          projectName: p.name,
          year: p.year,
          department: {
            code: p.department,
            name: counties.orgUnit(county.id, p.department)?.name ?? p.department,
          },
          status,
          instanceId: key ?? null,
          taskName: open?.name ?? null,
          due: due ? due.toISOString() : null,
          submittedAt: submittedAt && !open ? submittedAt.toISOString() : null,
        };
      });
      const order = ['overdue', 'not-started', 'due-soon', 'awaiting', 'submitted', 'completed'];
      items.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
      const counts = Object.fromEntries(order.map((s) => [s, items.filter((i) => i.status === s).length]));
      return {
        stageLabel: STAGE_LABELS[query.stageId],
        round: query.round,
        due: roundDue ? roundDue.toISOString() : null,
        counts,
        items,
      };
    },
  });
}
