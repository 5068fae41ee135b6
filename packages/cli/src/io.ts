/** Where a command writes and what it reads from its environment; tests and the binary pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** The directory the user ran the command in (npm run changes cwd to the repository root). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
};
