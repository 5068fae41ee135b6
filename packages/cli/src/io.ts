/** Where a command writes and what it reads from its environment; tests and the binary pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** The directory the user ran the command in (npm run changes cwd to the repository root). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Standard input, for secrets: piped (read whole) or a terminal (asked without echo). */
  stdin?: SecretInput;
}

export interface SecretInput {
  isTTY: boolean;
  /** Everything piped in, when stdin is not a terminal. */
  readAll(): Promise<string>;
  /** Asks on the terminal without showing what is typed. */
  askHidden(prompt: string): Promise<string>;
}

// `pm validate | head` closes stdout early: that is the reader being done, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

function readAll(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

/** Raw mode, so the terminal does not echo: Enter ends, Backspace deletes, Ctrl-C gives up. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new Error('已取消'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
  stdin: { isTTY: Boolean(process.stdin.isTTY), readAll, askHidden },
};
