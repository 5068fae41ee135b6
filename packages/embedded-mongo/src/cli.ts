/**
 * `embedded-mongo --dbpath ./data --port 27017 [--host 127.0.0.1] [--no-fsync]`
 * Prints how to connect on stdout; SIGINT / SIGTERM stop it cleanly (compaction
 * into a snapshot, lock released). With a dbpath the password stays in the data
 * directory's credentials file (the one `npm start` uses) and is never printed.
 */
import { CredentialsFileError } from './auth/credentials-file';
import { connectionString, type EmbeddedMongo, startEmbeddedMongo } from './index';

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

连接需要认证（SCRAM-SHA-256）。有 --dbpath 时用户名和密码在 <dbpath>/store-credentials.json
（首次启动时生成，仅所有者可读）；只在内存中时每次启动生成随机密码并打印连接串。
Connections must authenticate (SCRAM-SHA-256). With --dbpath the user and password are in
<dbpath>/store-credentials.json (created on first start, owner-only); in memory a random
password is generated at each start and the connection string is printed.

启动后在标准输出打印连接方式；Ctrl+C 或 SIGTERM 会压缩日志并安全退出。
Prints how to connect on stdout; Ctrl+C or SIGTERM compacts the journal and exits cleanly.
`;

/** What the CLI prints once listening: never the password of a persistent store. */
export function connectInstructions(mongo: EmbeddedMongo, dbPath: string | undefined): string {
  if (!mongo.credentialsFile) {
    return [
      `embedded-mongo listening on ${mongo.uri} (in memory)`,
      '  仅在内存中：数据和这个随机密码在停止后消失 / in memory: data and this random password end with the process',
      '',
    ].join('\n');
  }
  const withoutPassword = connectionString({ host: mongo.host, port: mongo.port, username: mongo.username });
  return [
    `embedded-mongo listening on ${withoutPassword} (dbpath ${dbPath})`,
    `  需要认证 authentication required: 用户 user ${mongo.username}，密码见 password in ${mongo.credentialsFile}（仅所有者可读 owner-only）`,
    `  连接 connect: mongosh "${withoutPassword}"   （mongosh 会提示输入密码 / prompts for the password）`,
    '',
  ].join('\n');
}

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
    const message = e instanceof CredentialsFileError ? e.message : (e as Error).message;
    process.stderr.write(`embedded-mongo: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(connectInstructions(mongo, opts.dbPath));
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
