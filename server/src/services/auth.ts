import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { AppError } from '../errors';
import type { Models } from '../models';
import type { UserDoc } from '../models/user';
import type { Clock } from './clock';
import type { LoginThrottle } from './login-throttle';
import { timingDummyHash, verifyPassword } from './passwords';
import { sessionEndMessage } from './sessions';

export interface SessionPolicy {
  ttlMinutes: number;
  idleMinutes: number;
}

export type AuthenticatedUser = UserDoc & { _id: Types.ObjectId };

export interface AuthContext {
  user: AuthenticatedUser;
  sessionId: Types.ObjectId;
}

export interface LoginRequest {
  username: string;
  password: string;
  ip: string;
  userAgent?: string;
}

const MINUTE = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * lastSeenAt is refreshed at most this often, so reading pages does not write on every request: once a
   * minute, or a tenth of the idle timeout when that is shorter, so a session in use never looks idle.
   */
  private get touchIntervalMs(): number {
    return Math.min(MINUTE, (this.policy.idleMinutes * MINUTE) / 10);
  }

  async login(req: LoginRequest): Promise<{ token: string; expiresAt: Date; user: AuthenticatedUser }> {
    const username = req.username.trim();
    // Counted before the password is checked: parallel guesses cannot outrun the limit.
    await this.throttle.countAttempt(username, req.ip);

    const user = await this.models.User.findOne({ username }).lean<AuthenticatedUser>();
    if (!user) await this.throttle.countUnknownAccount(req.ip);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which accounts exist.
    const ok = await verifyPassword(req.password, user?.passwordHash ?? (await timingDummyHash()));
    if (!user || !ok || !user.active) {
      await this.throttle.assertFailureAllowed(req.ip);
      throw new AppError(
        'INVALID_CREDENTIALS',
        401,
        user && ok && !user.active ? '该账号已停用，请联系管理员' : '用户名或密码错误',
      );
    }
    await this.throttle.recordSuccess(username, req.ip);

    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.policy.ttlMinutes * MINUTE);
    await this.models.Session.create({
      tokenHash: hashToken(token),
      userId: user._id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: req.ip,
      userAgent: req.userAgent?.slice(0, 300),
    });
    return { token, expiresAt, user };
  }

  /** Resolves a bearer token to its user, or throws the 401 that says why it is not valid. */
  async authenticate(token: string): Promise<AuthContext> {
    const session = await this.models.Session.findOne({ tokenHash: hashToken(token) }).lean();
    if (!session) throw new AppError('UNAUTHENTICATED', 401, '登录凭证无效，请重新登录');
    if (session.revokedAt)
      throw new AppError('SESSION_REVOKED', 401, sessionEndMessage(session.revokedReason));
    const now = this.clock.now();
    const idleUntil = session.lastSeenAt.getTime() + this.policy.idleMinutes * MINUTE;
    if (session.expiresAt <= now || idleUntil <= now.getTime()) {
      throw new AppError('SESSION_EXPIRED', 401, '登录已过期，请重新登录');
    }
    const user = await this.models.User.findById(session.userId).lean<AuthenticatedUser>();
    if (!user || !user.active) throw new AppError('UNAUTHENTICATED', 401, '账号不存在或已停用，请联系管理员');
    if (now.getTime() - session.lastSeenAt.getTime() >= this.touchIntervalMs) {
      await this.models.Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: now } });
    }
    return { user, sessionId: session._id };
  }

  async logout(sessionId: Types.ObjectId): Promise<void> {
    await this.models.Session.updateOne(
      { _id: sessionId, revokedAt: { $exists: false } },
      { $set: { revokedAt: this.clock.now() } },
    );
  }

  /** Revokes every open session of a user (password change, account disabled by an admin). */
  async revokeAll(userId: Types.ObjectId): Promise<number> {
    const res = await this.models.Session.updateMany(
      { userId, revokedAt: { $exists: false } },
      { $set: { revokedAt: this.clock.now() } },
    );
    return res.modifiedCount;
  }
}
