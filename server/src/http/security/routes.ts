import { z } from 'zod';
import { PasswordPolicySchema } from '../../services/password-policy';
import type { SecurityService } from '../../services/security';
import type { Api } from '../api';

const Username = z.object({ username: z.string().min(1).max(100) });

/** 安全管理: password policy, lockouts and sessions (安全管理员 only, except reading the policy). */
export function registerSecurityRoutes(api: Api, security: SecurityService): void {
  const tag = '安全管理';

  api.route({
    method: 'get',
    path: '/security/password-policy',
    tag,
    summary: '密码策略（任何登录用户可读，修改密码时据此提示）',
    beforePasswordChange: true,
    responses: [
      {
        status: 200,
        description: '当前策略与默认值',
        schema: PasswordPolicySchema.extend({ defaults: PasswordPolicySchema }),
      },
    ],
    handler: () => security.getPolicy(),
  });

  api.route({
    method: 'put',
    path: '/security/password-policy',
    tag,
    summary: '修改密码策略（安全管理员）',
    body: PasswordPolicySchema,
    responses: [{ status: 200, description: '已修改', schema: PasswordPolicySchema }],
    handler: ({ auth, body }) => security.setPolicy(auth.user, body),
  });

  api.route({
    method: 'get',
    path: '/security/lockouts',
    tag,
    summary: '因登录失败过多而锁定的账号（安全管理员）',
    responses: [
      {
        status: 200,
        description: '锁定的账号',
        schema: z.array(
          z.object({ username: z.string(), address: z.string(), failures: z.number(), until: z.date() }),
        ),
      },
    ],
    handler: ({ auth }) => security.lockedAccounts(auth.user),
  });

  api.route({
    method: 'post',
    path: '/security/lockouts/:username/unlock',
    tag,
    summary: '解除账号的登录锁定（安全管理员）',
    params: Username,
    responses: [{ status: 204, description: '已解除' }],
    handler: async ({ auth, params }) => {
      await security.unlock(auth.user, params.username);
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/security/sessions',
    tag,
    summary: '在线会话（安全管理员），可按账号筛选',
    query: z.object({ username: z.string().trim().max(100).optional() }),
    responses: [
      {
        status: 200,
        description: '未结束、未过期的会话',
        schema: z.array(
          z.object({
            id: z.string(),
            username: z.string(),
            displayName: z.string(),
            county: z.string().nullable(),
            createdAt: z.date(),
            lastSeenAt: z.date(),
            expiresAt: z.date(),
            ip: z.string().nullable(),
            userAgent: z.string().nullable(),
          }),
        ),
      },
    ],
    handler: ({ auth, query }) => security.sessions(auth.user, query.username || undefined),
  });

  api.route({
    method: 'post',
    path: '/security/users/:username/end-sessions',
    tag,
    summary: '强制下线：结束账号的全部会话（安全管理员）',
    params: Username,
    responses: [{ status: 200, description: '结束的会话数', schema: z.object({ ended: z.number() }) }],
    handler: async ({ auth, params }) => ({
      ended: await security.endSessionsOf(auth.user, params.username),
    }),
  });
}
