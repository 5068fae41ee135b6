import { UsageError } from './args';
import { audit, AUDIT_USAGE } from './commands/audit';
import { deploy, DEPLOY_USAGE } from './commands/deploy';
import { diff, DIFF_USAGE } from './commands/diff';
import { exportCounty, EXPORT_USAGE } from './commands/export';
import { USER_USAGE } from './commands/user-usage';
import { validate, VALIDATE_USAGE } from './commands/validate';
import { CliError } from './database';
import { processIo, type Io } from './io';

const COMMANDS: Record<string, { run: (argv: readonly string[], io: Io) => Promise<number>; usage: string }> =
  {
    validate: { run: validate, usage: VALIDATE_USAGE },
    deploy: { run: deploy, usage: DEPLOY_USAGE },
    diff: { run: diff, usage: DIFF_USAGE },
    export: { run: exportCounty, usage: EXPORT_USAGE },
    audit: { run: audit, usage: AUDIT_USAGE },
    user: { run: async (argv, io) => (await import('./commands/user.js')).user(argv, io), usage: USER_USAGE },
  };

const USAGE = `用法：npm run pm -- <命令> …

${Object.values(COMMANDS)
  .map((command) => command.usage)
  .join('\n\n')}

退出码：0 成功；1 发现问题或执行失败；2 用法错误`;

/** Runs one command; the exit code is returned, never thrown, so tests can call it in process. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`不认识的命令“${name}”\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.usage}`);
      return 2;
    }
    if (err instanceof CliError) {
      io.err(err.message);
      return 1;
    }
    io.err(`执行失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
