import { STAGE_IDS } from '@pm/config';
import { z } from 'zod';
import type { ExportService } from '../../services/exports';
import type { Api } from '../api';
import { sendFile } from './send';

const Stage = z.enum(STAGE_IDS, { error: '环节不存在' });
const Format = z.enum(['xlsx', 'pdf'], { error: '导出格式应为 xlsx 或 pdf' }).default('xlsx');

export function registerExportRoutes(api: Api, exports: ExportService): void {
  api.route({
    method: 'get',
    path: '/projects/:id/stages/:stage/export',
    tag: '导出',
    summary: '导出一个项目某环节的表格（.xlsx 或 PDF，含审批记录）',
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '项目编号格式不正确'), stage: Stage }),
    query: z.object({ format: Format }),
    responses: [
      { status: 200, description: '文件（application/pdf 或 .xlsx）' },
      { status: 404, description: '项目不存在或该环节尚未开展 (NOT_FOUND)' },
    ],
    handler: async ({ params, query, auth, res }) => {
      sendFile(res, await exports.projectStage(auth.user, params.id, params.stage, query.format));
    },
  });

  const ListQuery = z.object({
    year: z.coerce
      .number({ error: '请选择预算年度' })
      .int()
      .min(2000, '预算年度不正确')
      .max(2100, '预算年度不正确'),
    stage: Stage,
    county: z.string().max(64).optional(),
    status: z.enum(['not-started', 'active', 'completed', 'terminated', 'failed']).optional(),
    department: z.string().max(64).optional(),
  });
  const JobId = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, '导出任务编号格式不正确') });
  const JobView = z.object({
    id: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    done: z.number(),
    total: z.number(),
    filename: z.string().optional(),
    message: z.string().optional(),
  });

  api.route({
    method: 'post',
    path: '/exports/stage-tables/jobs',
    tag: '导出',
    summary: '在后台生成汇总工作簿（条件同 GET /exports/stage-tables），返回任务编号，可查询进度',
    body: ListQuery,
    status: 202,
    responses: [
      { status: 202, description: '已开始', schema: z.object({ id: z.string(), total: z.number() }) },
      { status: 400, description: '项目过多，请缩小范围 (VALIDATION_FAILED)' },
    ],
    handler: ({ body, auth }) => exports.startListJob(auth.user, body),
  });

  api.route({
    method: 'get',
    path: '/exports/jobs/:id',
    tag: '导出',
    summary: '导出任务的进度（仅发起人可查）',
    params: JobId,
    responses: [{ status: 200, description: '进度', schema: JobView }],
    handler: ({ params, auth }) => exports.job(auth.user, params.id),
  });

  api.route({
    method: 'get',
    path: '/exports/jobs/:id/file',
    tag: '导出',
    summary: '下载已生成的汇总工作簿',
    params: JobId,
    responses: [
      { status: 200, description: '.xlsx 工作簿' },
      { status: 409, description: '尚未生成完毕或生成失败 (CONFLICT)' },
    ],
    handler: async ({ params, auth, res }) => {
      sendFile(res, await exports.jobFile(auth.user, params.id));
    },
  });

  api.route({
    method: 'get',
    path: '/exports/stage-tables',
    tag: '导出',
    summary: '按县区、年度、环节和状态导出项目表格汇总（一个工作簿，每类表格一个工作表）',
    query: z.object({
      year: z.coerce
        .number({ error: '请选择预算年度' })
        .int()
        .min(2000, '预算年度不正确')
        .max(2100, '预算年度不正确'),
      stage: Stage,
      county: z.string().max(64).optional(),
      status: z.enum(['not-started', 'active', 'completed', 'terminated', 'failed']).optional(),
      department: z.string().max(64).optional(),
    }),
    responses: [
      { status: 200, description: '.xlsx 工作簿' },
      { status: 400, description: '项目过多，请缩小范围 (VALIDATION_FAILED)' },
    ],
    handler: async ({ query, auth, res }) => {
      sendFile(res, await exports.listWorkbook(auth.user, query));
    },
  });
}
