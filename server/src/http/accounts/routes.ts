import { z } from 'zod';
import { AppError } from '../../errors';
import { SYSTEM_ROLES } from '../../models/user';
import { accountTemplate } from '../../services/account-sheet';
import { USERNAME, USERNAME_RULE, type AccountService } from '../../services/accounts';
import type { CountyDirectory } from '../../services/county-directory';
import type { Api } from '../api';
import { readSingleFile } from '../attachments/multipart';
import { sendXlsx } from '../xlsx';

const ObjectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');
const Id = z.object({ id: ObjectId });

const DisplayName = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, '请填写姓名')
  .max(50, '姓名不能超过 50 个字');
const SystemRoles = z.array(z.enum(SYSTEM_ROLES, { error: '系统角色不正确' }), { error: '系统角色不正确' });
const Code = z.string().trim().max(100, '代码过长').nullable().optional();

export const AccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  county: z.object({ id: z.string(), name: z.string() }).nullable(),
  orgUnit: z.object({ code: z.string(), name: z.string() }).nullable(),
  systemRoles: z.array(z.string()),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  demo: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date().nullable(),
});
const WithPassword = z.object({
  account: AccountSchema,
  oneTimePassword: z.string().describe('一次性密码，只返回这一次；首次登录须修改'),
});

const MAX_SHEET_BYTES = 2 * 1024 * 1024;

/** 用户管理 (系统管理员): /api/admin/users. Who may manage whom is decided in AccountService. */
export function registerAccountRoutes(api: Api, accounts: AccountService, counties: CountyDirectory): void {
  const tag = '用户管理';

  api.route({
    method: 'get',
    path: '/admin/users',
    tag,
    summary: '账号列表（全平台系统管理员：全部；县区系统管理员：本县区）',
    query: z.object({
      q: z.string().trim().max(100).optional().describe('账号或姓名中的文字'),
      county: z.string().max(100).optional().describe('县区 id；system 为不属于县区的账号'),
      orgUnit: z.string().max(100).optional(),
      role: z.union([z.enum(SYSTEM_ROLES), z.literal('none')]).optional(),
      active: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: [
      {
        status: 200,
        description: '账号',
        schema: z.object({ total: z.number(), items: z.array(AccountSchema) }),
      },
      { status: 403, description: '不是系统管理员 (FORBIDDEN)' },
    ],
    handler: ({ auth, query }) =>
      accounts.list(auth.user, {
        ...query,
        active: query.active === undefined ? undefined : query.active === 'true',
      }),
  });

  api.route({
    method: 'post',
    path: '/admin/users',
    tag,
    summary: '新建账号（返回一次性密码）',
    status: 201,
    body: z.object({
      username: z.string({ error: '请填写账号' }).trim().regex(USERNAME, USERNAME_RULE),
      displayName: DisplayName,
      county: Code,
      orgUnit: Code,
      systemRoles: SystemRoles.default([]),
    }),
    responses: [
      { status: 201, description: '已新建', schema: WithPassword },
      {
        status: 400,
        description: '字段有误：账号重复、单位不存在、三员分立不允许的角色组合 (VALIDATION_FAILED)',
      },
    ],
    handler: ({ auth, body }) => accounts.create(auth.user, body),
  });

  api.route({
    method: 'get',
    path: '/admin/users/placements',
    tag,
    summary: '可安排账号的县区及其单位（新建、修改账号时选择）',
    responses: [
      {
        status: 200,
        description: '县区与单位',
        schema: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            orgUnits: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
          }),
        ),
      },
    ],
    handler: ({ auth }) => accounts.placements(auth.user),
  });

  api.route({
    method: 'get',
    path: '/admin/users/import-template',
    tag,
    summary: '批量导入模板（.xlsx：姓名、账号、所属单位、角色）',
    query: z.object({ county: z.string().max(100).optional() }),
    responses: [{ status: 200, description: '模板文件' }],
    handler: async ({ auth, query, res }) => {
      const id = query.county ?? auth.user.county;
      const county = id ? counties.get(id) : undefined;
      if (!county)
        throw new AppError('VALIDATION_FAILED', 400, '请选择县区', [
          { path: 'county', message: '请选择县区' },
        ]);
      // Only an administrator of that county gets its template (it lists the county's units).
      await accounts.list(auth.user, { county: county.id, limit: 1, offset: 0 });
      return sendXlsx(res, `${county.name}账号导入模板.xlsx`, await accountTemplate(county));
    },
  });

  api.route({
    method: 'post',
    path: '/admin/users/import',
    tag,
    summary: '从 .xlsx 批量新建账号（multipart/form-data，字段 file；任何一行有误则不导入任何账号）',
    query: z.object({ county: z.string().max(100).optional() }),
    status: 201,
    responses: [
      { status: 201, description: '已导入', schema: z.object({ created: z.array(WithPassword) }) },
      { status: 400, description: '逐行列出的问题，未导入任何账号 (VALIDATION_FAILED)' },
    ],
    handler: async ({ auth, query, req }) => {
      const county = query.county ?? auth.user.county;
      if (!county)
        throw new AppError('VALIDATION_FAILED', 400, '请选择县区', [
          { path: 'county', message: '请选择县区' },
        ]);
      const file = await readSingleFile(req, MAX_SHEET_BYTES);
      return accounts.createMany(auth.user, county, file.content);
    },
  });

  api.route({
    method: 'get',
    path: '/admin/users/:id',
    tag,
    summary: '账号详情',
    params: Id,
    responses: [{ status: 200, description: '账号', schema: AccountSchema }],
    handler: ({ auth, params }) => accounts.get(auth.user, params.id),
  });

  api.route({
    method: 'patch',
    path: '/admin/users/:id',
    tag,
    summary: '修改账号（姓名、县区、所属单位、系统角色）',
    params: Id,
    body: z.object({
      displayName: DisplayName.optional(),
      county: Code,
      orgUnit: Code,
      systemRoles: SystemRoles.optional(),
    }),
    responses: [{ status: 200, description: '已修改', schema: AccountSchema }],
    handler: ({ auth, params, body }) => accounts.update(auth.user, params.id, body),
  });

  for (const [action, active, summary] of [
    ['disable', false, '停用账号（其登录立即失效）'],
    ['enable', true, '启用账号'],
  ] as const) {
    api.route({
      method: 'post',
      path: `/admin/users/:id/${action}`,
      tag,
      summary,
      params: Id,
      responses: [{ status: 200, description: summary, schema: AccountSchema }],
      handler: ({ auth, params }) => accounts.setActive(auth.user, params.id, active),
    });
  }

  api.route({
    method: 'post',
    path: '/admin/users/:id/reset-password',
    tag,
    summary: '重置密码（返回一次性密码，下次登录须修改；其登录立即失效）',
    params: Id,
    responses: [{ status: 200, description: '已重置', schema: WithPassword }],
    handler: ({ auth, params }) => accounts.resetPassword(auth.user, params.id),
  });

  api.route({
    method: 'post',
    path: '/admin/users/:id/unlock',
    tag,
    summary: '解除登录锁定',
    params: Id,
    responses: [{ status: 204, description: '已解除' }],
    handler: async ({ auth, params }) => {
      await accounts.unlock(auth.user, params.id);
      return undefined;
    },
  });
}
