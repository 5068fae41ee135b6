import { z } from 'zod';
import { PROJECT_CATEGORIES, PROJECT_KINDS } from '../../models/project';
import type { ProjectService } from '../../services/projects';
import type { Api } from '../api';

const ObjectIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '项目编号格式不正确') });

export const CreateProjectBody = z.object({
  county: z.string({ error: '请选择县区' }).min(1, '请选择县区'),
  name: z
    .string({ error: '请填写项目名称' })
    .trim()
    .min(1, '请填写项目名称')
    .max(200, '项目名称不能超过 200 字'),
  amount: z
    .number({ error: '请填写项目金额（万元）' })
    .min(0, '项目金额不能为负数')
    .max(100_000_000, '项目金额超出范围')
    .describe('万元'),
  year: z
    .number({ error: '请填写预算年度' })
    .int('预算年度必须是整数')
    .min(2000, '预算年度不正确')
    .max(2100, '预算年度不正确'),
  category: z.enum(PROJECT_CATEGORIES, {
    error: '项目类别必须是 新增(new)、延续(continuing) 或 调整(adjusted)',
  }),
  kind: z.enum(PROJECT_KINDS, { error: '项目类型必须是 项目支出(project) 或 部门整体支出(department)' }),
  major: z
    .boolean({ error: '是否重大政策（项目）应为 true 或 false' })
    .optional()
    .describe('重大政策（项目）'),
  department: z.string().min(1).optional().describe('管理员代部门创建时必填'),
});

const StageView = z.object({
  id: z.string(),
  label: z.string(),
  enabled: z.boolean(),
  status: z.string().describe('not-started | active | completed | terminated | failed'),
  statusLabel: z.string().optional().describe('流程登记的状态，如 已批复'),
  result: z.record(z.string(), z.unknown()).optional(),
  score: z.number().optional(),
  grade: z.string().optional(),
  instances: z.array(z.unknown()),
});

const Indicator = z.object({
  key: z.string().describe('指标在各版本间不变的编号（I1、I2…）'),
  level1: z.string().nullable().optional(),
  level2: z.string().nullable().optional(),
  name: z.string(),
  operator: z.string().nullable().optional(),
  target: z.union([z.string(), z.number()]).nullable().optional(),
  unit: z.string().nullable().optional(),
});

const TargetsView = z
  .object({
    current: z.number().describe('现行批复版本'),
    versions: z.array(
      z.object({
        version: z.number(),
        kind: z.enum(['declared', 'adjusted']),
        stageId: z.string(),
        instanceId: z.string(),
        approvedAt: z.unknown(),
        overallGoal: z.string().optional(),
        totalFunds: z.number().optional(),
        indicators: z.array(Indicator),
        changes: z.array(z.record(z.string(), z.unknown())).optional(),
      }),
    ),
  })
  .nullable()
  .describe('批复版本：申报批复为第 1 版，每次批准调整加一版，历史保留');

const LoopViewSchema = z
  .object({
    targetVersion: z.number(),
    versions: z.number(),
    overallGoal: z.string().nullable(),
    totalFunds: z.number().nullable(),
    indicators: z.array(
      Indicator.extend({
        progress: z
          .record(z.string(), z.record(z.string(), z.unknown()))
          .describe('环节 → 完成值、偏差率、得分等'),
      }),
    ),
    reports: z.record(z.string(), z.unknown()),
    consequence: z.object({ budget: z.unknown(), funds: z.unknown() }).nullable(),
  })
  .nullable()
  .describe('目标 → 执行 → 得分 → 结果应用');

export const ProjectViewSchema = z.object({
  id: z.string(),
  county: z.string(),
  year: z.number(),
  name: z.string(),
  amount: z.number(),
  category: z.string(),
  kind: z.string(),
  major: z.boolean(),
  funds: z
    .object({ status: z.string(), reason: z.string(), stageId: z.string(), at: z.string() })
    .nullable()
    .describe('最近一次暂缓/停止/恢复拨款或收回资金'),
  department: z.object({ code: z.string(), name: z.string() }),
  createdBy: z.string(),
  createdAt: z.string(),
  targets: TargetsView,
  loop: LoopViewSchema,
  stages: z.array(StageView),
});

const ListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerProjectRoutes(api: Api, projects: ProjectService): void {
  api.route({
    method: 'post',
    path: '/projects',
    tag: '项目',
    summary: '创建项目（预算部门为本部门申报）',
    body: CreateProjectBody,
    status: 201,
    responses: [
      { status: 201, description: '已创建', schema: ProjectViewSchema },
      { status: 403, description: '不能为其他部门或县区创建 (FORBIDDEN)' },
      { status: 409, description: '同名项目已存在 (CONFLICT)' },
    ],
    handler: async ({ body, auth }) => projects.view(await projects.create(auth.user, body)),
  });

  api.route({
    method: 'get',
    path: '/projects',
    tag: '项目',
    summary: '我可以查看的项目',
    query: ListQuery,
    responses: [
      {
        status: 200,
        description: '项目列表',
        schema: z.object({ items: z.array(ProjectViewSchema), total: z.number() }),
      },
    ],
    handler: async ({ query, auth }) => {
      const { items, total } = await projects.list(auth.user, query);
      return { items: items.map((p) => projects.view(p)), total };
    },
  });

  api.route({
    method: 'get',
    path: '/projects/:id',
    tag: '项目',
    summary: '项目详情（各环节状态及其流程实例）',
    params: ObjectIdParam,
    responses: [
      { status: 200, description: '项目', schema: ProjectViewSchema },
      { status: 404, description: '项目不存在 (NOT_FOUND)' },
    ],
    handler: async ({ params, auth }) => projects.view(await projects.get(auth.user, params.id)),
  });
}
