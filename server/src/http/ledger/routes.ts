import { z } from 'zod';
import type { LedgerService } from '../../services/loop/ledger';
import type { Api } from '../api';
import { readSingleFile } from '../attachments/multipart';

const ObjectIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '项目编号格式不正确') });
const Amount = z
  .number({ error: '金额应为数字（万元）' })
  .min(-100_000_000)
  .max(100_000_000)
  .describe('万元');
const MAX_BYTES = 10 * 1024 * 1024;

const LedgerBody = z.object({
  annualBudget: Amount.min(0, '年初预算不能为负数').optional().describe('年初预算数（万元），预算股登记'),
  adjustment: Amount.optional().describe('调整数（万元），可为负数'),
  carryover: Amount.min(0, '上年结转不能为负数').optional().describe('上年结转（万元）'),
  payments: z
    .array(
      z.object({
        month: z.number().int('月份应为整数').min(1, '月份应为 1 至 12').max(12, '月份应为 1 至 12'),
        amount: Amount.min(0, '支付金额不能为负数'),
      }),
    )
    .max(12)
    .optional()
    .describe('国库支付：各月支付金额（该月合计，覆盖页面先前登记的该月数）'),
});

const LedgerView = z
  .object({
    annualBudget: z.number().nullable(),
    adjustment: z.number(),
    adjustedBudget: z.number().nullable(),
    carryover: z.number(),
    payments: z.record(z.string(), z.number()).describe('月份 → 支付金额（万元）'),
    executed: z.number().describe('全年已支付（万元）'),
    entries: z.number().describe('登记和导入的笔数'),
  })
  .nullable();

/** 预算台账: 财政部门 (预算股, 国库, ...) record it; monitoring reads it; departments only see it. */
export function registerLedgerRoutes(api: Api, ledger: LedgerService): void {
  api.route({
    method: 'get',
    path: '/projects/:id/ledger',
    tag: '预算台账',
    summary: '项目的预算台账（年初预算、调整数、上年结转、各月执行数）',
    params: ObjectIdParam,
    responses: [{ status: 200, description: '预算台账（尚未登记为 null）', schema: LedgerView }],
    handler: async ({ params, auth }) => ledger.get(auth.user, params.id),
  });

  api.route({
    method: 'put',
    path: '/projects/:id/ledger',
    tag: '预算台账',
    summary: '登记预算台账（财政部门）',
    params: ObjectIdParam,
    body: LedgerBody,
    responses: [
      { status: 200, description: '登记后的预算台账', schema: LedgerView },
      { status: 403, description: '预算部门不能修改台账 (FORBIDDEN)' },
    ],
    handler: async ({ params, body, auth }) => ledger.record(auth.user, params.id, body),
  });

  api.route({
    method: 'post',
    path: '/ledger/payments/import',
    tag: '预算台账',
    summary: '导入国库支付数据（multipart/form-data 字段 file，.xlsx：项目编码或项目名称、月份、支付金额）',
    query: z.object({
      county: z.string().min(1, '请选择县区'),
      year: z.coerce.number().int().min(2000).max(2100),
    }),
    responses: [
      {
        status: 200,
        description: '已导入',
        schema: z.object({ importId: z.string(), rows: z.number(), projects: z.number() }),
      },
      { status: 400, description: '逐行列出错误，整份文件未导入 (VALIDATION_FAILED)' },
      { status: 409, description: '同一文件已导入 (CONFLICT)' },
    ],
    handler: async ({ query, auth, req }) => {
      const file = await readSingleFile(req, MAX_BYTES);
      return ledger.importPayments(auth.user, query.county, query.year, file.content);
    },
  });
}
