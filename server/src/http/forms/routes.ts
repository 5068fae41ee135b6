import { z } from 'zod';
import { AppError } from '../../errors';
import type { AccessPolicy } from '../../services/access';
import type { DeploymentService } from '../../services/deployments';
import type { Api } from '../api';

export function registerFormRoutes(api: Api, deployments: DeploymentService, access: AccessPolicy): void {
  api.route({
    method: 'get',
    path: '/forms/:formId/example',
    tag: '表单',
    summary: '某县区已部署表单的示例数据（一条可通过校验的记录）',
    params: z.object({ formId: z.string().regex(/^[a-z0-9-]{1,80}$/, '表单编号格式不正确') }),
    query: z.object({ county: z.string().min(1).optional() }),
    responses: [
      {
        status: 200,
        description: '示例',
        schema: z.object({ formId: z.string(), county: z.string(), version: z.number(), data: z.unknown() }),
      },
    ],
    handler: async ({ params, query, auth }) => {
      const county = query.county ?? auth.user.county;
      if (!county)
        throw new AppError('VALIDATION_FAILED', 400, '请指定县区', [
          { path: 'county', message: '请指定县区' },
        ]);
      if (!access.isSuperadmin(auth.user) && county !== auth.user.county)
        throw new AppError('NOT_FOUND', 404, '表单不存在');
      const form = await deployments.latestForm(county, params.formId);
      if (!form) throw new AppError('NOT_FOUND', 404, `县区 ${county} 未部署表单 ${params.formId}`);
      if (!form.example) throw new AppError('NOT_FOUND', 404, `表单 ${params.formId} 没有示例数据`);
      return { formId: form.formId, county, version: form.version, data: form.example };
    },
  });
}
