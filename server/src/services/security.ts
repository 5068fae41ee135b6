import { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../models';
import { SYSTEM_COUNTY, type AuditLog } from './audit-log';
import type { AuthenticatedUser } from './auth';
import type { Clock } from './clock';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, type PasswordPolicyService } from './password-policy';
import { endSessions } from './sessions';
import { hasRole } from './system-roles';

export interface LockedAccount {
  username: string;
  /** The address the failures came from. */
  address: string;
  failures: number;
  until: Date;
}

/** What the 安全管理员 needs from the login throttle. */
export interface LockoutRegistry {
  locked(now: Date): Promise<LockedAccount[]>;
  unlock(username: string): Promise<void>;
}

export interface SessionView {
  id: string;
  username: string;
  displayName: string;
  county: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The 安全管理员's duty under 三员分立: the password policy, lockouts and sessions, for the whole
 * platform. Nobody else may do these things (the 系统管理员 unlocks only through account
 * administration, where it is audited the same way).
 */
export class SecurityService {
  constructor(
    private readonly models: Models,
    private readonly policy: PasswordPolicyService,
    private readonly lockouts: LockoutRegistry,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  private assertSecurityAdmin(user: AuthenticatedUser): void {
    if (!hasRole(user, 'security-admin'))
      throw new AppError('FORBIDDEN', 403, '只有安全管理员可以进行此操作');
  }

  async getPolicy(): Promise<PasswordPolicy & { defaults: PasswordPolicy }> {
    const { updatedAt: _updatedAt, updatedBy: _updatedBy, ...policy } = await this.policy.get();
    return { ...policy, defaults: DEFAULT_PASSWORD_POLICY };
  }

  async setPolicy(user: AuthenticatedUser, next: PasswordPolicy): Promise<PasswordPolicy> {
    this.assertSecurityAdmin(user);
    const before = await this.policy.get();
    await this.policy.set(next, user.username);
    await this.audit.record({
      actor: user.username,
      action: 'security.policy-updated',
      county: SYSTEM_COUNTY,
      target: 'policy:password',
      summary: `密码策略：最短 ${before.minLength} → ${next.minLength} 位，字符类别 ${before.minClasses} → ${next.minClasses} 类，不得重复最近 ${before.historySize} → ${next.historySize} 次，有效期 ${before.expiryDays || '不限'} → ${next.expiryDays || '不限'}${next.expiryDays ? ' 天' : ''}`,
    });
    return next;
  }

  async lockedAccounts(user: AuthenticatedUser): Promise<LockedAccount[]> {
    this.assertSecurityAdmin(user);
    // Real time, not the injected clock: the limiter's expiry is Date.now's.
    return this.lockouts.locked(new Date());
  }

  async unlock(user: AuthenticatedUser, username: string): Promise<void> {
    this.assertSecurityAdmin(user);
    await this.lockouts.unlock(username);
    const target = await this.models.User.findOne({ username }, { county: 1 }).lean();
    await this.audit.record({
      actor: user.username,
      action: 'user.unlocked',
      county: target?.county ?? SYSTEM_COUNTY,
      target: `user:${username}`,
      summary: `解除账号 ${username} 的登录锁定`,
    });
  }

  /** Open sessions (not ended, not expired), newest first; optionally one account's. */
  async sessions(user: AuthenticatedUser, username?: string): Promise<SessionView[]> {
    this.assertSecurityAdmin(user);
    const now = this.clock.now();
    let userFilter: Record<string, unknown> = {};
    if (username) {
      const target = await this.models.User.findOne({ username }, { _id: 1 }).lean();
      if (!target) return [];
      userFilter = { userId: target._id };
    }
    const sessions = await this.models.Session.find({
      ...userFilter,
      revokedAt: { $exists: false },
      expiresAt: { $gt: now },
    })
      .sort({ lastSeenAt: -1 })
      .limit(500)
      .lean();
    const users = new Map(
      (
        await this.models.User.find(
          {
            _id: {
              $in: [...new Set(sessions.map((s) => s.userId.toHexString()))].map(
                (id) => new Types.ObjectId(id),
              ),
            },
          },
          { username: 1, displayName: 1, county: 1 },
        ).lean()
      ).map((u) => [u._id.toHexString(), u]),
    );
    return sessions.map((s) => {
      const owner = users.get(s.userId.toHexString());
      return {
        id: s._id.toHexString(),
        username: owner?.username ?? '',
        displayName: owner?.displayName ?? '',
        county: owner?.county ?? null,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        ip: s.ip ?? null,
        userAgent: s.userAgent ?? null,
      };
    });
  }

  /** Ends every open session of an account (强制下线). */
  async endSessionsOf(user: AuthenticatedUser, username: string): Promise<number> {
    this.assertSecurityAdmin(user);
    const target = await this.models.User.findOne({ username }, { _id: 1, county: 1 }).lean();
    if (!target) throw new AppError('NOT_FOUND', 404, '账号不存在');
    const ended = await endSessions(this.models, this.clock, target._id, 'ended');
    await this.audit.record({
      actor: user.username,
      action: 'security.sessions-ended',
      county: target.county ?? SYSTEM_COUNTY,
      target: `user:${username}`,
      summary: `结束账号 ${username} 的 ${ended} 个登录会话`,
    });
    return ended;
  }
}
