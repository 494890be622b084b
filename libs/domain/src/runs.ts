// Runs and the model registry: API input schemas, views, the run state machine, the cost model and
// LTTB downsampling. Pure (no I/O) so the API, the worker, the SDK and the dashboard share them.
import { z } from 'zod';
import type { JobStatus } from './enums';

export const RUN_PRESETS = ['mlp-classifier', 'cnn-image', 'tabular-binary', 'regression'] as const;
export const ZRunPreset = z.enum(RUN_PRESETS);
export type RunPreset = z.infer<typeof ZRunPreset>;

export const RUN_BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export const ZRunBackend = z.enum(RUN_BACKENDS);
export type RunBackend = z.infer<typeof ZRunBackend>;

export const MODEL_ALIASES = ['champion', 'challenger', 'production'] as const;
export const ZModelAliasName = z.enum(MODEL_ALIASES);
export type ModelAliasName = z.infer<typeof ZModelAliasName>;

const ZMetricKey = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:/-]+$/, 'letters, digits and _ . : / - only');

export const ZSplitOptions = z.object({
  fractions: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0)]).default([0.8, 0.1, 0.1])
    .refine((f) => Math.abs(f[0] + f[1] + f[2] - 1) < 1e-9 && f[0] > 0 && f[2] > 0, 'train, validation, test fractions must sum to 1 with train and test above 0'),
  stratify: z.boolean().default(true),
});
export type SplitOptionsInput = z.input<typeof ZSplitOptions>;

export const ZTransformOptions = z.object({
  numeric: z.enum(['standardize', 'minmax', 'scale255', 'none']).default('standardize'),
  exclude: z.array(z.string().min(1).max(200)).max(1000).default([]),
  reshape: z.array(z.number().int().positive()).min(1).max(4).optional(),
});

export const ZCreateRunSchema = z
  .object({
    projectId: z.string().min(1).max(64),
    datasetVersionId: z.string().min(1).max(64),
    labelColumn: z.string().min(1).max(200),
    name: z.string().trim().min(1).max(200).optional(),
    preset: ZRunPreset.optional(),
    /** A full model spec (checked with ZModelSpec); its inputShape and output size must fit the data. */
    spec: z.record(z.string(), z.unknown()).optional(),
    epochs: z.number().int().min(1).max(500).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    backend: ZRunBackend.default('auto'),
    split: ZSplitOptions.default({ fractions: [0.8, 0.1, 0.1], stratify: true }),
    transform: ZTransformOptions.default({ numeric: 'standardize', exclude: [] }),
    tags: z.array(z.string().min(1).max(50)).max(20).default([]),
  })
  .refine((v) => (v.preset === undefined) !== (v.spec === undefined), { message: 'give exactly one of preset or spec', path: ['preset'] });
export type CreateRunInput = z.infer<typeof ZCreateRunSchema>;

export const ZRunEstimateQuery = z.object({
  datasetVersionId: z.string().min(1).max(64),
  preset: ZRunPreset.default('mlp-classifier'),
  epochs: z.coerce.number().int().min(1).max(500).optional(),
  backend: ZRunBackend.default('auto'),
});

export const ZRunListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  projectId: z.string().max(64).optional(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']).optional(),
});
export type RunListQuery = z.infer<typeof ZRunListQuery>;

export const ZMetricSeriesQuery = z.object({
  keys: z.string().max(2000).optional(),
  maxPoints: z.coerce.number().int().min(3).max(10_000).default(500),
});

export const ZCompareQuery = z.object({
  ids: z.string().min(1).max(200 * 40),
  keys: z.string().max(2000).optional(),
  maxPoints: z.coerce.number().int().min(3).max(5_000).default(300),
});

/** Up to 50,000 points per request: MLflow's log_batch stops at 1,000. */
export const MAX_METRIC_POINTS_PER_REQUEST = 50_000;
export const ZMetricPoint = z.object({
  key: ZMetricKey,
  step: z.number().int().min(0).max(2 ** 31 - 1),
  value: z.number().finite(),
  /** ISO time or epoch ms; defaults to the time of the request. */
  time: z.union([z.string().datetime(), z.number().int().nonnegative()]).optional(),
});
export const ZMetricBatchSchema = z.object({ points: z.array(ZMetricPoint).min(1).max(MAX_METRIC_POINTS_PER_REQUEST) });
export type MetricBatchInput = z.infer<typeof ZMetricBatchSchema>;

export const ZExternalRunSchema = z.object({
  projectId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  datasetVersionId: z.string().min(1).max(64).optional(),
  params: z.record(z.string().max(200), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).default({}),
  tags: z.array(z.string().min(1).max(50)).max(50).default([]),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']).default('RUNNING'),
  testMetrics: z.record(z.string().max(100), z.number().finite()).optional(),
});
export type ExternalRunInput = z.infer<typeof ZExternalRunSchema>;

export const ZFinishExternalRunSchema = z.object({
  status: z.enum(['SUCCEEDED', 'FAILED']),
  testMetrics: z.record(z.string().max(100), z.number().finite()).optional(),
  error: z.string().max(2000).optional(),
});

export const ZPromoteSchema = z.object({ reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(2000) });
export const ZPredictSchema = z.object({
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).min(1).max(10_000),
});
export type PredictInput = z.infer<typeof ZPredictSchema>;

export interface RunView {
  id: string;
  organizationId: string;
  projectId: string;
  datasetVersionId: string | null;
  jobId: string | null;
  name: string;
  preset: string | null;
  spec: unknown;
  specHash: string | null;
  labelColumn: string | null;
  split: unknown;
  transform: unknown;
  seed: number;
  epochs: number | null;
  backendRequested: string;
  backendUsed: string | null;
  device: string | null;
  status: JobStatus;
  error: string | null;
  epochsDone: number;
  progress: number;
  wallTimeMs: number | null;
  cpuTimeMs: number | null;
  cost: { minor: number; currency: string } | null;
  testMetrics: unknown;
  external: boolean;
  params: unknown;
  tags: string[];
  modelVersionId: string | null;
  createdById: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface SeriesPoint {
  step: number;
  value: number;
}
export interface MetricSeries {
  key: string;
  /** Points stored; `points` holds at most maxPoints of them (LTTB). */
  total: number;
  points: SeriesPoint[];
}

export interface ModelVersionView {
  id: string;
  organizationId: string;
  projectId: string;
  version: number;
  runId: string;
  datasetVersionId: string | null;
  specHash: string | null;
  preprocessing: unknown;
  inputSchema: unknown;
  testMetrics: unknown;
  artifactKey: string;
  aliases: string[];
  createdAt: string;
}

export interface ModelAliasEventView {
  id: string;
  alias: string;
  fromModelVersionId: string | null;
  toModelVersionId: string;
  reason: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  /** Set when the platform moved it (no user or key), e.g. "system (auto-promotion)". */
  actorLabel?: string | null;
  createdAt: string;
}

// ---- state machine ----

const RUN_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  // QUEUED → QUEUED is a retry that put the run back before it restarted.
  QUEUED: ['QUEUED', 'RUNNING', 'CANCELLED', 'FAILED'],
  // RUNNING → QUEUED: the attempt failed and the queue will retry it (resume from a checkpoint).
  RUNNING: ['RUNNING', 'QUEUED', 'SUCCEEDED', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export function canTransitionRun(from: JobStatus, to: JobStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

/** The statuses a run may be in for a move to `to` to be legal (for conditional UPDATE ... WHERE status IN). */
export function runStatusesAllowing(to: JobStatus): JobStatus[] {
  return (Object.keys(RUN_TRANSITIONS) as JobStatus[]).filter((from) => RUN_TRANSITIONS[from].includes(to));
}

export function isTerminalRunStatus(s: JobStatus): boolean {
  return RUN_TRANSITIONS[s].length === 0;
}

// ---- cost ----

/**
 * Training throughput used to estimate a run before it starts (samples per second, one training
 * pass). wasm: mlp-classifier measured by `npm run bench:engine` on this project's 2-core machine
 * (35,544 samples/s, docs/benchmarks.md), rounded down; cpu: the pure-JS backend on the same MLP
 * (~700, ../shared/notes/offline-toolchain.md). The native backends cannot be installed here, so
 * theirs are assumptions (2x and 5x wasm), to be replaced by a measurement where they run.
 */
export const SAMPLES_PER_SECOND: Record<Exclude<RunBackend, 'auto'>, number> = {
  'tensorflow-gpu': 150_000,
  tensorflow: 60_000,
  wasm: 30_000,
  cpu: 700,
};

/** Hourly rates in minor units (cents) per backend; overridden by configuration (RUN_RATE_<BACKEND>_MINOR). */
export const DEFAULT_HOURLY_RATE_MINOR: Record<Exclude<RunBackend, 'auto'>, number> = {
  'tensorflow-gpu': 250,
  tensorflow: 40,
  wasm: 40,
  cpu: 40,
};

/** Cost of `ms` of compute at `ratePerHourMinor`: rounded up to a whole minor unit once any time was used. */
export function computeCostMinor(ms: number, ratePerHourMinor: number): number {
  if (!(ms > 0) || !(ratePerHourMinor > 0)) return 0;
  return Math.ceil((ms / 3_600_000) * ratePerHourMinor);
}

export interface RunEstimate {
  backend: Exclude<RunBackend, 'auto'>;
  rows: number;
  epochs: number;
  samplesPerSecond: number;
  seconds: number;
  costMinor: number;
  currency: string;
}

export function estimateRun(input: { rows: number; epochs: number; backend: Exclude<RunBackend, 'auto'>; rates: Record<string, number>; currency: string; trainFraction?: number }): RunEstimate {
  const sps = SAMPLES_PER_SECOND[input.backend];
  const samples = Math.max(0, input.rows) * (input.trainFraction ?? 0.8) * input.epochs;
  const seconds = samples / sps;
  return {
    backend: input.backend,
    rows: input.rows,
    epochs: input.epochs,
    samplesPerSecond: sps,
    seconds,
    costMinor: computeCostMinor(seconds * 1000, input.rates[input.backend] ?? DEFAULT_HOURLY_RATE_MINOR[input.backend]),
    currency: input.currency,
  };
}

// ---- downsampling ----

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, per bucket,
 * the point that spans the largest triangle with its neighbours, so peaks and dips survive.
 * Points must be sorted by x. O(n).
 */
export function lttb<P extends { step: number; value: number }>(points: readonly P[], threshold: number): P[] {
  const n = points.length;
  if (threshold >= n || threshold < 3) return threshold < 3 && n > threshold ? points.slice(0, Math.max(0, threshold)) : points.slice();
  const out: P[] = [points[0]];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += points[j].step;
      avgY += points[j].value;
    }
    const len = nextEnd - nextStart;
    avgX /= len;
    avgY /= len;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = points[a].step;
    const ay = points[a].value;
    let best = -1;
    let bestIdx = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (points[j].value - ay) - (ax - points[j].step) * (avgY - ay));
      if (area > best) {
        best = area;
        bestIdx = j;
      }
    }
    out.push(points[bestIdx]);
    a = bestIdx;
  }
  out.push(points[n - 1]);
  return out;
}
