import { z } from 'zod';
import type { ReportPackageService } from '../../services/packages';
import type { Api } from '../api';
import { sendFile } from '../exports/send';

const PackageView = z.object({
  id: z.string(),
  instanceId: z.string(),
  stageId: z.string(),
  recipient: z.string().describe('报送对象，如 区人大'),
  title: z.string(),
  filename: z.string(),
  size: z.number(),
  contents: z.array(z.object({ title: z.string(), project: z.string(), page: z.number() })),
  createdAt: z.string(),
});

export function registerPackageRoutes(api: Api, packages: ReportPackageService): void {
  api.route({
    method: 'get',
    path: '/instances/:id/packages',
    tag: '报送材料',
    summary: '流程的报送环节留下的报送材料（报送人大、政府或市财政）',
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '流程编号格式不正确') }),
    responses: [{ status: 200, description: '报送材料', schema: z.array(PackageView) }],
    handler: ({ params, auth }) => packages.forInstance(auth.user, params.id),
  });

  api.route({
    method: 'get',
    path: '/packages/:id',
    tag: '报送材料',
    summary: '下载报送材料（PDF，含封面目录和各表格）',
    params: z.object({ id: z.string().min(1).max(200) }),
    responses: [
      { status: 200, description: 'application/pdf' },
      { status: 404, description: '不存在或无权查看 (NOT_FOUND)' },
    ],
    handler: async ({ params, auth, res }) => {
      sendFile(res, await packages.file(auth.user, params.id));
    },
  });
}
