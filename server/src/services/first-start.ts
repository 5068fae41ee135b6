import type { Models } from '../models';

/** The command that creates the first account, as the README and the refusal below name it. */
export const FIRST_ACCOUNT_COMMAND =
  'npm run pm -- user create --username <账号> --name <姓名> --role superadmin';

/**
 * In production nothing creates accounts by itself (no demo accounts), so a server without an
 * active superadmin could never be administered: it refuses to start and says what to run.
 * Returns the refusal, or undefined when the server may start.
 */
export async function missingFirstAccount(
  models: Models,
  where: { dataDir?: string; mongodbUri?: boolean },
): Promise<string | undefined> {
  if (await models.User.exists({ systemRoles: 'superadmin', active: true })) return undefined;
  const env = where.mongodbUri
    ? '（使用与服务器相同的 MONGODB_URI）'
    : `（使用与服务器相同的 DATA_DIR=${where.dataDir}）`;
  return [
    '',
    '  尚无可用的全平台系统管理员账号，服务器未启动。',
    `  请先在服务器上创建第一个账号${env}：`,
    '',
    `    NODE_ENV=production ${FIRST_ACCOUNT_COMMAND}`,
    '',
    '  命令会要求输入两次密码；然后重新启动服务器，用该账号登录后在“系统管理 → 用户管理”中创建其他账号。',
    '',
  ].join('\n');
}
