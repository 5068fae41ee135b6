import { z } from 'zod';
import { AUDIT_ACTION_LABELS } from '../../services/audit-labels';
import { formatBeijing, type AuditLog } from '../../services/audit-log';
import type { Api } from '../api';
import { sendXlsx } from '../xlsx';

const Filter = z.object({
  from: z.coerce.date({ error: '开始时间格式不正确' }).optional(),
  to: z.coerce.date({ error: '结束时间格式不正确' }).optional(),
  county: z.string().trim().max(100).optional().describe('县区 id；system 为全平台事件'),
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().max(100).optional(),
  object: z.string().trim().max(200).optional().describe('账号、项目/流程/任务编号'),
});

/** 审计记录 (安全审计员): read and export, nothing else. */
export function registerAuditRoutes(api: Api, audit: AuditLog): void {
  const tag = '安全审计';

  api.route({
    method: 'get',
    path: '/audit/actions',
    tag,
    summary: '审计事件的操作类型及中文名称',
    responses: [
      {
        status: 200,
        description: '操作类型',
        schema: z.array(z.object({ action: z.string(), label: z.string() })),
      },
    ],
    handler: ({ auth }) => {
      audit.assertAuditor(auth.user);
      return Object.entries(AUDIT_ACTION_LABELS)
        .filter(([action]) => action !== 'incident')
        .map(([action, label]) => ({ action, label }));
    },
  });

  api.route({
    method: 'get',
    path: '/audit/counties',
    tag,
    summary: '可按其筛选的县区（含“全平台”）',
    responses: [
      { status: 200, description: '县区', schema: z.array(z.object({ id: z.string(), name: z.string() })) },
    ],
    handler: ({ auth }) => audit.counties(auth.user),
  });

  api.route({
    method: 'get',
    path: '/audit/events',
    tag,
    summary: '审计记录（安全审计员），最新的在前',
    query: Filter.extend({
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: [
      {
        status: 200,
        description: '审计记录',
        schema: z.object({
          total: z.number(),
          items: z.array(
            z.object({
              id: z.string(),
              at: z.date(),
              county: z.string(),
              countyName: z.string(),
              actor: z.string(),
              action: z.string(),
              actionLabel: z.string(),
              object: z.string(),
              summary: z.string(),
            }),
          ),
        }),
      },
      { status: 403, description: '不是安全审计员 (FORBIDDEN)' },
    ],
    handler: ({ auth, query }) => audit.list(auth.user, query),
  });

  api.route({
    method: 'get',
    path: '/audit/events/export',
    tag,
    summary: '导出审计记录为 .xlsx（安全审计员；导出本身也记入审计）',
    query: Filter,
    responses: [{ status: 200, description: '.xlsx 文件' }],
    handler: async ({ auth, query, res }) => {
      const content = await audit.exportXlsx(auth.user, query);
      const stamp = formatBeijing(new Date()).slice(0, 10);
      return sendXlsx(res, `审计记录-${stamp}.xlsx`, content);
    },
  });
}
