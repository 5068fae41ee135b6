import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { IndicatorImportService } from '../../services/imports/indicators';
import type { ProjectImportService } from '../../services/imports/projects';
import { MAX_IMPORT_BYTES } from '../../services/imports/workbook';
import type { Api } from '../api';
import { sendFile } from '../exports/send';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The uploaded file is the request body itself (the page sends the file as is); bounded in size. */
export function readUpload(req: Request, limit = MAX_IMPORT_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A body the JSON parser already read (sent as application/json) would never end here: refuse it.
    if (req.readableEnded) {
      reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 415, '请直接上传 .xlsx 文件（不是 JSON）'));
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new AppError('PAYLOAD_TOO_LARGE', 413, `文件超过 ${limit / 1024 / 1024} MB，请分批导入`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new AppError('PAYLOAD_TOO_LARGE', 413, `文件超过 ${limit / 1024 / 1024} MB，请分批导入`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const ErrorRow = z.object({ path: z.string(), row: z.number(), column: z.string(), message: z.string() });

export function registerImportRoutes(
  api: Api,
  imports: ProjectImportService,
  indicators: IndicatorImportService,
): void {
  api.route({
    method: 'get',
    path: '/imports/indicators/template',
    tag: '导入',
    summary: '下载指标库（共性指标和分行业分领域指标，.xlsx，即当前指标库，可修改后导入）',
    query: z.object({ county: z.string({ error: '请选择县区' }).min(1, '请选择县区') }),
    responses: [
      { status: 200, description: '.xlsx' },
      { status: 403, description: '仅县区管理员 (FORBIDDEN)' },
    ],
    handler: async ({ query, auth, res }) => {
      const body = await indicators.template(auth.user, query.county);
      sendFile(res, { filename: '指标库.xlsx', contentType: XLSX, body });
    },
  });

  api.route({
    method: 'post',
    path: '/imports/indicators',
    tag: '导入',
    summary: '导入指标库（请求体为 .xlsx 文件本身）：全部检查通过后保存为县区配置草稿，在配置工作台发布',
    query: z.object({ county: z.string({ error: '请选择县区' }).min(1, '请选择县区') }),
    responses: [
      {
        status: 200,
        description: '已保存为草稿',
        schema: z.object({ rows: z.number(), common: z.number(), industry: z.number(), draft: z.boolean() }),
      },
      { status: 400, description: '有错误，按行列出，指标库未改动 (VALIDATION_FAILED)' },
    ],
    handler: async ({ query, auth, req }) => {
      const body = await readUpload(req);
      return indicators.importLibrary(auth.user, query.county, body);
    },
  });

  api.route({
    method: 'get',
    path: '/imports/projects/template',
    tag: '导入',
    summary: '下载项目库导入模板（.xlsx，含本县区部门名称）',
    query: z.object({ county: z.string({ error: '请选择县区' }).min(1, '请选择县区') }),
    responses: [{ status: 200, description: '.xlsx 模板' }],
    handler: async ({ query, auth, res }) => {
      const body = await imports.template(auth.user, query.county);
      sendFile(res, { filename: '项目库导入模板.xlsx', contentType: XLSX, body });
    },
  });

  api.route({
    method: 'post',
    path: '/imports/projects',
    tag: '导入',
    summary: '导入项目库（请求体为 .xlsx 文件本身；先检查全部行，有错误则不导入任何项目）',
    query: z.object({
      county: z.string({ error: '请选择县区' }).min(1, '请选择县区'),
      dryRun: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true')
        .describe('true：只检查不写入'),
    }),
    responses: [
      {
        status: 200,
        description: '导入结果',
        schema: z.object({
          rows: z.number(),
          created: z.number(),
          updated: z.number(),
          unchanged: z.number(),
          dryRun: z.boolean(),
        }),
      },
      { status: 400, description: '文件或行有错误，details 按行列出 (VALIDATION_FAILED)', schema: ErrorRow },
      { status: 413, description: '文件过大 (PAYLOAD_TOO_LARGE)' },
    ],
    handler: async ({ query, auth, req }) => {
      imports.assertCanImport(auth.user, query.county);
      const body = await readUpload(req);
      return imports.importProjects(auth.user, query.county, body, query.dryRun);
    },
  });
}
