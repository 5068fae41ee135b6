import type { Connection } from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors';

/**
 * Counts failed logins only: many users signing in from one address (a training room, a test
 * suite) is normal, guessing one account's password is not. Two limits, stored in MongoDB so every
 * server process shares them:
 *  - consecutive failures for one account from one address (reset by a successful login);
 *  - failures from one address across all accounts (slows password spraying).
 */
const COLLECTION = 'loginFailures';

export interface LoginThrottleOptions {
  maxFailures: number;
  lockMinutes: number;
  /** Failures per hour from one address before it is slowed down. */
  maxFailuresPerAddress?: number;
}

export class LoginThrottle {
  private readonly byAccountAndAddress: RateLimiterMongo;
  private readonly byAddress: RateLimiterMongo;

  constructor(
    conn: Connection,
    private readonly options: LoginThrottleOptions,
  ) {
    // Indexes are built by ensureIndexes at deploy time, awaited, not fire-and-forget per process.
    const common = { storeClient: conn.getClient(), dbName: conn.name, disableIndexesCreation: true };
    this.byAccountAndAddress = new RateLimiterMongo({
      ...common,
      tableName: COLLECTION,
      keyPrefix: 'account-address',
      points: options.maxFailures,
      duration: options.lockMinutes * 60,
    });
    this.byAddress = new RateLimiterMongo({
      ...common,
      tableName: COLLECTION,
      keyPrefix: 'address',
      points: options.maxFailuresPerAddress ?? 100,
      duration: 60 * 60,
    });
  }

  static async ensureIndexes(conn: Connection): Promise<void> {
    const collection = conn.collection(COLLECTION);
    await collection.createIndex({ expire: -1 }, { expireAfterSeconds: 0 });
    await collection.createIndex({ key: 1 }, { unique: true });
  }

  private static accountKey(username: string, ip: string): string {
    return `${username.toLowerCase()}|${ip}`;
  }

  /** Throws TOO_MANY_ATTEMPTS while either limit is used up. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([
      this.byAccountAndAddress.get(LoginThrottle.accountKey(username, ip)),
      this.byAddress.get(ip),
    ]);
    const blocked = [
      [account, this.options.maxFailures],
      [address, this.options.maxFailuresPerAddress ?? 100],
    ].filter(([res, max]) => res && (res as RateLimiterRes).consumedPoints >= (max as number)) as [
      RateLimiterRes,
      number,
    ][];
    if (blocked.length > 0) {
      const waitMs = Math.max(...blocked.map(([res]) => res.msBeforeNext));
      const minutes = Math.max(1, Math.ceil(waitMs / 60000));
      throw new AppError(
        'TOO_MANY_ATTEMPTS',
        429,
        `登录失败次数过多，请 ${minutes} 分钟后再试`,
        { retryAfterSeconds: Math.ceil(waitMs / 1000) },
        { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
      );
    }
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await Promise.all([
      this.byAccountAndAddress.penalty(LoginThrottle.accountKey(username, ip), 1),
      this.byAddress.penalty(ip, 1),
    ]);
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.byAccountAndAddress.delete(LoginThrottle.accountKey(username, ip));
  }
}
