/**
 * The store's users: each is a SCRAM-SHA-256 credential in the `admin` database with every
 * privilege (the store has no roles), derived once at start-up. Passwords are not kept.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { deriveScramCredential, type ScramCredential, SCRAM_SHA256_ITERATIONS } from './scram';

export interface EmbeddedMongoUser {
  username: string;
  password: string;
}

/** The only database users live in, as `authSource=admin` in every URI the store hands out. */
export const AUTH_DB = 'admin';
export const MECHANISM = 'SCRAM-SHA-256';

export class UserDirectory {
  private readonly credentials = new Map<string, ScramCredential>();
  /** Keys the decoy salts of unknown users, so a probe sees the same salt every time. */
  private readonly secret = randomBytes(32);
  private readonly decoyKeys = randomBytes(64);

  constructor(
    users: readonly EmbeddedMongoUser[],
    private readonly iterations = SCRAM_SHA256_ITERATIONS,
  ) {
    if (users.length === 0) throw new Error('the embedded store needs at least one user');
    for (const user of users) {
      if (!user.username) throw new Error('a user of the embedded store needs a username');
      if (!user.password) throw new Error(`user ${user.username} of the embedded store needs a password`);
      this.credentials.set(user.username, deriveScramCredential(user.password, undefined, this.iterations));
    }
  }

  lookup(db: string, username: string): ScramCredential | undefined {
    return db === AUTH_DB ? this.credentials.get(username) : undefined;
  }

  /** Stands in for an unknown user: a stable salt, keys no proof can match. */
  decoy(db: string, username: string): ScramCredential {
    const salt = createHmac('sha256', this.secret).update(`${db}.${username}`).digest().subarray(0, 28);
    return {
      salt,
      iterations: this.iterations,
      storedKey: this.decoyKeys.subarray(0, 32),
      serverKey: this.decoyKeys.subarray(32),
    };
  }
}
