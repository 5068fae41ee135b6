import type { Types } from 'mongoose';
import type { Models } from '../models';
import type { Clock } from './clock';

/** Why a session was ended before its time, and what its holder is told at the next request. */
export const SESSION_END_MESSAGES = {
  logout: '您已退出登录，请重新登录',
  disabled: '该账号已停用，请联系管理员',
  'password-changed': '密码已修改，请用新密码重新登录',
  'password-reset': '管理员已重置您的密码，请用新密码登录',
  ended: '安全管理员已结束您的登录，请重新登录',
} as const;
export type SessionEndReason = keyof typeof SESSION_END_MESSAGES;

/** Ends every open session of a user at once (the next request with any of them answers 401). */
export async function endSessions(
  models: Models,
  clock: Clock,
  userId: Types.ObjectId,
  reason: SessionEndReason,
  except?: Types.ObjectId,
): Promise<number> {
  const res = await models.Session.updateMany(
    { userId, revokedAt: { $exists: false }, ...(except ? { _id: { $ne: except } } : {}) },
    { $set: { revokedAt: clock.now(), revokedReason: reason } },
  );
  return res.modifiedCount;
}

export function sessionEndMessage(reason: string | null | undefined): string {
  return SESSION_END_MESSAGES[(reason ?? 'logout') as SessionEndReason] ?? SESSION_END_MESSAGES.logout;
}
