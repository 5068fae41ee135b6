import type { AuthenticatedUser } from './auth';
import type { Clock } from './clock';
import type { PasswordPolicyService } from './password-policy';

/** Why a user must change their password before doing anything else. */
export type PasswordChangeReason = 'one-time' | 'expired';

export const PASSWORD_CHANGE_MESSAGES: Record<PasswordChangeReason, string> = {
  'one-time': '首次登录或密码被重置后，请先修改密码',
  expired: '密码已过期，请先修改密码',
};

const DAY = 24 * 60 * 60 * 1000;

/**
 * Decides per request whether the user must first replace their password: a one-time password
 * (new account, reset) always; an expired one when the policy sets an expiry. Demo accounts keep
 * `demo` (they exist outside production only).
 */
export function passwordGate(policy: PasswordPolicyService, clock: Clock) {
  return async (user: AuthenticatedUser): Promise<PasswordChangeReason | undefined> => {
    if (user.mustChangePassword) return 'one-time';
    if (user.demo) return undefined;
    const { expiryDays } = await policy.cached();
    const changedAt = user.passwordChangedAt ?? user.createdAt;
    if (expiryDays > 0 && changedAt && clock.now().getTime() - changedAt.getTime() >= expiryDays * DAY)
      return 'expired';
    return undefined;
  };
}
