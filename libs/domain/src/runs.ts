// Runs and the model registry: API input schemas, views, the run state machine, the cost model and
// LTTB downsampling. Pure (no I/O) so the API, the worker, the SDK and the dashboard share them.
import { z } from 'zod';
import type { JobStatus } from './enums';
import type { ModelSpec } from './model-spec';

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
  /** The label the preset is built for (its classes size the output layer); default: the version's target column. */
  labelColumn: z.string().min(1).max(200).optional(),
});
export type RunEstimateQuery = z.infer<typeof ZRunEstimateQuery>;

/**
 * POST /runs/estimate: the run as the form would start it (a preset or a spec), so the estimate is
 * of that model; a spec is checked like POST /runs (schema, then against the data when a label is given).
 */
export const ZRunEstimateSchema = z
  .object({
    datasetVersionId: z.string().min(1).max(64),
    labelColumn: z.string().min(1).max(200).optional(),
    preset: ZRunPreset.optional(),
    spec: z.record(z.string(), z.unknown()).optional(),
    epochs: z.number().int().min(1).max(500).optional(),
    backend: ZRunBackend.default('auto'),
    split: ZSplitOptions.default({ fractions: [0.8, 0.1, 0.1], stratify: true }),
    transform: ZTransformOptions.default({ numeric: 'standardize', exclude: [] }),
  })
  .refine((v) => v.preset === undefined || v.spec === undefined, { message: 'give preset or spec, not both', path: ['preset'] });
export type RunEstimateInput = z.infer<typeof ZRunEstimateSchema>;

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

/** A file logged to an external run; its bytes are checked against sha256 whenever they are read. */
export interface RunArtifactView {
  id: string;
  runId: string;
  name: string;
  sizeBytes: number;
  sha256: string;
  contentType: string;
  createdById: string | null;
  createdAt: string;
}

/** An artifact's name: a file name (no folders), unique within its run. */
export const ZRunArtifactName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\]/.test(n) && ![...n].some((c) => c.charCodeAt(0) < 0x20) && n !== '.' && n !== '..', 'a file name without folders or control characters');

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

// ---- does a spec fit the data ----

/**
 * What is known about the rows a spec will train on. The worker knows it exactly (the preprocessed
 * training split); at creation it comes from the dataset version's profile, where one-hot widths and
 * the classes a split keeps are ranges (libs/data-pipeline `fitFactsFromProfile`).
 */
export interface RunDataFacts {
  /** Values per row after preprocessing: min === max when exact. */
  features: { min: number; max: number };
  /** Says where the count comes from, to start a message: "train rows have 5 values (shape [5])". */
  featuresSay: string;
  /** Null when the labels are checked row by row instead (the engine's checkDataset). */
  label: RunLabelFacts | null;
}

export type RunLabelFacts =
  /** Classes the preprocessing will index: between min and max (a rare class may miss the training split). */
  | { kind: 'classes'; column: string; min: number; max: number }
  /** A numeric label the preprocessing treats as a regression target. */
  | { kind: 'numeric'; column: string }
  /** A numeric label with few distinct values the profile cannot tell apart: classes when they are integers, else numeric. */
  | { kind: 'classes-or-numeric'; column: string; min: number; max: number };

export interface SpecFitIssue {
  /** Path inside the spec, e.g. `inputShape` or `layers.3.units`. */
  path: string;
  message: string;
}

/** Units of the last dense layer (an activation layer after it keeps them); 1 when there is none. */
export function specOutputUnits(spec: Pick<ModelSpec, 'layers'>): { units: number; layer: number | null } {
  for (let i = spec.layers.length - 1; i >= 0; i--) {
    const l = spec.layers[i];
    if (l.type === 'dense') return { units: l.units, layer: i };
  }
  return { units: 1, layer: null };
}

const range = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min} to ${r.max}`);

/**
 * The one rule for "does this spec fit these rows", used by the training engine on the data it is
 * given (checkDataset) and by run creation on the dataset version's profile (POST /runs, retraining),
 * so a spec refused at creation is exactly one the worker would have failed:
 * - the input takes as many values as a row has (the product of inputShape, so [8, 8, 1] takes 64);
 * - binary and regression models end with 1 unit (one target per row);
 * - a multiclass model ends with one unit per class of the label, a binary one needs a 2-class label,
 *   and neither trains on a continuous numeric label, which in turn is what regression needs.
 * A range (facts from a profile) refuses only what cannot fit at any value in it.
 */
export function specFitIssues(spec: Pick<ModelSpec, 'task' | 'inputShape' | 'layers' | 'loss'>, facts: RunDataFacts): SpecFitIssue[] {
  const issues: SpecFitIssue[] = [];
  const want = spec.inputShape.reduce((a, b) => a * b, 1);
  const { min, max } = facts.features;
  if (want < min || want > max) {
    const hint = min === max ? `; set inputShape to [${min}]${min !== want && spec.inputShape.length > 1 ? ' or a shape with that many values' : ''}` : '';
    issues.push({ path: 'inputShape', message: `${facts.featuresSay} but the model input [${spec.inputShape.join(', ')}] needs ${want}${hint}` });
  }
  const { units, layer } = specOutputUnits(spec);
  const unitsPath = layer === null ? 'layers' : `layers.${layer}.units`;
  if (spec.task !== 'multiclass' && units !== 1) {
    issues.push({ path: unitsPath, message: `a ${spec.task} model trained on one target per row must end with 1 unit, not ${units}` });
  }
  const label = facts.label;
  if (!label) return issues;
  const classes = label.kind === 'numeric' ? null : label;
  if (spec.task === 'multiclass' || spec.task === 'binary') {
    if (!classes) {
      issues.push({
        path: 'task',
        message: `label "${label.column}" is a continuous number (a regression target), not classes; use task "regression" with a last dense layer of 1 unit and loss "mse" or "mae", or pick a label with classes`,
      });
    } else if (spec.task === 'multiclass' && (units < classes.min || units > classes.max)) {
      issues.push({ path: unitsPath, message: `label "${label.column}" has ${range(classes)} classes but the model ends with ${units} units; end with one unit per class (${classes.max})` });
    } else if (spec.task === 'binary' && classes.min > 2) {
      issues.push({
        path: 'task',
        message: `label "${label.column}" has ${range(classes)} classes; a binary model needs exactly 2: use task "multiclass" with ${classes.max} units, softmax and loss "sparseCategoricalCrossentropy"`,
      });
    }
  } else if (label.kind === 'classes') {
    issues.push({
      path: 'task',
      message: `label "${label.column}" holds ${range(label)} classes, not numbers; regression needs a numeric label: use task "${label.max === 2 ? 'binary' : 'multiclass'}" (loss "${label.max === 2 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy'}") or pick a numeric label`,
    });
  }
  return issues;
}

// ---- cost ----

/**
 * Relative training speed of each backend against wasm. wasm is measured (below); cpu is the pure-JS
 * backend on the same MLP (~700 samples/s against wasm's 35,544, ../shared/notes/offline-toolchain.md);
 * the native backends cannot be installed here, so theirs are assumptions (2x and 5x wasm), to be
 * replaced by a measurement where they run.
 */
export const BACKEND_SPEED: Record<Exclude<RunBackend, 'auto'>, number> = {
  'tensorflow-gpu': 5,
  tensorflow: 2,
  wasm: 1,
  cpu: 0.02,
};

/**
 * What one training sample costs a model: forward multiply-adds of dense and convolution layers
 * (the backward pass is about twice the forward, so training time scales with them) and the
 * parameter count, walked through the layers with the same shape rules as the spec schema.
 */
export interface ModelWork {
  denseMacs: number;
  convMacs: number;
  params: number;
  batchSize: number;
}

export function modelWork(spec: Pick<ModelSpec, 'inputShape' | 'layers' | 'batchSize'>): ModelWork {
  let shape = [...spec.inputShape];
  let denseMacs = 0;
  let convMacs = 0;
  let params = 0;
  const pair = (v: number | [number, number]) => (typeof v === 'number' ? [v, v] : v);
  for (const l of spec.layers) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (l.type === 'dense') {
      denseMacs += size * l.units;
      params += size * l.units + (l.useBias === false ? 0 : l.units);
      shape = [l.units];
    } else if (l.type === 'conv2d' || l.type === 'maxPooling2d' || l.type === 'averagePooling2d') {
      if (shape.length !== 3) break;
      const [h, w, c] = shape;
      const [kh, kw] = pair(l.type === 'conv2d' ? l.kernelSize : l.poolSize);
      const [sh, sw] = pair(l.strides ?? (l.type === 'conv2d' ? 1 : l.poolSize));
      const out = (n: number, k: number, st: number) => (l.padding === 'same' ? Math.ceil(n / st) : Math.floor((n - k) / st) + 1);
      const oh = Math.max(0, out(h, kh, sh));
      const ow = Math.max(0, out(w, kw, sw));
      if (l.type === 'conv2d') {
        convMacs += oh * ow * l.filters * kh * kw * c;
        params += kh * kw * c * l.filters + (l.useBias === false ? 0 : l.filters);
        shape = [oh, ow, l.filters];
      } else shape = [oh, ow, c];
    } else if (l.type === 'zeroPadding2d') {
      if (shape.length === 3) shape = [shape[0] + 2 * l.padding, shape[1] + 2 * l.padding, shape[2]];
    } else if (l.type === 'flatten') shape = [size];
    else if (l.type === 'reshape') shape = [...l.targetShape];
    else if (l.type === 'batchNormalization') params += 4 * (shape[shape.length - 1] ?? 1);
  }
  return { denseMacs, convMacs, params, batchSize: spec.batchSize ?? 32 };
}

/**
 * Seconds of training per sample on the wasm backend, a straight line through measurements of this
 * engine on this project's 2-core machine, per CPU-second (runs on wasm are billed on CPU time, and a
 * neighbour's load moves CPU time far less than wall time):
 * - mlp-classifier 784-128-10, batch 32: 28,560 samples per CPU-second (docs/benchmarks.md, bench:engine);
 * - mlp-classifier 64-128-10 (digits-sized), batch 32: 44,122 per CPU-second (docs/benchmarks.md,
 *   "Run estimate calibration"): a small dense model is bound by the per-batch work of the loop, not by
 *   its multiply-adds, so the line has a per-batch term;
 * - cnn-image conv32-pool-conv64-pool-conv64-dense64-dense10 on 28x28x1, batch 64: 1,281 per CPU-second.
 * From the two MLPs: 684 µs per batch plus 0.134 ns per dense multiply-add; from the CNN then 0.2774 ns
 * per convolution multiply-add (XNNPACK's convolutions run at about half its matrix-product rate here).
 * An estimate, not a promise: other layer kinds (pooling, normalisation) are taken as free, and the
 * per-epoch work around the batches (validation, checkpoint) is left out.
 */
export const THROUGHPUT_MODEL = { batchOverheadSeconds: 684e-6, denseMacSeconds: 0.134e-9, convMacSeconds: 0.2774e-9 } as const;

/** The benchmarked presets at the shapes they were measured with (for presets whose data shape is not known yet). */
export const MEASURED_PRESET_WORK: Partial<Record<RunPreset, ModelWork>> = {
  'mlp-classifier': { denseMacs: 784 * 128 + 128 * 10, convMacs: 0, params: 784 * 128 + 128 + 128 * 10 + 10, batchSize: 32 },
  'cnn-image': {
    denseMacs: 576 * 64 + 64 * 10,
    convMacs: 26 * 26 * 32 * 9 + 11 * 11 * 64 * 9 * 32 + 3 * 3 * 64 * 9 * 64,
    params: (9 * 32 + 32) + (9 * 32 * 64 + 64) + (9 * 64 * 64 + 64) + (576 * 64 + 64) + (64 * 10 + 10),
    batchSize: 64,
  },
};

/** Training samples per second of a model on a backend (see THROUGHPUT_MODEL). */
export function samplesPerSecondFor(work: ModelWork, backend: Exclude<RunBackend, 'auto'>): number {
  const m = THROUGHPUT_MODEL;
  const perSample = m.batchOverheadSeconds / Math.max(1, work.batchSize) + work.denseMacs * m.denseMacSeconds + work.convMacs * m.convMacSeconds;
  return BACKEND_SPEED[backend] / perSample;
}

/** samples/s of mlp-classifier (784-128-10) per backend, the model the old flat figures described. */
export const SAMPLES_PER_SECOND: Record<Exclude<RunBackend, 'auto'>, number> = Object.fromEntries(
  (Object.keys(BACKEND_SPEED) as Array<Exclude<RunBackend, 'auto'>>).map((b) => [b, Math.round(samplesPerSecondFor(MEASURED_PRESET_WORK['mlp-classifier']!, b))]),
) as Record<Exclude<RunBackend, 'auto'>, number>;

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
  /** The model the throughput was computed for (multiply-adds per sample, parameters, batch size). */
  work: ModelWork;
}

/**
 * Time and cost of a run before it starts: training rows x epochs at the model's throughput on the
 * backend (samplesPerSecondFor: the model's multiply-adds scaled against the measured presets),
 * billed at the backend's hourly rate. `work` defaults to mlp-classifier as benchmarked.
 */
export function estimateRun(input: { rows: number; epochs: number; backend: Exclude<RunBackend, 'auto'>; rates: Record<string, number>; currency: string; trainFraction?: number; work?: ModelWork }): RunEstimate {
  const work = input.work ?? MEASURED_PRESET_WORK['mlp-classifier']!;
  const sps = samplesPerSecondFor(work, input.backend);
  const samples = Math.max(0, input.rows) * (input.trainFraction ?? 0.8) * input.epochs;
  const seconds = samples / sps;
  return {
    backend: input.backend,
    rows: input.rows,
    epochs: input.epochs,
    samplesPerSecond: Math.round(sps),
    seconds,
    costMinor: computeCostMinor(seconds * 1000, input.rates[input.backend] ?? DEFAULT_HOURLY_RATE_MINOR[input.backend]),
    currency: input.currency,
    work,
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
