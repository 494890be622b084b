// Runs inside a worker thread (runInWorkerThread): reads the dataset file, splits and fits the
// preprocessing on the training rows, trains, evaluates on the test split and returns the saved
// model files. Progress, batch and epoch metrics and each epoch's checkpoint are posted back so the
// job process (which holds the queue lock) writes them; this thread touches no database.
import { createHash } from 'node:crypto';
import { applyPreprocessing, column, columnStrings, fitPreprocessing, readTable, takeRows, trainValTestSplit, type Preprocessing } from '@meridian/data-pipeline';
import { buildPresetSpec, evaluate, saveModelToBuffers, selectBackend, train, validateSpec, type BackendPreference, type EvaluationReport, type ModelFiles, type ModelSpec } from '@meridian/training-engine';
import { packDir } from './pack';
import { threadCpuClock, type CpuClockScope } from './thread-cpu';

export interface TrainThreadInput {
  datasetPath: string;
  labelColumn: string;
  preset: string | null;
  spec: unknown;
  epochs: number | null;
  seed: number;
  split: { fractions: [number, number, number]; stratify: boolean };
  transform: { numeric: 'standardize' | 'minmax' | 'scale255' | 'none'; exclude: string[]; reshape?: number[] };
  backend: string;
  checkpointDir: string;
  resume: boolean;
  /** Post a batch loss point every N batches. */
  batchMetricEvery: number;
}

export type TrainThreadMessage =
  | { type: 'start'; backend: string; device: string; epochs: number; spec: ModelSpec; specHash: string; trainRows: number; resumedFromEpoch: number | null }
  | { type: 'batch'; step: number; epoch: number; loss: number; fraction: number }
  /** cpuMs: this thread's CPU time so far in this attempt (see thread-cpu.ts). */
  | { type: 'epoch'; epoch: number; values: Record<string, number>; checkpoint: Uint8Array; cpuMs: number };

export interface InputColumn {
  name: string;
  type: 'number' | 'string' | 'boolean' | 'date';
}

export interface TrainThreadResult {
  backend: string;
  device: string;
  spec: ModelSpec;
  specHash: string;
  epochsCompleted: number;
  resumedFromEpoch: number | null;
  /** Early stopping ended training before the last epoch (bestEpoch: 0-based epoch of the weights kept). */
  stoppedEarly: boolean;
  bestEpoch: number | null;
  report: EvaluationReport;
  preprocessing: Preprocessing;
  inputSchema: InputColumn[];
  files: ModelFiles;
  /** CPU time of the training thread in this attempt; `cpuScope` says whether it is the thread's own or process-wide (fallback). */
  cpuMs: number;
  cpuScope: CpuClockScope;
  cpuSource: string;
}

export function specHashOf(spec: unknown): string {
  return createHash('sha256').update(stableStringify(spec)).digest('hex');
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function inputSchemaOf(prep: Preprocessing): InputColumn[] {
  return prep.features.map((f) => ({
    name: f.column,
    type: f.kind === 'onehot' || f.kind === 'ordinal' ? 'string' : f.kind === 'boolean' ? 'boolean' : f.kind === 'date' ? 'date' : 'number',
  }));
}

export default async function runTraining(input: TrainThreadInput, io: { post(msg: TrainThreadMessage): void }): Promise<TrainThreadResult> {
  // This thread's own CPU clock: the job process may run other jobs (and, embedded, the API) meanwhile.
  const clock = threadCpuClock();
  const cpuStart = clock.readMicros();
  const cpuMs = () => Math.round((clock.readMicros() - cpuStart) / 1000);
  const backend = await selectBackend({ prefer: input.backend as BackendPreference });
  const table = await readTable(input.datasetPath);
  const labelCol = column(table, input.labelColumn);
  const labels = columnStrings(labelCol).map((v) => String(v));
  const split = trainValTestSplit(table.rowCount, { seed: input.seed, fractions: input.split.fractions, stratify: input.split.stratify ? labels : undefined });
  const prep = fitPreprocessing(takeRows(table, split.train), {
    label: input.labelColumn,
    numeric: input.transform.numeric,
    exclude: input.transform.exclude,
    reshape: input.transform.reshape,
  });
  const [tr, va, te] = [split.train, split.validation, split.test].map((idx) => applyPreprocessing(takeRows(table, idx), prep));
  const numClasses = prep.target?.task === 'classification' ? prep.target.classes.length : undefined;

  let spec: ModelSpec;
  if (input.spec) {
    const check = validateSpec(input.spec);
    if (!check.ok) throw new Error(`The model spec is invalid: ${check.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    spec = check.spec;
  } else {
    spec = buildPresetSpec(input.preset ?? 'mlp-classifier', { inputShape: prep.featureShape, numClasses, rows: split.train.length });
  }
  if (input.epochs) spec = { ...spec, epochs: input.epochs };
  const epochs = spec.epochs ?? 10;
  const specHash = specHashOf(spec);
  const device = backend.name === 'tensorflow-gpu' ? 'gpu' : 'cpu';
  io.post({ type: 'start', backend: backend.name, device, epochs, spec, specHash, trainRows: split.train.length, resumedFromEpoch: null });

  const batchesPerEpoch = Math.ceil(split.train.length / (spec.batchSize ?? 32));
  const result = await train({
    spec,
    train: tr,
    validation: va.shape[0] > 0 ? va : undefined,
    epochs,
    seed: input.seed,
    checkpointDir: input.checkpointDir,
    resumeFrom: input.resume ? input.checkpointDir : undefined,
    callbacks: {
      onBatchEnd: (p) => {
        if (p.batch % input.batchMetricEvery !== 0) return;
        io.post({ type: 'batch', step: p.epoch * batchesPerEpoch + p.batch, epoch: p.epoch, loss: p.loss, fraction: p.fraction });
      },
      onEpochEnd: async (log) => {
        const values: Record<string, number> = { loss: log.loss };
        for (const [k, v] of Object.entries(log.metrics ?? {})) if (k !== 'loss' && Number.isFinite(v)) values[k] = v;
        if (log.valLoss !== null && log.valLoss !== undefined && Number.isFinite(log.valLoss)) values.val_loss = log.valLoss;
        for (const [k, v] of Object.entries(log.valMetrics ?? {})) if (k !== 'loss' && Number.isFinite(v)) values[`val_${k}`] = v;
        io.post({ type: 'epoch', epoch: log.epoch, values, checkpoint: await packDir(input.checkpointDir), cpuMs: cpuMs() });
      },
    },
  });
  const report = evaluate(result.model, te);
  const files = await saveModelToBuffers(result.model, { preprocessing: prep, metrics: report });
  result.model.dispose();
  return {
    backend: result.backend,
    device,
    spec,
    specHash,
    epochsCompleted: result.epochsCompleted,
    resumedFromEpoch: result.resumedFromEpoch,
    stoppedEarly: result.stoppedEarly,
    bestEpoch: result.bestEpoch,
    report,
    preprocessing: prep,
    inputSchema: inputSchemaOf(prep),
    files,
    cpuMs: cpuMs(),
    cpuScope: clock.scope,
    cpuSource: clock.source,
  };
}
