import os from 'node:os';
import type { Logger } from 'pino';
import { countySource } from '@pm/server/dist/bootstrap';
import { SYSTEM_ROLES, type SystemRole } from '@pm/server/dist/models/user';
import { syncIndexes } from '@pm/server/dist/models';
import { AccessPolicy } from '@pm/server/dist/services/access';
import { AccountService, USERNAME, USERNAME_RULE } from '@pm/server/dist/services/accounts';
import { AuditLog } from '@pm/server/dist/services/audit-log';
import { AuditTrail } from '@pm/server/dist/services/audit/trail';
import { systemClock } from '@pm/server/dist/services/clock';
import { CountyDirectory } from '@pm/server/dist/services/county-directory';
import { DeploymentService } from '@pm/server/dist/services/deployments';
import { LoginThrottle } from '@pm/server/dist/services/login-throttle';
import { PasswordPolicyService } from '@pm/server/dist/services/password-policy';
import { SYSTEM_ROLE_LABELS } from '@pm/server/dist/services/system-roles';
import { AppError } from '@pm/server/dist/errors';

import { parseArgs, stringOption, UsageError } from '../args';
import { CliError, openDatabase, type OpenDatabase } from '../database';
import type { Io } from '../io';
import { repositoryDir } from '../repository';

async function readPassword(io: Io): Promise<string> {
  const stdin = io.stdin;
  if (!stdin) throw new CliError('无法读取密码：没有标准输入');
  if (!stdin.isTTY) {
    const first = (await stdin.readAll()).split(/\r?\n/)[0] ?? '';
    if (!first)
      throw new CliError(
        '请从标准输入提供密码（第一行），例如：printf "%s\\n" "$PASSWORD" | npm run pm -- user create ...',
      );
    return first;
  }
  const once = await stdin.askHidden('请输入密码：');
  const twice = await stdin.askHidden('请再次输入密码：');
  if (once !== twice) throw new CliError('两次输入的密码不一致，未做任何修改');
  if (!once) throw new CliError('密码不能为空，未做任何修改');
  return once;
}

async function accountService(database: OpenDatabase, io: Io): Promise<AccountService> {
  const { models, db, config } = database;
  await syncIndexes(models);
  const counties = await CountyDirectory.load(countySource(new DeploymentService(models, systemClock)));
  // Sealing problems are the scheduler's to retry; the command says so and goes on.
  const logger = {
    warn: (_obj: unknown, message: string) => io.err(`审计记录封存失败（服务器启动后会重试）：${message}`),
  };
  const audit = new AuditLog(
    models,
    counties,
    systemClock,
    new AuditTrail(models, systemClock, logger as unknown as Logger),
  );
  return new AccountService(
    models,
    counties,
    new AccessPolicy(counties),
    new PasswordPolicyService(models, systemClock),
    audit,
    new LoginThrottle(db, {
      maxFailures: config.login.maxFailures,
      lockMinutes: config.login.lockMinutes,
      maxUnknownPerAddress: config.login.maxUnknownPerHour,
    }),
    systemClock,
  );
}

function explain(err: unknown): never {
  if (err instanceof AppError) {
    const details = Array.isArray(err.details) ? err.details.map((d) => `  ${d.message}`) : [];
    const lines = [...new Set([err.message, ...details.filter((d) => !err.message.includes(d.trim()))])];
    throw new CliError(`${lines.join('\n')}\n未做任何修改`);
  }
  throw err;
}

export async function user(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create' && sub !== 'reset-password')
    throw new UsageError(sub ? `不认识的子命令“${sub}”` : '请指定子命令 create 或 reset-password');
  const args = parseArgs(rest, ['username', 'name', 'role', 'county', 'org-unit', 'repo']);
  if (args.positionals.length > 0) throw new UsageError(`不接受参数：${args.positionals.join(' ')}`);
  const username = stringOption(args, 'username');
  if (!username) throw new UsageError('请用 --username 指定账号');
  if (!USERNAME.test(username)) throw new UsageError(USERNAME_RULE);
  const actor = `cli:${os.userInfo().username}`;

  if (sub === 'create') {
    const role = stringOption(args, 'role');
    if (!role) throw new UsageError('请用 --role 指定角色');
    if (role !== 'none' && !SYSTEM_ROLES.includes(role as SystemRole))
      throw new UsageError(`不认识的角色“${role}”，可选：${SYSTEM_ROLES.join('、')}、none`);
    const password = await readPassword(io);
    const database = await openDatabase(io, repositoryDir(io, stringOption(args, 'repo')));
    try {
      const accounts = await accountService(database, io);
      const created = await accounts
        .createFromCommandLine(
          {
            username,
            displayName: stringOption(args, 'name') ?? username,
            county: stringOption(args, 'county'),
            orgUnit: stringOption(args, 'org-unit'),
            systemRoles: role === 'none' ? [] : [role as SystemRole],
            password,
          },
          actor,
        )
        .catch(explain);
      const roles =
        created.systemRoles.map((r) => SYSTEM_ROLE_LABELS[r as SystemRole]).join('、') || '普通用户';
      io.out(`已在${database.where} 中新建账号 ${created.username}（${created.displayName}，${roles}）`);
      return 0;
    } finally {
      await database.close();
    }
  }

  const password = await readPassword(io);
  const database = await openDatabase(io, repositoryDir(io, stringOption(args, 'repo')));
  try {
    const accounts = await accountService(database, io);
    await accounts.setPasswordFromCommandLine(username, password, actor).catch(explain);
    io.out(`已为账号 ${username} 设置新密码（${database.where}），其登录已全部结束`);
    return 0;
  } finally {
    await database.close();
  }
}
