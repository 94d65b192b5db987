import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const Config = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/|:memory:$)/, 'must start with file:, libsql://, http(s):// or ws(s)://, or be :memory:')
    .default('file:./data/ferry.db'),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  ESTIMATE_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  UPLOAD_MAX_FILE_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  UPLOAD_MAX_TOTAL_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  UPLOAD_MAX_ROWS: z.coerce.number().int().positive().default(1_000_000),
  /** Signs customer sign-off links; without it the service generates one and keeps it in its database. */
  SIGNOFF_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SIGNOFF_LINK_DAYS: z.coerce.number().positive().max(90).default(14),
  /** Encrypts stored destination API keys; without it the service generates one and keeps it in its database. */
  RUNNER_CREDENTIALS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Whether this instance drives runs in the background (Node only; Workers never do). */
  RUNNER_WORKER: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  RUNNER_MAX_RUNS: z.coerce.number().int().min(1).max(16).default(2),
  RUNNER_LOAD_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  FERRY_BOOTSTRAP_TOKEN: z
    .string()
    .regex(/^fry_[A-Za-z0-9_-]{32,}$/, 'must look like fry_ followed by at least 32 letters, digits, "-" or "_"')
    .optional(),
});
export type Config = z.infer<typeof Config>;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

/** Parses configuration once from an environment map; the first bad variable becomes a one-line error. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = Config.safeParse(cleaned);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const name = String(issue.path[0]);
  const got = cleaned[name];
  const shown = name.includes('TOKEN') || name.includes('SECRET') ? '(hidden)' : JSON.stringify(got);
  throw new ConfigError(`invalid configuration: ${name}: ${issue.message} (got ${shown})`);
}
