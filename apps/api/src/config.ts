// The API's one configuration schema. Everything the process reads from the environment is read
// here, once, at boot; a bad value stops start-up with a message naming the variable.
import { ARTIFACTS_ENV_SHAPE } from '@meridian/artifacts';
import { z } from 'zod';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const url = (protocols: string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
      .optional(),
  );

export const ZApiConfig = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    /** Connections to the PostgreSQL server from this process. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    PGLITE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
    REDIS_URL: url(['redis:', 'rediss:']),
    QUEUE_PREFIX: z.string().min(1).default('meridian'),
    /** Run the job processors inside the API. Defaults to on when either store is embedded. */
    JOBS_IN_PROCESS: optionalBool,
    WEB_ORIGIN: z
      .string()
      .default('http://localhost:3000')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.url({ error: 'must be a comma-separated list of origins like http://localhost:3000' })).min(1)),
    PUBLIC_URL: url(['http:', 'https:']),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 7),
    /** Force Secure cookies on or off; unset, they are Secure when the request came over https (X-Forwarded-Proto from a trusted proxy counts). */
    COOKIE_SECURE: optionalBool,
    /** Which proxies may set X-Forwarded-For: `loopback` fits the dashboard's Next.js rewrite. */
    TRUST_PROXY: z.string().default('loopback'),
    /** How long a resolved session, API key or membership is reused (0 = look up every request). */
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    /** scrypt cost as log2(N): 15 (32 MiB, ~60 ms here) is OWASP's floor for scrypt. */
    PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: bool(false),
    /** When set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is public. */
    METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
    SEED_DEMO: optionalBool,
    DEMO_PASSWORD: z.string().min(10).default('meridian-demo-2026'),
    SWAGGER_UI: bool(true),
    /** Largest dataset file an upload may send; larger answers 413 and keeps nothing. */
    DATASET_MAX_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1).default(500 * 1024 * 1024),
    /** Largest file an external run may log as an artifact; larger answers 413 and keeps nothing. */
    RUN_ARTIFACT_MAX_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1).default(200 * 1024 * 1024),
    ...ARTIFACTS_ENV_SHAPE,
    /** Compute rates per training backend, minor units of RUN_COST_CURRENCY per hour (cost = hours x rate). */
    RUN_RATE_TENSORFLOW_GPU_MINOR: z.coerce.number({ error: 'must be a whole number of minor units per hour' }).int().min(0).optional(),
    RUN_RATE_TENSORFLOW_MINOR: z.coerce.number({ error: 'must be a whole number of minor units per hour' }).int().min(0).optional(),
    RUN_RATE_WASM_MINOR: z.coerce.number({ error: 'must be a whole number of minor units per hour' }).int().min(0).optional(),
    RUN_RATE_CPU_MINOR: z.coerce.number({ error: 'must be a whole number of minor units per hour' }).int().min(0).optional(),
    RUN_COST_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR').default('EUR'),
  })
  .transform((c) => {
    const embeddedDb = !c.DATABASE_URL;
    const embeddedQueue = !c.REDIS_URL;
    return {
      ...c,
      embeddedDb,
      embeddedQueue,
      jobsInProcess: c.JOBS_IN_PROCESS ?? (embeddedDb || embeddedQueue),
      seedDemo: c.SEED_DEMO ?? embeddedDb,
    };
  });

export type ApiConfig = z.output<typeof ZApiConfig>;
export type ApiEnv = z.input<typeof ZApiConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads only the variables the schema names, so nothing else from the environment leaks in. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const keys = Object.keys(ZApiConfig.in.shape) as (keyof ApiEnv)[];
  const picked: Record<string, string> = {};
  for (const k of keys) {
    const v = env[k];
    if (v !== undefined) picked[k] = v;
  }
  const parsed = ZApiConfig.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: String(i.path[0] ?? '(config)'),
        message: i.message + (i.path[0] && picked[String(i.path[0])] === undefined ? ' (not set)' : ''),
      })),
    );
  }
  return parsed.data;
}
