/** Where a command writes and what it reads from its environment; tests and the binary pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** The directory the user ran the command in (npm run changes cwd to the repository root). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

// `pm validate | head` closes stdout early: that is the reader being done, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
};
