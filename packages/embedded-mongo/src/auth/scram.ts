/**
 * SCRAM-SHA-256 (RFC 5802 with SHA-256, RFC 7677) on the server side, as mongod speaks it:
 * usernames are not SASLprepped (the driver only escapes `=` and `,`), passwords are, no channel
 * binding, and the server nonce is appended to the client's. The store keeps only StoredKey and
 * ServerKey; a stolen credential cannot be replayed as a password.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { saslprep } from './saslprep';

/** mongod's default `scramSHA256IterationCount`. */
export const SCRAM_SHA256_ITERATIONS = 15000;
/** mongod's salt length for SCRAM-SHA-256 credentials. */
const SALT_BYTES = 28;
const KEY_BYTES = 32;

export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** A client's mistake or a failed proof; the client only ever learns "Authentication failed.". */
export class ScramError extends Error {}

function hmac(key: Buffer, text: string | Buffer): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

export function saltedPassword(password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(saslprep(password), salt, iterations, KEY_BYTES, 'sha256');
}

export function deriveScramCredential(
  password: string,
  salt: Buffer = randomBytes(SALT_BYTES),
  iterations: number = SCRAM_SHA256_ITERATIONS,
): ScramCredential {
  const salted = saltedPassword(password, salt, iterations);
  const clientKey = hmac(salted, 'Client Key');
  return {
    salt,
    iterations,
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: hmac(salted, 'Server Key'),
  };
}

/** `saslname` of RFC 5802: `=2C` and `=3D` are the only escapes. */
function decodeSaslName(raw: string): string {
  if (/=(?!2C|3D)/.test(raw)) throw new ScramError('invalid escape in username');
  return raw.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attributes(message: string): [string, string][] {
  return message.split(',').map((part) => {
    const m = /^([A-Za-z])=(.*)$/s.exec(part);
    if (!m) throw new ScramError(`malformed attribute '${part.slice(0, 20)}'`);
    return [m[1], m[2]];
  });
}

/** Printable ASCII except ',' (RFC 5802 `printable`). */
const NONCE = /^[\x21-\x2b\x2d-\x7e]+$/;

export interface ClientFirst {
  gs2Header: string;
  username: string;
  clientNonce: string;
  bare: string;
}

export function parseClientFirst(message: string): ClientFirst {
  const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/s.exec(message);
  if (!m) throw new ScramError('malformed client-first-message');
  if (m[1].startsWith('p=')) throw new ScramError('channel binding is not supported');
  const bare = m[3];
  const attrs = attributes(bare);
  if (attrs[0]?.[0] === 'm') throw new ScramError('mandatory extensions are not supported');
  if (attrs[0]?.[0] !== 'n' || attrs[1]?.[0] !== 'r') throw new ScramError('expected n= and r=');
  const username = decodeSaslName(attrs[0][1]);
  if (username.length === 0) throw new ScramError('empty username');
  if (m[2] && decodeSaslName(m[2].slice(2)) !== username) {
    throw new ScramError('authorization identity differs from the username');
  }
  const clientNonce = attrs[1][1];
  if (!NONCE.test(clientNonce)) throw new ScramError('invalid client nonce');
  return { gs2Header: `${m[1]},${m[2] ?? ''},`, username, clientNonce, bare };
}

/**
 * One conversation: `first()` answers the client-first-message with salt and iterations,
 * `final()` checks the proof and answers the server signature. A credential of `undefined`
 * (unknown user) runs the same steps with a decoy and fails at the proof, so a probe cannot
 * tell unknown users from wrong passwords.
 */
export class ScramServerConversation {
  private serverFirst = '';
  private nonce = '';
  private completed = false;

  constructor(
    private readonly client: ClientFirst,
    private readonly credential: ScramCredential | undefined,
    private readonly decoy: ScramCredential,
    private readonly serverNonce: string = randomBytes(24).toString('base64'),
  ) {}

  get username(): string {
    return this.client.username;
  }

  first(): string {
    const cred = this.credential ?? this.decoy;
    this.nonce = this.client.clientNonce + this.serverNonce;
    this.serverFirst = `r=${this.nonce},s=${cred.salt.toString('base64')},i=${cred.iterations}`;
    return this.serverFirst;
  }

  final(message: string): string {
    if (!this.serverFirst || this.completed) throw new ScramError('unexpected client-final-message');
    this.completed = true;
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) throw new ScramError('client proof missing');
    const withoutProof = message.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs[0]?.[0] !== 'c' || attrs[1]?.[0] !== 'r') throw new ScramError('expected c= and r=');
    if (Buffer.from(attrs[0][1], 'base64').toString('utf8') !== this.client.gs2Header) {
      throw new ScramError('channel binding data does not match the gs2 header');
    }
    if (attrs[1][1] !== this.nonce) throw new ScramError('nonce mismatch');
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    const cred = this.credential ?? this.decoy;
    const authMessage = `${this.client.bare},${this.serverFirst},${withoutProof}`;
    const signature = hmac(cred.storedKey, authMessage);
    const clientKey = Buffer.alloc(KEY_BYTES);
    for (let i = 0; i < KEY_BYTES; i++) clientKey[i] = (proof[i] ?? 0) ^ signature[i];
    const matches = timingSafeEqual(createHash('sha256').update(clientKey).digest(), cred.storedKey);
    if (!matches || proof.length !== KEY_BYTES || !this.credential) throw new ScramError('wrong proof');
    return `v=${hmac(cred.serverKey, authMessage).toString('base64')}`;
  }
}
