/**
 * `embedded-mongo --dbpath ./data --port 27017 [--host 127.0.0.1] [--no-fsync]`
 * Prints the connection URI on stdout; SIGINT / SIGTERM stop it cleanly (compaction
 * into a snapshot, lock released).
 */
import { startEmbeddedMongo } from './index';

const HELP = `embedded-mongo — 内嵌 MongoDB 线协议服务器 / in-process MongoDB wire-protocol server

用法 Usage:
  embedded-mongo [--dbpath <目录 dir>] [--port <端口 port>] [--host <地址 host>] [--no-fsync]

选项 Options:
  --dbpath <dir>   数据目录（日志 + 快照）；省略则只在内存中保存
                   data directory (journal + snapshots); omit for memory only
  --port <n>       监听端口，0 表示任选空闲端口（默认 27017）
                   port to listen on, 0 picks a free one (default 27017)
  --host <addr>    监听地址（默认 127.0.0.1）/ address to bind (default 127.0.0.1)
  --no-fsync       确认写入前不调用 fsync（更快，断电可能丢数据）
                   acknowledge writes without fsync (faster; a power loss may lose writes)
  -h, --help       显示本帮助 / show this help

启动后在标准输出打印连接串；Ctrl+C 或 SIGTERM 会压缩日志并安全退出。
Prints the connection URI on stdout; Ctrl+C or SIGTERM compacts the journal and exits cleanly.
`;

export interface CliOptions {
  dbPath?: string;
  port: number;
  host: string;
  fsync: boolean;
  help: boolean;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { port: 27017, host: '127.0.0.1', fsync: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`缺少参数值 / missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case '--dbpath':
      case '--dbPath':
        opts.dbPath = value();
        break;
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`无效端口 / invalid port: ${v}`);
        opts.port = n;
        break;
      }
      case '--host':
      case '--bind_ip':
        opts.host = value();
        break;
      case '--no-fsync':
        opts.fsync = false;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new Error(`未知选项 / unknown option: ${arg}`);
    }
  }
  return opts;
}

export async function main(argv: readonly string[]): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return;
  }
  let mongo;
  try {
    mongo = await startEmbeddedMongo({
      dbPath: opts.dbPath,
      port: opts.port,
      host: opts.host,
      fsync: opts.fsync,
    });
  } catch (e) {
    process.stderr.write(`embedded-mongo: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `embedded-mongo listening on ${mongo.uri}${opts.dbPath ? ` (dbpath ${opts.dbPath})` : ' (in memory)'}\n`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`embedded-mongo: ${signal} received, stopping\n`);
    mongo.stop().then(
      () => process.exit(0),
      (e: Error) => {
        process.stderr.write(`embedded-mongo: stop failed: ${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
