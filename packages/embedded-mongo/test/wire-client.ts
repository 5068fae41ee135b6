/**
 * A bare OP_MSG client for tests that need to see the wire itself: one socket, one command at a
 * time, and its own SCRAM-SHA-256 client (written from RFC 5802, not shared with the server).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import net from 'node:net';
import { Binary, deserialize, type Document, serialize } from 'bson';

export function opMsg(doc: object, flags = 0, requestId = 7): Buffer {
  const body = Buffer.from(serialize(doc));
  const head = Buffer.alloc(16);
  head.writeInt32LE(16 + 4 + 1 + body.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(2013, 12);
  const f = Buffer.alloc(4);
  f.writeUInt32LE(flags, 0);
  return Buffer.concat([head, f, Buffer.from([0]), body]);
}

export class WireClient {
  private buffered = Buffer.alloc(0);
  private waiting: ((reply: Buffer) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      if (this.buffered.length >= 4 && this.buffered.length >= this.buffered.readInt32LE(0)) {
        const len = this.buffered.readInt32LE(0);
        const reply = this.buffered.subarray(0, len);
        this.buffered = this.buffered.subarray(len);
        this.waiting?.(reply);
      }
    });
  }

  static connect(port: number, host: string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends raw bytes (one or more messages) and resolves with the next reply's body. */
  send(bytes: Buffer): Promise<Document> {
    return new Promise((resolve) => {
      this.waiting = (reply) => resolve(deserialize(reply.subarray(21)));
      this.socket.write(bytes);
    });
  }

  command(doc: object): Promise<Document> {
    return this.send(opMsg(doc));
  }

  /** SCRAM-SHA-256 with saslStart/saslContinue; resolves with the server's last reply. */
  async authenticate(username: string, password: string, db = 'admin'): Promise<Document> {
    const scram = new ScramClient(username, password);
    const start = await this.command({
      saslStart: 1,
      mechanism: 'SCRAM-SHA-256',
      payload: new Binary(Buffer.from(scram.first())),
      options: { skipEmptyExchange: true },
      $db: db,
    });
    if (start.ok !== 1) return start;
    return this.command({
      saslContinue: 1,
      conversationId: start.conversationId,
      payload: new Binary(Buffer.from(scram.final(payloadText(start.payload)))),
      $db: db,
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export function payloadText(payload: unknown): string {
  return Buffer.from((payload as Binary).buffer).toString('utf8');
}

const hmac = (key: Buffer, text: string | Buffer): Buffer => createHmac('sha256', key).update(text).digest();

export class ScramClient {
  readonly nonce = randomBytes(18).toString('base64');
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  private bare(): string {
    return `n=${this.username.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${this.nonce}`;
  }

  first(): string {
    return `n,,${this.bare()}`;
  }

  final(serverFirst: string): string {
    const attrs = Object.fromEntries(serverFirst.split(',').map((p) => [p[0], p.slice(2)]));
    if (!attrs.r.startsWith(this.nonce)) throw new Error('server nonce does not extend ours');
    const salted = pbkdf2Sync(this.password, Buffer.from(attrs.s, 'base64'), Number(attrs.i), 32, 'sha256');
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const withoutProof = `c=biws,r=${attrs.r}`;
    const authMessage = `${this.bare()},${serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]));
    this.serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  verify(serverFinal: string): boolean {
    return serverFinal === `v=${this.serverSignature?.toString('base64')}`;
  }
}

/** The user and password inside a URI the store handed out. */
export function credentialsOf(uri: string): { username: string; password: string } {
  const url = new URL(uri);
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/** The same address with no credentials at all: what an intruder on the machine would try. */
export function withoutCredentials(uri: string): string {
  const url = new URL(uri);
  url.username = '';
  url.password = '';
  url.searchParams.delete('authSource');
  return url.toString();
}
