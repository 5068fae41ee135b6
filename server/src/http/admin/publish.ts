import { z } from 'zod';
import type { Studio } from '../../services/admin';
import type { Api } from '../api';
import {
  ArtifactId,
  CountyId,
  CountyParams,
  Forbidden,
  Kind,
  Publication,
  PublishResult,
  Refused,
} from './schemas';

export function registerAdminPublishRoutes(api: Api, studio: Studio): void {
  api.route({
    method: 'post',
    path: '/admin/counties/:county/publish',
    tag: '配置管理',
    summary: '发布县区的全部草稿：检查通过后只为有变化的配置、表单和流程新建版本，记录发布并清除草稿',
    params: CountyParams,
    body: z.object({ note: z.string().max(200, '说明最多 200 字').optional() }).optional(),
    responses: [
      { status: 200, description: '已发布', schema: PublishResult },
      Refused,
      { status: 409, description: '没有待发布的草稿' },
      Forbidden,
    ],
    handler: ({ params, body, auth }) => studio.publish.publish(auth.user, params.county, body?.note),
  });

  api.route({
    method: 'get',
    path: '/admin/counties/:county/history',
    tag: '配置管理',
    summary: '部署历史：每个配置、表单、流程的版本（谁、何时、来自仓库还是工作室）及发布记录',
    params: CountyParams,
    query: z.object({ kind: Kind.optional(), artifactId: ArtifactId.optional() }),
    responses: [
      {
        status: 200,
        description: '历史',
        schema: z.object({
          county: z.string(),
          artifacts: z.array(
            z.object({
              kind: Kind,
              artifactId: z.string(),
              versions: z.array(
                z.object({
                  version: z.number(),
                  source: z.enum(['repository', 'studio']),
                  note: z.string().optional(),
                  createdBy: z.string(),
                  createdAt: z.string(),
                }),
              ),
            }),
          ),
          publications: z.array(Publication),
        }),
      },
      Forbidden,
    ],
    handler: ({ params, query, auth }) => studio.history.history(auth.user, params.county, query),
  });

  api.route({
    method: 'post',
    path: '/admin/counties/:county/rollback',
    tag: '配置管理',
    summary: '恢复某一配置、表单或流程的早先版本：以其内容新建一个版本（运行中的流程不受影响）',
    params: CountyParams,
    body: z.object({
      kind: Kind,
      artifactId: ArtifactId,
      version: z.number({ error: '请指定版本号' }).int().positive('版本号应为正整数'),
    }),
    responses: [
      { status: 200, description: '已恢复', schema: PublishResult },
      Refused,
      { status: 404, description: '没有该版本' },
      { status: 409, description: '当前内容已与该版本相同' },
      Forbidden,
    ],
    handler: ({ params, body, auth }) => studio.history.rollback(auth.user, params.county, body),
  });

  api.route({
    method: 'get',
    path: '/admin/counties/:county/diff',
    tag: '配置管理',
    summary: '用财政干部的话比较：本县区的草稿或已发布配置，与基础配置、已发布版本或另一县区',
    params: CountyParams,
    query: z.object({
      of: z.enum(['draft', 'deployed'], { error: 'of 应为 draft 或 deployed' }).default('draft'),
      against: z
        .union([z.enum(['base', 'deployed']), CountyId], { error: 'against 应为 base、deployed 或县区编号' })
        .default('base')
        .describe('base：基础配置；deployed：本县区已发布的版本；或另一县区的编号（其已发布的版本）'),
    }),
    responses: [
      {
        status: 200,
        description: '差异（b 相对 a）',
        schema: z.object({
          a: z.string(),
          b: z.string(),
          entries: z.array(z.record(z.string(), z.unknown())),
          sentences: z.array(z.string()),
        }),
      },
      Forbidden,
    ],
    handler: ({ params, query, auth }) => studio.diff.diff(auth.user, params.county, query),
  });
}
