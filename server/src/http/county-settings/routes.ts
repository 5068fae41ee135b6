import { countySettingValues } from '@pm/config';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { AuthenticatedUser } from '../../services/auth';
import type { AccessPolicy } from '../../services/access';
import type { CountyDirectory } from '../../services/county-directory';
import type { Api } from '../api';

const CountyParam = z.object({ id: z.string().regex(/^[a-z0-9-]{1,60}$/, '县区编号格式不正确') });

/**
 * What the browser's forms need from a county manifest: its settings (a form's `$settings`, e.g. the
 * indicator library, score weights and grade bands) and its org units (OrgUnitSelect). Same county only.
 */
export function registerCountySettingsRoutes(
  api: Api,
  counties: CountyDirectory,
  access: AccessPolicy,
): void {
  const countyFor = (user: AuthenticatedUser, id: string) => {
    const county = counties.get(id);
    if (!county || (!access.isSuperadmin(user) && user.county !== id))
      throw new AppError('NOT_FOUND', 404, '县区不存在');
    return county;
  };

  api.route({
    method: 'get',
    path: '/counties/:id/settings',
    tag: '县区',
    summary: '县区的参数设置（表单中的 $settings，如指标库、分值权重、等级划分）',
    params: CountyParam,
    responses: [{ status: 200, description: '参数', schema: z.record(z.string(), z.unknown()) }],
    handler: ({ params, auth }) => countySettingValues(countyFor(auth.user, params.id)),
  });

  api.route({
    method: 'get',
    path: '/counties/:id/org-units',
    tag: '县区',
    summary: '县区的单位（预算部门、财政股室等）',
    params: CountyParam,
    responses: [
      {
        status: 200,
        description: '单位列表',
        schema: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
      },
    ],
    handler: ({ params, auth }) =>
      countyFor(auth.user, params.id).orgUnits.map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
  });
}
