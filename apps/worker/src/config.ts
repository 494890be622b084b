// The worker's one configuration schema, read once at boot. A missing or bad value stops start-up
// with a message naming the variable; values are never echoed (URLs carry passwords).
import { ARTIFACTS_ENV_SHAPE } from '@meridian/artifacts';
import { z } from 'zod';

const url = (protocols: string[], example: string) =>
  z
    .string({ error: `is required (e.g. ${example})` })
    .trim()
    .min(1, `is required (e.g. ${example})`)
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

export const ZWorkerConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** Separate worker processes share one PostgreSQL: the embedded PGlite serves a single process. */
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://user:pass@host:5432/meridian'),
  /** Separate worker processes share jobs through Redis: the in-process queue cannot cross processes. */
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://host:6379'),
  QUEUE_PREFIX: z.string().min(1).default('meridian'),
  WORKER_CONCURRENCY: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(64).default(2),
  /** How long SIGTERM waits for jobs in hand before releasing them back to the queue. */
  WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(600_000).default(25_000),
  /** Apply migrations (under the migration lock) before taking jobs; off when a release step runs db:migrate. */
  MIGRATE_ON_START: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  DB_POOL_SIZE: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(100).default(5),
  /** How often this worker looks for jobs marked running that no live worker holds (0 = never). */
  STUCK_JOB_SWEEP_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(3_600_000).default(60_000),
  /** How long a running job may go without a sign of life before the sweeper asks Redis whether a worker holds it. */
  STUCK_JOB_AFTER_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1_000).max(86_400_000).default(120_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...ARTIFACTS_ENV_SHAPE,
});

export type WorkerConfig = z.infer<typeof ZWorkerConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const picked = Object.fromEntries(Object.keys(ZWorkerConfig.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const result = ZWorkerConfig.safeParse(picked);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(config)'} ${i.message}`));
  }
  return result.data;
}
