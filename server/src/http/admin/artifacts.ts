import { z } from 'zod';
import type { Studio } from '../../services/admin';
import type { Api } from '../api';
import { DraftInfo, Forbidden, FormParams, ProcessParams, Refused, SavedDraft, VersionInfo } from './schemas';

const Json = z.record(z.string(), z.unknown());

export function registerAdminArtifactRoutes(api: Api, studio: Studio): void {
  api.route({
    method: 'get',
    path: '/admin/counties/:county/forms/:formId',
    tag: '配置管理',
    summary: '县区的表单：基础表单、已发布的县区差异、草稿、合并结果和示例数据',
    params: FormParams,
    responses: [
      {
        status: 200,
        description: '表单',
        schema: z.object({
          formId: z.string(),
          county: z.string(),
          base: Json,
          overlay: Json.nullable().describe('已发布版本对基础表单的 JSON Merge Patch；未发布过为 null'),
          draft: DraftInfo.extend({ patch: Json }).nullable(),
          hasDraft: z.boolean(),
          form: Json.describe('同 resolved'),
          resolved: Json.describe('草稿（没有草稿时为已发布的差异）合并到基础表单后的完整表单'),
          deployed: VersionInfo.nullable(),
          example: Json.nullable(),
        }),
      },
      Forbidden,
    ],
    handler: ({ params, auth }) => studio.drafts.form(auth.user, params.county, params.formId),
  });

  api.route({
    method: 'put',
    path: '/admin/counties/:county/forms/:formId',
    tag: '配置管理',
    summary: '保存表单草稿：提交完整表单，只保存它对基础表单的 JSON Merge Patch；合并结果须通过表单校验',
    params: FormParams,
    body: z.object({ form: Json.describe('县区应有的完整表单 {id, title, version, schemaVersion, schema}') }),
    responses: [{ status: 200, description: '已保存', schema: SavedDraft }, Refused, Forbidden],
    handler: ({ params, body, auth }) =>
      studio.drafts.saveForm(auth.user, params.county, params.formId, body.form),
  });

  api.route({
    method: 'delete',
    path: '/admin/counties/:county/forms/:formId',
    tag: '配置管理',
    summary: '放弃表单草稿',
    params: FormParams,
    responses: [{ status: 204, description: '已放弃' }, Forbidden],
    handler: ({ params, auth }) => studio.drafts.discard(auth.user, params.county, 'form', params.formId),
  });

  api.route({
    method: 'get',
    path: '/admin/counties/:county/processes/:processId',
    tag: '配置管理',
    summary: '县区的流程：基础流程、已发布版本、草稿（BPMN XML）',
    params: ProcessParams,
    responses: [
      {
        status: 200,
        description: '流程',
        schema: z.object({
          processId: z.string(),
          county: z.string(),
          base: z.string(),
          baseXml: z.string().describe('同 base'),
          replaced: z.boolean().describe('已发布的流程与基础流程不同'),
          hasDraft: z.boolean(),
          deployed: VersionInfo.extend({ xml: z.string() }).nullable(),
          draft: DraftInfo.extend({ xml: z.string() }).nullable(),
          xml: z.string().describe('草稿，没有草稿时为已发布版本，都没有时为基础流程'),
        }),
      },
      Forbidden,
    ],
    handler: ({ params, auth }) => studio.drafts.process(auth.user, params.county, params.processId),
  });

  api.route({
    method: 'put',
    path: '/admin/counties/:county/processes/:processId',
    tag: '配置管理',
    summary: '保存流程草稿（BPMN XML）：用流程引擎按本县区配置检查，问题指明元素 id',
    params: ProcessParams,
    body: z.object({ xml: z.string().min(1, '请提交 BPMN XML').max(5_000_000, '流程图过大') }),
    responses: [{ status: 200, description: '已保存', schema: SavedDraft }, Refused, Forbidden],
    handler: ({ params, body, auth }) =>
      studio.drafts.saveProcess(auth.user, params.county, params.processId, body.xml),
  });

  api.route({
    method: 'delete',
    path: '/admin/counties/:county/processes/:processId',
    tag: '配置管理',
    summary: '放弃流程草稿',
    params: ProcessParams,
    responses: [{ status: 204, description: '已放弃' }, Forbidden],
    handler: ({ params, auth }) =>
      studio.drafts.discard(auth.user, params.county, 'process', params.processId),
  });
}
