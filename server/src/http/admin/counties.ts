import { z } from 'zod';
import type { Studio } from '../../services/admin';
import type { Api } from '../api';
import {
  CountyId,
  CountyParams,
  DisplayName,
  DraftInfo,
  Forbidden,
  Problem,
  Refused,
  SavedDraft,
  VersionInfo,
} from './schemas';

const Json = z.record(z.string(), z.unknown());

const CreateCounty = z.object({
  id: CountyId,
  name: DisplayName('县区名称'),
  from: z.discriminatedUnion(
    'kind',
    [z.object({ kind: z.literal('base') }), z.object({ kind: z.literal('county'), county: CountyId })],
    { error: '请选择从基础配置新建（base）或复制某个县区（county）' },
  ),
  level: z.string().min(1).optional(),
  source: Json.optional().describe('依据的规程：{title, seed, docNumber?, issuer?, issuedOn?}'),
  orgUnits: z.array(Json).optional(),
  roles: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe('角色 → 单位编码；不填则列出基础流程用到的角色，待管理员映射'),
});

const CountyRow = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string().nullable(),
  status: z.enum(['deployed', 'draft']).describe('draft：新建后尚未发布'),
  inRepository: z.boolean().describe('仓库中有 counties/<id>.json'),
  drafts: z.number().describe('未发布的草稿数'),
  hasDraft: z.boolean(),
  published: z
    .object({ version: z.number().describe('县区配置的版本'), at: z.string(), by: z.string() })
    .nullable()
    .describe('最近一次发布（任一配置、表单或流程的新版本）'),
});

export function registerAdminCountyRoutes(api: Api, studio: Studio): void {
  api.route({
    method: 'get',
    path: '/admin/counties',
    tag: '配置管理',
    summary: '可管理的县区（系统管理员：全部，含尚未发布的；县区管理员：本县区）',
    responses: [{ status: 200, description: '县区列表', schema: z.array(CountyRow) }, Forbidden],
    handler: ({ auth }) => studio.counties.list(auth.user),
  });

  api.route({
    method: 'post',
    path: '/admin/counties',
    tag: '配置管理',
    summary: '新建县区（仅系统管理员）：从基础配置新建，或复制另一县区；结果是待发布的草稿',
    body: CreateCounty,
    status: 201,
    responses: [
      {
        status: 201,
        description: '已建草稿；从基础配置新建时 problems 列出尚待填写的项（JSON Pointer）',
        schema: CountyRow.extend({
          created: z.array(z.object({ kind: z.string(), artifactId: z.string() })),
          problems: z.array(z.object({ path: z.string(), message: z.string() })),
        }),
      },
      { status: 400, description: '复制的县区配置未通过校验，details 为 [{path, message}]（JSON Pointer）' },
      { status: 409, description: '县区编号已被使用' },
      Forbidden,
    ],
    handler: ({ body, auth }) => studio.counties.create(auth.user, body),
  });

  api.route({
    method: 'get',
    path: '/admin/counties/:county',
    tag: '配置管理',
    summary: '县区已发布的配置、草稿，以及已发布的表单和流程',
    params: CountyParams,
    responses: [
      {
        status: 200,
        description: '县区',
        schema: z.object({
          id: z.string(),
          manifest: Json.describe('草稿，没有草稿时为已发布的县区配置'),
          hasDraft: z.boolean(),
          deployed: VersionInfo.extend({ manifest: Json }).nullable(),
          draft: DraftInfo.extend({ manifest: Json }).nullable(),
          artifacts: z.array(
            VersionInfo.extend({
              kind: z.enum(['form', 'process']),
              artifactId: z.string(),
              hasDraft: z.boolean(),
            }),
          ),
          drafts: z.array(DraftInfo.extend({ kind: z.string(), artifactId: z.string() })),
          forms: z.array(
            z.object({ id: z.string(), title: z.string(), overridden: z.boolean(), draft: z.boolean() }),
          ),
          processes: z.array(
            z.object({ id: z.string(), name: z.string(), replaced: z.boolean(), draft: z.boolean() }),
          ),
        }),
      },
      Forbidden,
    ],
    handler: ({ params, auth }) => studio.drafts.county(auth.user, params.county),
  });

  api.route({
    method: 'put',
    path: '/admin/counties/:county/manifest',
    tag: '配置管理',
    summary: '保存县区配置草稿（按县区 JSON Schema 及引用关系校验，错误指明 JSON 路径）',
    params: CountyParams,
    body: z.object({ manifest: Json }),
    responses: [{ status: 200, description: '已保存', schema: SavedDraft }, Refused, Forbidden],
    handler: ({ params, body, auth }) => studio.drafts.saveManifest(auth.user, params.county, body.manifest),
  });

  api.route({
    method: 'delete',
    path: '/admin/counties/:county/manifest',
    tag: '配置管理',
    summary: '放弃县区配置草稿（尚未发布的新县区随之删除）',
    params: CountyParams,
    responses: [{ status: 204, description: '已放弃' }, Forbidden],
    handler: ({ params, auth }) => studio.drafts.discard(auth.user, params.county, 'county', params.county),
  });

  api.route({
    method: 'get',
    path: '/admin/counties/:county/problems',
    tag: '配置管理',
    summary: '发布前检查：县区连同全部草稿的问题（与部署时的检查相同；为空才能发布）',
    params: CountyParams,
    responses: [{ status: 200, description: '问题列表', schema: z.array(Problem) }, Forbidden],
    handler: ({ params, auth }) => studio.drafts.problems(auth.user, params.county),
  });
}
