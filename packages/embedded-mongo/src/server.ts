/**
 * The TCP server: accepts connections, frames messages, runs requests of one
 * connection in order, and writes replies. A malformed message closes only that
 * connection (with a log line); nothing a client sends can stop the process.
 */
import net from 'node:net';
import type { UserDirectory } from './auth/users';
import { serializeToBuffer } from './bson/raw';
import type { Doc } from './bson/values';
import { type ConnectionInfo, isRawReply, type Reply, type ServerInfo } from './commands/context';
import { dispatch, type DispatchEnv, isHandshake } from './commands/registry';
import { CursorManager } from './cursors';
import { ErrorCode, MongoServerError } from './errors';
import type { Logger } from './logger';
import type { Persistence } from './storage/persistence';
import type { OpLog, Store } from './storage/store';
import { expireDocuments } from './storage/ttl';
import { MessageFramer, ProtocolError } from './wire/framer';
import {
  type CommandRequest,
  encodeOpMsg,
  encodeOpReply,
  OP_COMPRESSED,
  OP_MSG,
  OP_QUERY,
  parseOpMsg,
  parseOpQuery,
  readHeader,
} from './wire/messages';

export interface ServerOptions {
  host: string;
  port: number;
  logger: Logger;
  store: Store;
  users: UserDirectory;
  persistence?: Persistence;
  ttlIntervalMs?: number;
}

export class EmbeddedMongoServer {
  private readonly net: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cursors = new CursorManager();
  private readonly timers: NodeJS.Timeout[] = [];
  private nextConnectionId = 1;
  private info!: ServerInfo;
  private env!: DispatchEnv;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: ServerOptions) {
    this.net = net.createServer((socket) => this.accept(socket));
    this.net.on('error', (e) => options.logger.error(`server error: ${e.message}`));
  }

  async start(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.net.once('error', reject);
      this.net.listen(this.options.port, this.options.host, () => {
        this.net.off('error', reject);
        resolve();
      });
    });
    const address = this.net.address() as net.AddressInfo;
    this.info = {
      startedAt: new Date(),
      host: this.options.host,
      port: address.port,
      opcounters: { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 },
      connections: { current: 0, totalCreated: 0 },
      persistence: this.options.persistence ? 'journal' : 'memory',
      dbPath: this.options.persistence?.dbPath,
      journalStats: () => this.options.persistence?.stats(),
    };
    const persistence = this.options.persistence;
    this.env = {
      store: this.options.store,
      cursors: this.cursors,
      server: this.info,
      users: this.options.users,
      logger: this.options.logger,
      durable: persistence !== undefined,
      commit: persistence ? (log: OpLog) => persistence.commit(log) : () => Promise.resolve(),
    };
    this.timers.push(setInterval(() => this.cursors.reap(), 60_000));
    this.timers.push(setInterval(() => void this.expire(), this.options.ttlIntervalMs ?? 60_000));
    for (const t of this.timers) t.unref();
    return { host: this.options.host, port: address.port };
  }

  /** One TTL pass; exposed for tests and run periodically. */
  async expire(): Promise<number> {
    const log = expireDocuments(this.options.store, new Date(), this.options.persistence !== undefined);
    if (log.count > 0) {
      try {
        await this.env.commit(log);
      } catch (e) {
        this.options.logger.error(`TTL deletions could not be journaled: ${(e as Error).message}`);
      }
    }
    return log.count;
  }

  private accept(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.sockets.add(socket);
    this.info.connections.current++;
    this.info.connections.totalCreated++;
    const conn: ConnectionInfo = {
      id: this.nextConnectionId++,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
    };
    const framer = new MessageFramer();
    let chain: Promise<void> = Promise.resolve();
    const close = (reason: string): void => {
      this.options.logger.warn(`closing connection ${conn.id} from ${conn.remote}: ${reason}`);
      socket.destroy();
    };
    socket.on('data', (chunk) => {
      framer.push(chunk);
      try {
        for (let msg = framer.next(); msg; msg = framer.next()) {
          const m = msg;
          chain = chain
            .then(() => this.handle(socket, conn, m))
            .catch((e: Error) => {
              close(e instanceof ProtocolError ? e.message : `internal error: ${e.stack ?? e.message}`);
            });
          this.track(chain);
        }
      } catch (e) {
        close((e as Error).message);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.info.connections.current--;
    });
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async handle(socket: net.Socket, conn: ConnectionInfo, msg: Buffer): Promise<void> {
    if (socket.destroyed) return;
    const header = readHeader(msg);
    let req: CommandRequest;
    switch (header.opCode) {
      case OP_MSG:
        req = parseOpMsg(msg, header);
        break;
      case OP_QUERY:
        req = parseOpQuery(msg, header);
        break;
      case OP_COMPRESSED:
        throw new ProtocolError('OP_COMPRESSED received but compression was not negotiated');
      default:
        throw new ProtocolError(`unsupported opCode ${header.opCode}`);
    }
    if (req.kind === 'query') {
      this.write(socket, encodeOpReply(req.requestId, ...(await this.legacyQuery(req, conn))));
      return;
    }
    const reply = await dispatch(req.body, conn, this.env);
    if (req.moreToCome) return;
    this.write(socket, encodeOpMsg(req.requestId, toBuffer(reply)));
  }

  /** OP_QUERY is only accepted for the legacy handshake, as in MongoDB 6+. */
  private async legacyQuery(req: CommandRequest, conn: ConnectionInfo): Promise<[Buffer, boolean]> {
    const name = Object.keys(req.body)[0] ?? '';
    const ns = req.namespace ?? '';
    if (!ns.endsWith('.$cmd') || !isHandshake(name)) {
      const err = new MongoServerError(
        ErrorCode.UnsupportedOpQueryCommand,
        `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`,
      );
      return [serializeToBuffer({ $err: err.message, ...err.toReply() }), true];
    }
    const db = ns.slice(0, -'.$cmd'.length);
    const reply = await dispatch(req.body, conn, this.env, db);
    return [toBuffer(reply), false];
  }

  private write(socket: net.Socket, parts: Buffer[]): void {
    if (socket.destroyed) return;
    const total = parts.reduce((n, p) => n + p.length, 0);
    // Small replies are copied into one buffer: one write() beats a writev() of three pieces.
    if (total <= 256 * 1024) {
      socket.write(Buffer.concat(parts, total));
      return;
    }
    socket.cork();
    for (const p of parts) socket.write(p);
    socket.uncork();
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const t of this.timers) clearInterval(t);
      const closed = new Promise<void>((resolve) => this.net.close(() => resolve()));
      for (const s of this.sockets) s.destroy();
      await Promise.allSettled([...this.inFlight]);
      await closed;
      this.cursors.clear();
      await this.options.persistence?.close();
    })();
    return this.stopping;
  }
}

function toBuffer(reply: Reply | Doc): Buffer {
  return isRawReply(reply as Reply) ? (reply as { raw: Buffer }).raw : serializeToBuffer(reply as Doc);
}
