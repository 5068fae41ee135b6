import type { Connection } from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors';

/**
 * Slows password guessing without locking out the colleagues of the account being guessed. Two limits,
 * stored in MongoDB so every server process shares them:
 *  - attempts on one account from one address, counted *before* the password is checked (an atomic
 *    increment), so fifty parallel guesses cannot all pass the check before the first failure is
 *    recorded; a successful login clears the count, so only consecutive failures lock the account;
 *  - attempts from one address on accounts that do not exist (password spraying over made-up names).
 *    Once that limit is used up, every failed login from the address answers 429, whether the name
 *    exists or not (so the answer does not tell which accounts exist), but a correct password of a real
 *    account still logs in: one training room or one NAT shares the address, and its users keep working.
 */
const COLLECTION = 'loginFailures';

export interface LoginThrottleOptions {
  maxFailures: number;
  lockMinutes: number;
  /** Attempts per hour on unknown accounts from one address before its failures are refused. */
  maxUnknownPerAddress?: number;
}

export class LoginThrottle {
  private readonly byAccountAndAddress: RateLimiterMongo;
  private readonly unknownByAddress: RateLimiterMongo;

  constructor(
    private readonly conn: Connection,
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
    this.unknownByAddress = new RateLimiterMongo({
      ...common,
      tableName: COLLECTION,
      keyPrefix: 'unknown-address',
      points: options.maxUnknownPerAddress ?? 100,
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

  private static tooMany(res: RateLimiterRes): AppError {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new AppError(
      'TOO_MANY_ATTEMPTS',
      429,
      `登录失败次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  /** Counts this attempt on the account from this address; throws TOO_MANY_ATTEMPTS once the limit is used up. */
  async countAttempt(username: string, ip: string): Promise<void> {
    try {
      await this.byAccountAndAddress.consume(LoginThrottle.accountKey(username, ip));
    } catch (err) {
      if (err instanceof RateLimiterRes) throw LoginThrottle.tooMany(err);
      throw err;
    }
  }

  /** Counts an attempt on an account that does not exist (before the dummy password check). */
  async countUnknownAccount(ip: string): Promise<void> {
    try {
      await this.unknownByAddress.consume(ip);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      // Used up: assertFailureAllowed answers this and every later failure from the address.
    }
  }

  /** Before answering a failed login: 429 instead of 401 while the address has tried too many unknown names. */
  async assertFailureAllowed(ip: string): Promise<void> {
    const res = await this.unknownByAddress.get(ip);
    if (res && res.consumedPoints > this.unknownByAddress.points) throw LoginThrottle.tooMany(res);
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.byAccountAndAddress.delete(LoginThrottle.accountKey(username, ip));
  }

  /**
   * Accounts whose next attempt from an address will be refused (安全管理 → 锁定账号): the limiter
   * keeps one document per account and address, `account-address:<username>|<address>`.
   */
  async locked(
    now: Date = new Date(),
  ): Promise<{ username: string; address: string; failures: number; until: Date }[]> {
    const prefix = `${this.byAccountAndAddress.keyPrefix}:`;
    const docs = await this.conn
      .collection<{ key: string; points: number; expire: Date }>(COLLECTION)
      .find({
        key: { $regex: `^${escapeRegex(prefix)}` },
        points: { $gte: this.options.maxFailures },
        expire: { $gt: now },
      })
      .sort({ expire: -1 })
      .limit(500)
      .toArray();
    return docs.map((doc) => {
      const rest = doc.key.slice(prefix.length);
      const at = rest.lastIndexOf('|');
      return {
        username: rest.slice(0, at),
        address: rest.slice(at + 1),
        failures: doc.points,
        until: doc.expire,
      };
    });
  }

  /** Lifts the lock of an account from every address (an administrator vouched for the holder). */
  async unlock(username: string): Promise<void> {
    const prefix = `${this.byAccountAndAddress.keyPrefix}:${username.toLowerCase()}|`;
    await this.conn.collection(COLLECTION).deleteMany({ key: { $regex: `^${escapeRegex(prefix)}` } });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
