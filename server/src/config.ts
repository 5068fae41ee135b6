import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration is read once at boot from the environment and validated; a bad value stops the
 * process with a message naming the variable (see main.ts), never a half-configured server.
 */
const durationMinutes = z.coerce.number().int().positive();

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, '必须以 mongodb:// 或 mongodb+srv:// 开头')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, '只能包含字母、数字、下划线和连字符')
    .default('budget_performance'),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_TTL_MINUTES: durationMinutes.default(8 * 60),
  SESSION_IDLE_MINUTES: durationMinutes.default(60),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: durationMinutes.default(15),
  LOGIN_MAX_UNKNOWN_PER_HOUR: z.coerce.number().int().positive().default(100),
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, '格式如 2mb、512kb')
    .default('2mb'),
  /** How often each process polls for due timers, overdue tasks and interrupted transitions. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  REPO_DIR: z.string().optional(),
  /** Behind a load balancer: 'true', a hop count, or the proxies' addresses (Express 'trust proxy'). */
  TRUST_PROXY: z.string().optional(),
});

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** A real MongoDB (replica set in production); absent → the embedded store in dataDir. */
  mongodbUri?: string;
  mongodbDb: string;
  dataDir: string;
  /** Where counties/, forms/ and processes/ live. */
  repoDir: string;
  session: { ttlMinutes: number; idleMinutes: number };
  login: { maxFailures: number; lockMinutes: number; maxUnknownPerHour: number };
  jsonBodyLimit: string;
  schedulerIntervalMs: number;
  logLevel: string;
  trustProxy: boolean | number | string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置无效:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // `export MONGODB_URI=` means "not set", as shells and compose files use it.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    dataDir: path.resolve(e.DATA_DIR),
    repoDir: path.resolve(e.REPO_DIR ?? path.join(__dirname, '..', '..')),
    session: { ttlMinutes: e.SESSION_TTL_MINUTES, idleMinutes: e.SESSION_IDLE_MINUTES },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      maxUnknownPerHour: e.LOGIN_MAX_UNKNOWN_PER_HOUR,
    },
    jsonBodyLimit: e.JSON_BODY_LIMIT,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  };
}
