// Training settings, read once when the processor is built (from the process environment, as the
// artifact store is): per-backend hourly rates in minor units, the currency, a scratch folder.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HOURLY_RATE_MINOR } from '@meridian/domain';

export { JOBS_ARTIFACTS } from '../../tokens';

export interface TrainingSettings {
  ratesMinorPerHour: Record<string, number>;
  currency: string;
  workDir: string;
  /** Write a batch-loss point every N batches. */
  batchMetricEvery: number;
}

const rate = z.coerce.number({ error: 'must be a whole number of minor units per hour' }).int().min(0).optional();
const ZTrainingEnv = z.object({
  RUN_RATE_TENSORFLOW_GPU_MINOR: rate,
  RUN_RATE_TENSORFLOW_MINOR: rate,
  RUN_RATE_WASM_MINOR: rate,
  RUN_RATE_CPU_MINOR: rate,
  RUN_COST_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR').default('EUR'),
  RUN_WORK_DIR: z.string().min(1).optional(),
  RUN_BATCH_METRIC_EVERY: z.coerce.number({ error: 'must be a whole number' }).int().min(1).default(10),
});

/** Parses the RUN_* variables; a bad value throws a message naming the variable. */
export function trainingSettingsFromEnv(env: Record<string, string | undefined>): TrainingSettings {
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('RUN_') && v !== undefined && v !== ''));
  const res = ZTrainingEnv.safeParse(picked);
  if (!res.success) throw new Error(`Invalid training configuration: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = res.data;
  return {
    ratesMinorPerHour: {
      ...DEFAULT_HOURLY_RATE_MINOR,
      ...(e.RUN_RATE_TENSORFLOW_GPU_MINOR !== undefined ? { 'tensorflow-gpu': e.RUN_RATE_TENSORFLOW_GPU_MINOR } : {}),
      ...(e.RUN_RATE_TENSORFLOW_MINOR !== undefined ? { tensorflow: e.RUN_RATE_TENSORFLOW_MINOR } : {}),
      ...(e.RUN_RATE_WASM_MINOR !== undefined ? { wasm: e.RUN_RATE_WASM_MINOR } : {}),
      ...(e.RUN_RATE_CPU_MINOR !== undefined ? { cpu: e.RUN_RATE_CPU_MINOR } : {}),
    },
    currency: e.RUN_COST_CURRENCY,
    workDir: e.RUN_WORK_DIR ?? join(tmpdir(), 'meridian-runs'),
    batchMetricEvery: e.RUN_BATCH_METRIC_EVERY,
  };
}
