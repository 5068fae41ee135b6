import { z } from 'zod';
import type { AuthService } from '../../services/auth';
import type { CountyDirectory } from '../../services/county-directory';
import { toUserView } from '../../services/users';
import type { Api } from '../api';

export const LoginBody = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(100, '用户名过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200, '密码过长'),
});

export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  county: z.object({ id: z.string(), name: z.string() }).nullable(),
  orgUnit: z
    .object({ code: z.string(), name: z.string(), kind: z.string(), readOnly: z.boolean() })
    .nullable(),
  systemRoles: z.array(z.string()),
  roles: z.array(z.string()).describe('由县区配置的角色映射得出的业务角色'),
});

export function registerAuthRoutes(api: Api, auth: AuthService, counties: CountyDirectory): void {
  api.route({
    method: 'post',
    path: '/auth/login',
    tag: '认证',
    summary: '登录，返回访问令牌',
    auth: false,
    body: LoginBody,
    responses: [
      {
        status: 200,
        description: '登录成功',
        schema: z.object({ token: z.string(), expiresAt: z.string(), user: UserViewSchema }),
      },
      { status: 401, description: '用户名或密码错误 (INVALID_CREDENTIALS)' },
      { status: 429, description: '失败次数过多 (TOO_MANY_ATTEMPTS)' },
    ],
    handler: async ({ body, req }) => {
      const result = await auth.login({
        username: body.username,
        password: body.password,
        ip: req.ip ?? 'unknown',
        userAgent: req.get('user-agent'),
      });
      return { token: result.token, expiresAt: result.expiresAt, user: toUserView(result.user, counties) };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/logout',
    tag: '认证',
    summary: '退出登录（注销当前令牌）',
    responses: [{ status: 204, description: '已注销' }],
    handler: async ({ auth: ctx }) => {
      await auth.logout(ctx.sessionId);
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/me',
    tag: '认证',
    summary: '当前用户',
    responses: [{ status: 200, description: '当前用户', schema: z.object({ user: UserViewSchema }) }],
    handler: ({ auth: ctx }) => ({ user: toUserView(ctx.user, counties) }),
  });
}
