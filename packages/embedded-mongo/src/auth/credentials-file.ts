/**
 * The credentials of a persistent store live in its data directory, in a file only its owner may
 * read: created with a random password on first start, reused afterwards, by every program that
 * opens the directory (`npm start`, `npm run pm`, the `embedded-mongo` CLI). A file others can
 * read or write is refused rather than trusted: anyone who could read it could log in, anyone
 * who could write it could choose the password.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedMongoUser } from './users';

export const CREDENTIALS_FILE = 'store-credentials.json';
export const DEFAULT_USERNAME = 'pm';

/** The message says what is wrong and how to fix it; callers print it as it is. */
export class CredentialsFileError extends Error {}

/** 32 characters of base64url: safe in a URI, a shell and a JSON file without escaping. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

const checksOwnership = process.platform !== 'win32';

async function checkPrivate(path: string): Promise<void> {
  const stat = await fsp.lstat(path);
  if (!stat.isFile()) {
    throw new CredentialsFileError(
      `数据库凭据文件 ${path} 不是普通文件（可能是符号链接）：请删除它后重新启动，会生成新的凭据`,
    );
  }
  if (!checksOwnership) return;
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new CredentialsFileError(
      `数据库凭据文件 ${path} 属于另一个用户（uid ${stat.uid}），不能信任：请确认来源后以当前用户执行 chown ${uid} ${path} 并 chmod 600 ${path}，或删除它重新生成`,
    );
  }
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    throw new CredentialsFileError(
      `数据库凭据文件 ${path} 的权限是 ${mode}，同组或其他用户也能读写，拒绝使用：请执行 chmod 600 ${path} 后重新启动（如怀疑密码已泄露，删除该文件，重启时会生成新密码）`,
    );
  }
}

function parse(path: string, text: string): EmbeddedMongoUser {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CredentialsFileError(
      `数据库凭据文件 ${path} 不是有效的 JSON：请修正它，或删除它让下次启动生成新的凭据`,
    );
  }
  const v = value as Partial<EmbeddedMongoUser> | null;
  if (typeof v?.username !== 'string' || !v.username || typeof v.password !== 'string' || !v.password) {
    throw new CredentialsFileError(
      `数据库凭据文件 ${path} 缺少 username 或 password：请修正它，或删除它让下次启动生成新的凭据`,
    );
  }
  return { username: v.username, password: v.password };
}

/** Reads `<dir>/store-credentials.json`, creating it (mode 0600) with a new password if missing. */
export async function loadOrCreateCredentials(
  dir: string,
): Promise<{ user: EmbeddedMongoUser; path: string; created: boolean }> {
  const path = join(dir, CREDENTIALS_FILE);
  const user = { username: DEFAULT_USERNAME, password: generatePassword() };
  const content = `${JSON.stringify({ ...user, authSource: 'admin', authMechanism: 'SCRAM-SHA-256' }, null, 2)}\n`;
  try {
    // 'wx': never overwrite, so two processes starting at once agree on the first file written.
    const fh = await fsp.open(path, 'wx', 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return { user, path, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  await checkPrivate(path);
  return { user: parse(path, await fsp.readFile(path, 'utf8')), path, created: false };
}
