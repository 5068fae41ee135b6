import type { Connection } from 'mongoose';
import type { LockedAccount, LockoutRegistry } from './security';

/**
 * The login throttle's lockouts as the 安全管理员 sees them: rate-limiter-flexible keeps one
 * document per account and address (`account-address:<username>|<address>`, points = consecutive
 * failures, expire = when the lock lifts) in `loginFailures`.
 */
const COLLECTION = 'loginFailures';
const PREFIX = 'account-address:';

export class ThrottleLockouts implements LockoutRegistry {
  constructor(
    private readonly conn: Connection,
    private readonly maxFailures: number,
    private readonly now: () => Date,
  ) {}

  async locked(): Promise<LockedAccount[]> {
    const docs = await this.conn
      .collection<{ key: string; points: number; expire: Date }>(COLLECTION)
      .find({
        key: { $regex: `^${PREFIX}` },
        points: { $gte: this.maxFailures },
        expire: { $gt: this.now() },
      })
      .sort({ expire: -1 })
      .limit(500)
      .toArray();
    return docs.map((doc) => {
      const rest = doc.key.slice(PREFIX.length);
      const at = rest.lastIndexOf('|');
      return {
        username: rest.slice(0, at),
        address: rest.slice(at + 1),
        failures: doc.points,
        until: doc.expire,
      };
    });
  }

  async unlock(username: string): Promise<void> {
    const name = username.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.conn.collection(COLLECTION).deleteMany({ key: { $regex: `^${PREFIX}${name}\\|` } });
  }
}
