import { STAGE_IDS, STAGE_LABELS } from '@pm/config';
import { z } from 'zod';
import type { AccessPolicy } from '../../services/access';
import type { CountyDirectory } from '../../services/county-directory';
import type { Api } from '../api';

const CountySummary = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  stages: z.array(z.object({ id: z.string(), label: z.string(), enabled: z.boolean() })),
});

export function registerCountyRoutes(api: Api, counties: CountyDirectory, access: AccessPolicy): void {
  api.route({
    method: 'get',
    path: '/counties',
    tag: '县区',
    summary: '县区及其启用的环节（超级管理员看到全部，其他用户只看到本县区）',
    responses: [{ status: 200, description: '县区列表', schema: z.array(CountySummary) }],
    handler: ({ auth }) =>
      counties
        .list()
        .filter((c) => access.isSuperadmin(auth.user) || c.id === auth.user.county)
        .map((c) => ({
          id: c.id,
          name: c.name,
          level: c.level,
          stages: STAGE_IDS.map((id) => ({
            id,
            label: STAGE_LABELS[id],
            enabled: Boolean(c.stages[id]?.enabled),
          })),
        })),
  });
}
