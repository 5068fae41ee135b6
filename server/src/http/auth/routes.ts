import { z } from 'zod';
import { AppError } from '../../errors';
import type { AccountService } from '../../services/accounts';
import type { AuthService } from '../../services/auth';
import type { CountyDirectory } from '../../services/county-directory';
import type { PasswordChangeReason } from '../../services/password-gate';
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
  passwordChange: z
    .enum(['one-time', 'expired'])
    .nullable()
    .describe('须先修改密码的原因（一次性密码、密码过期），否则为 null'),
});

const PasswordBody = z.object({
  current: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(200, '密码过长'),
  next: z.string({ error: '请输入新密码' }).min(1, '请输入新密码').max(200, '密码过长'),
});

export function registerAuthRoutes(
  api: Api,
  auth: AuthService,
  counties: CountyDirectory,
  accounts: AccountService,
  passwordChange: (user: Parameters<typeof toUserView>[0]) => Promise<PasswordChangeReason | undefined>,
  demoAccounts: boolean,
): void {
  api.route({
    method: 'get',
    path: '/auth/options',
    tag: '认证',
    summary: '登录页的提示：是否有演示账号（生产环境没有）',
    auth: false,
    responses: [{ status: 200, description: '登录选项', schema: z.object({ demoAccounts: z.boolean() }) }],
    handler: () => ({ demoAccounts }),
  });

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
      const ip = req.ip ?? 'unknown';
      let result: Awaited<ReturnType<AuthService['login']>>;
      try {
        result = await auth.login({
          username: body.username,
          password: body.password,
          ip,
          userAgent: req.get('user-agent'),
        });
      } catch (err) {
        if (err instanceof AppError) await accounts.loginFailed(body.username, ip, err.message);
        throw err;
      }
      await accounts.loggedIn(result.user, ip, req.get('user-agent'));
      return {
        token: result.token,
        expiresAt: result.expiresAt,
        user: {
          ...toUserView(result.user, counties),
          passwordChange: (await passwordChange(result.user)) ?? null,
        },
      };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/logout',
    tag: '认证',
    summary: '退出登录（注销当前令牌）',
    beforePasswordChange: true,
    responses: [{ status: 204, description: '已注销' }],
    handler: async ({ auth: ctx }) => {
      await auth.logout(ctx.sessionId);
      await accounts.loggedOut(ctx.user);
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/me',
    tag: '认证',
    summary: '当前用户',
    beforePasswordChange: true,
    responses: [{ status: 200, description: '当前用户', schema: z.object({ user: UserViewSchema }) }],
    handler: ({ auth: ctx, req }) => ({
      user: { ...toUserView(ctx.user, counties), passwordChange: req.passwordChange ?? null },
    }),
  });

  api.route({
    method: 'post',
    path: '/auth/password',
    tag: '认证',
    summary: '修改本人密码（一次性密码或过期密码须先改此处；本人其他登录随之失效）',
    beforePasswordChange: true,
    body: PasswordBody,
    responses: [
      { status: 204, description: '已修改' },
      { status: 400, description: '当前密码不正确，或新密码不符合密码策略 (VALIDATION_FAILED)' },
    ],
    handler: async ({ auth: ctx, body }) => {
      await accounts.changeOwnPassword(ctx.user, ctx.sessionId, body.current, body.next);
      return undefined;
    },
  });

  api.route({
    method: 'get',
    path: '/me/logins',
    tag: '认证',
    summary: '本人最近的登录记录（含失败的尝试）',
    responses: [
      {
        status: 200,
        description: '最近 10 次',
        schema: z.array(
          z.object({
            at: z.date(),
            succeeded: z.boolean(),
            ip: z.string().nullable(),
            userAgent: z.string().nullable(),
          }),
        ),
      },
    ],
    handler: ({ auth: ctx }) => accounts.recentLogins(ctx.user),
  });
}
