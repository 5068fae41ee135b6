/**
 * The logging surface the server needs. A pino logger fits it as is
 * (`startEmbeddedMongo({ logger: pino() })`); the default writes to stderr.
 */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const stderrLogger: Logger = {
  info: (msg) => process.stderr.write(`[embedded-mongo] ${msg}\n`),
  warn: (msg) => process.stderr.write(`[embedded-mongo] WARN ${msg}\n`),
  error: (msg) => process.stderr.write(`[embedded-mongo] ERROR ${msg}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
