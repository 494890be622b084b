// Our own batch loop rather than model.fit: it gives per-batch cancellation, exact resume from a
// checkpoint, seeded dropout per step, fused losses on logits, and a tensor count we can account for.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, ModelSpecInput } from '@meridian/domain';
import { EngineOptimizer } from './optimizers';
import { buildLayersModel, parseSpec } from './spec';
import { BatchBuilder, checkDataset, featureSize, mixSeed, outputUnits, permutation } from './data';
import { computeLoss, lossUsesLogits } from './losses';
import { makeDenseStep, scoreBatch } from './dense-step';
import { TrainedModel } from './model';
import { EngineError, TrainingAbortedError, type Dataset2D } from './types';
import { readCheckpoint, writeCheckpoint, type CheckpointState } from './checkpoint';
import { currentBackend, ensureBackend } from './backend';

export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean loss of this batch. */
  loss: number;
  /** Running means over the epoch so far, e.g. { loss: 0.41, accuracy: 0.88 }. */
  metrics: Record<string, number>;
  samplesPerSecond: number;
  /** Seconds until training ends at the current rate. */
  etaSeconds: number;
  /** 0..1 over the whole run. */
  fraction: number;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  /** Training metrics averaged over the epoch, e.g. { accuracy: 0.93 }. */
  metrics: Record<string, number>;
  valLoss: number | null;
  valMetrics: Record<string, number>;
  learningRate: number;
  durationMs: number;
  samplesPerSecond: number;
}

export interface TrainCallbacks {
  onBatchEnd?: (p: BatchProgress) => void | Promise<void>;
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Called at most every `progressIntervalMs` (default 250 ms) and at each epoch end. */
  onProgress?: (p: BatchProgress) => void | Promise<void>;
}

export interface EarlyStoppingOptions {
  /** 'val_loss' (default when validation data is given), 'loss', or 'val_<metric>'/'<metric>'. */
  monitor?: string;
  patience: number;
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping or finishing (default true). */
  restoreBestWeights?: boolean;
}

export type LrSchedule =
  | { type: 'constant' }
  | { type: 'step'; every: number; factor: number }
  | { type: 'exponential'; gamma: number }
  | { type: 'cosine'; minLearningRate?: number; epochs?: number }
  | { type: 'reduceOnPlateau'; factor: number; patience: number; minLearningRate?: number; monitor?: string };

export interface TrainOptions {
  spec: ModelSpec | ModelSpecInput;
  train: Dataset2D;
  validation?: Dataset2D;
  epochs?: number;
  batchSize?: number;
  seed: number;
  /** Shuffle the training rows each epoch (seeded; default true). */
  shuffle?: boolean;
  signal?: AbortSignal;
  callbacks?: TrainCallbacks;
  progressIntervalMs?: number;
  earlyStopping?: EarlyStoppingOptions;
  lrSchedule?: LrSchedule;
  /** Writes a checkpoint (weights, optimiser state, loop state) after every epoch. */
  checkpointDir?: string;
  /** A checkpointDir from an earlier run with the same spec, data size and seed. */
  resumeFrom?: string;
}

export interface TrainResult {
  model: TrainedModel;
  history: EpochLog[];
  epochsCompleted: number;
  stoppedEarly: boolean;
  /** Epoch (0-based) whose weights the model holds when best weights were restored. */
  bestEpoch: number | null;
  resumedFromEpoch: number | null;
  backend: string;
  durationMs: number;
  samplesPerSecond: number;
}

export function scheduledLearningRate(schedule: LrSchedule | undefined, base: number, epoch: number, totalEpochs: number, plateauLr: number): number {
  if (!schedule) return base;
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(schedule.factor, Math.floor(epoch / schedule.every));
    case 'exponential':
      return base * Math.pow(schedule.gamma, epoch);
    case 'cosine': {
      const min = schedule.minLearningRate ?? 0;
      const t = schedule.epochs ?? totalEpochs;
      return min + 0.5 * (base - min) * (1 + Math.cos((Math.PI * Math.min(epoch, t)) / t));
    }
    case 'reduceOnPlateau':
      return plateauLr;
  }
}

function checkSchedule(s: LrSchedule | undefined): void {
  if (!s) return;
  const bad = (m: string) => {
    throw new EngineError('INVALID_OPTIONS', `lrSchedule: ${m}`);
  };
  if (s.type === 'step' && (!(s.every >= 1) || !(s.factor > 0))) bad('step needs every >= 1 and factor > 0');
  if (s.type === 'exponential' && !(s.gamma > 0)) bad('exponential needs gamma > 0');
  if (s.type === 'reduceOnPlateau' && (!(s.factor > 0 && s.factor < 1) || !(s.patience >= 0))) bad('reduceOnPlateau needs 0 < factor < 1 and patience >= 0');
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function monitorValue(log: EpochLog, monitor: string): number | null {
  if (monitor === 'loss') return log.loss;
  if (monitor === 'val_loss') return log.valLoss;
  if (monitor.startsWith('val_')) return log.valMetrics[monitor.slice(4)] ?? null;
  return log.metrics[monitor] ?? null;
}
const higherIsBetter = (monitor: string) => /accuracy|f1|auc|r2/.test(monitor);

interface BatchStats {
  lossSum: tf.Tensor;
  correct: tf.Tensor | null;
  absErr: tf.Tensor | null;
  sqErr: tf.Tensor | null;
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  const spec = parseSpec(options.spec);
  if (!Number.isInteger(options.seed)) throw new EngineError('INVALID_OPTIONS', `seed must be an integer, got ${options.seed}`);
  const epochs = options.epochs ?? spec.epochs;
  const batchSize = options.batchSize ?? spec.batchSize;
  if (!Number.isInteger(epochs) || epochs < 1) throw new EngineError('INVALID_OPTIONS', `epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new EngineError('INVALID_OPTIONS', `batchSize must be a positive integer, got ${batchSize}`);
  checkSchedule(options.lrSchedule);
  const n = checkDataset(options.train, spec, 'train');
  if (options.validation) checkDataset(options.validation, spec, 'validation');
  if (options.signal?.aborted) throw new TrainingAbortedError(0, 0);
  await ensureBackend();

  const per = featureSize(spec);
  const units = outputUnits(spec);
  const oneHot = spec.task === 'multiclass';
  const labelWidth = oneHot ? units : 1;
  const layers = buildLayersModel(spec, options.seed);
  const model = new TrainedModel(spec, layers);
  const exe = model.executable;
  const optimizer = new EngineOptimizer(spec.optimizer);
  const baseLr = spec.optimizer.learningRate;
  const fromLogits = lossUsesLogits(spec.loss, exe.finalActivation);
  const copyBatches = tf.getBackend() !== 'wasm'; // wasm copies on write; cpu keeps the array itself
  const monitor = options.earlyStopping?.monitor ?? (options.validation ? 'val_loss' : 'loss');
  const restoreBest = options.earlyStopping?.restoreBestWeights ?? true;
  const plateauMonitor = options.lrSchedule?.type === 'reduceOnPlateau' ? (options.lrSchedule.monitor ?? monitor) : monitor;

  let state: CheckpointState = {
    format: 1,
    seed: options.seed,
    specJson: JSON.stringify(spec),
    trainRows: n,
    batchSize,
    epochsCompleted: 0,
    history: [],
    best: null,
    bestEpoch: null,
    wait: 0,
    plateauLr: baseLr,
    plateauBest: null,
    plateauWait: 0,
    stopped: false,
    optimizerStep: 0,
  };
  let bestWeights: tf.Tensor[] | null = null;
  let resumedFromEpoch: number | null = null;

  const cleanup = () => {
    bestWeights?.forEach((t) => t.dispose());
    optimizer.dispose();
  };

  try {
    if (options.resumeFrom) {
      const ck = await readCheckpoint(options.resumeFrom);
      const mismatch: string[] = [];
      if (ck.state.specJson !== state.specJson) mismatch.push('the model spec differs');
      if (ck.state.seed !== state.seed) mismatch.push(`the seed differs (${ck.state.seed} vs ${state.seed})`);
      if (ck.state.trainRows !== n) mismatch.push(`the training data has ${n} rows, the checkpoint was made with ${ck.state.trainRows}`);
      if (ck.state.batchSize !== batchSize) mismatch.push(`batch size ${batchSize} vs ${ck.state.batchSize}`);
      if (mismatch.length > 0) {
        ck.dispose();
        throw new EngineError('CHECKPOINT', `cannot resume from ${options.resumeFrom}: ${mismatch.join('; ')}. Resume with the same spec, data, seed and batch size, or start a new run.`);
      }
      layers.setWeights(ck.weights);
      optimizer.setState({ step: ck.state.optimizerStep, slots: ck.optimizerWeights });
      ck.optimizerWeights.forEach((t) => t.tensor.dispose());
      bestWeights = ck.bestWeights;
      ck.weights.forEach((t) => t.dispose());
      state = ck.state;
      resumedFromEpoch = state.epochsCompleted - 1;
    }

    const batches = Math.ceil(n / batchSize);
    const builder = new BatchBuilder(options.train, per, labelWidth, oneHot, batchSize);
    const interval = options.progressIntervalMs ?? 250;
    const started = performance.now();
    let samplesThisRun = 0;
    let lastProgress = 0;
    const totalSamples = n * epochs;
    const vars = exe.trainableVariables;
    // Dense-only models skip autodiff on backends where reading a batch's outputs back is cheap.
    const dense = tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu' ? makeDenseStep(spec, layers, vars) : null;

    for (let epoch = state.epochsCompleted; epoch < epochs && !state.stopped; epoch++) {
      const lr = scheduledLearningRate(options.lrSchedule, baseLr, epoch, epochs, state.plateauLr);
      optimizer.learningRate = lr;
      const order = options.shuffle === false ? null : permutation(n, mixSeed(options.seed, epoch, 0x5eed));
      const epochStart = performance.now();
      const stats: BatchStats = { lossSum: tf.keep(tf.scalar(0)), correct: null, absErr: null, sqErr: null };
      const js = { lossSum: 0, correct: 0, absErr: 0, sqErr: 0 };
      if (spec.task !== 'regression') stats.correct = tf.keep(tf.scalar(0));
      else {
        stats.absErr = tf.keep(tf.scalar(0));
        stats.sqErr = tf.keep(tf.scalar(0));
      }
      try {
        for (let b = 0; b < batches; b++) {
          if (options.signal?.aborted) throw new TrainingAbortedError(epoch, b);
          const start = b * batchSize;
          const end = Math.min(n, start + batchSize);
          const batch = builder.fill(order, start, end);
          const stepSeed = mixSeed(options.seed, epoch, b);
          let batchLoss: tf.Scalar | null = null;
          let batchLossValue = 0;
          if (dense) {
            const out = tf.tidy(() => {
              const xs = tf.tensor(copyBatches ? batch.x.slice() : batch.x, [batch.size, ...spec.inputShape]);
              const ys = tf.tensor(copyBatches ? batch.y.slice() : batch.y, [batch.size, labelWidth]);
              const r = dense.run(xs, ys, stepSeed, fromLogits);
              optimizer.apply(vars, r.grads);
              return r.out;
            });
            const score = scoreBatch(spec.loss, spec.task, fromLogits, out.dataSync() as Float32Array, batch.y, batch.size, labelWidth);
            out.dispose();
            js.lossSum += score.lossSum;
            js.correct += score.correct;
            js.absErr += score.absErr;
            js.sqErr += score.sqErr;
            batchLossValue = score.lossSum / batch.size;
          } else {
            batchLoss = tf.tidy(() => {
              const xs = tf.tensor(copyBatches ? batch.x.slice() : batch.x, [batch.size, ...spec.inputShape]);
              const ys = tf.tensor(copyBatches ? batch.y.slice() : batch.y, [batch.size, labelWidth]);
              let out: tf.Tensor | null = null;
              const { value, grads } = tf.variableGrads(() => {
                out = tf.keep(exe.forward(xs, { training: true, stepSeed, logits: fromLogits }));
                return computeLoss(spec.loss, out, ys, fromLogits);
              }, vars);
              optimizer.apply(vars, vars.map((v) => grads[v.name]));
              accumulate(stats, spec.task, out!, ys, value, batch.size, fromLogits);
              return value;
            });
          }
          samplesThisRun += batch.size;
          const cb = options.callbacks;
          if (cb?.onBatchEnd || cb?.onProgress) {
            const now = performance.now();
            const rate = samplesThisRun / Math.max(1e-9, (now - started) / 1000);
            const done = epoch * n + end;
            const seen = end;
            const running: Record<string, number> = {};
            if (dense) {
              running.loss = js.lossSum / seen;
              if (spec.task !== 'regression') running.accuracy = js.correct / seen;
              else running.mae = js.absErr / seen;
            } else {
              running.loss = stats.lossSum.dataSync()[0] / seen;
              if (stats.correct) running.accuracy = stats.correct.dataSync()[0] / seen;
              if (stats.absErr) running.mae = stats.absErr.dataSync()[0] / seen;
            }
            const p: BatchProgress = {
              epoch,
              epochs,
              batch: b,
              batches,
              loss: batchLoss ? (batchLoss.dataSync() as Float32Array)[0] : batchLossValue,
              metrics: running,
              samplesPerSecond: rate,
              etaSeconds: (totalSamples - done) / rate,
              fraction: done / totalSamples,
            };
            if (cb.onBatchEnd) await cb.onBatchEnd(p);
            if (cb.onProgress && (now - lastProgress >= interval || b === batches - 1)) {
              lastProgress = now;
              await cb.onProgress(p);
            }
          }
          batchLoss?.dispose();
          // Lets an abort() or a timer run between batches: cancellation lands within one batch.
          await yieldToEventLoop();
        }
        const seconds = (performance.now() - epochStart) / 1000;
        const metrics: Record<string, number> = {};
        let lossValue: number;
        if (dense) {
          lossValue = js.lossSum / n;
          if (spec.task !== 'regression') metrics.accuracy = js.correct / n;
          else {
            metrics.mae = js.absErr / n;
            metrics.mse = js.sqErr / n;
          }
        } else {
          lossValue = (await stats.lossSum.data())[0] / n;
          if (stats.correct) metrics.accuracy = (await stats.correct.data())[0] / n;
          if (stats.absErr) metrics.mae = (await stats.absErr.data())[0] / n;
          if (stats.sqErr) metrics.mse = (await stats.sqErr.data())[0] / n;
        }
        const val = options.validation ? evaluateLoss(model, options.validation, fromLogits) : null;
        const log: EpochLog = {
          epoch,
          loss: lossValue,
          metrics: pickMetrics(metrics, spec.metrics),
          valLoss: val ? val.loss : null,
          valMetrics: val ? pickMetrics(val.metrics, spec.metrics) : {},
          learningRate: lr,
          durationMs: seconds * 1000,
          samplesPerSecond: n / seconds,
        };
        state.history.push(log);
        state.epochsCompleted = epoch + 1;

        const value = monitorValue(log, monitor);
        if (options.earlyStopping && value !== null) {
          const sign = higherIsBetter(monitor) ? 1 : -1;
          const minDelta = options.earlyStopping.minDelta ?? 0;
          if (state.best === null || sign * (value - state.best) > minDelta) {
            state.best = value;
            state.bestEpoch = epoch;
            state.wait = 0;
            if (restoreBest) {
              bestWeights?.forEach((t) => t.dispose());
              bestWeights = layers.getWeights().map((w) => tf.keep(w.clone()));
            }
          } else if (++state.wait >= options.earlyStopping.patience) {
            state.stopped = true;
          }
        }
        if (options.lrSchedule?.type === 'reduceOnPlateau') {
          const pv = monitorValue(log, plateauMonitor);
          const sign = higherIsBetter(plateauMonitor) ? 1 : -1;
          if (pv !== null && (state.plateauBest === null || sign * (pv - state.plateauBest) > 0)) {
            state.plateauBest = pv;
            state.plateauWait = 0;
          } else if (++state.plateauWait > options.lrSchedule.patience) {
            state.plateauLr = Math.max(options.lrSchedule.minLearningRate ?? 0, state.plateauLr * options.lrSchedule.factor);
            state.plateauWait = 0;
          }
        }
        if (options.checkpointDir) {
          const opt = optimizer.getState();
          state.optimizerStep = opt.step;
          await writeCheckpoint(options.checkpointDir, state, layers.getWeights(), opt.slots, bestWeights);
        }
        if (options.callbacks?.onEpochEnd) await options.callbacks.onEpochEnd(log);
      } finally {
        stats.lossSum.dispose();
        stats.correct?.dispose();
        stats.absErr?.dispose();
        stats.sqErr?.dispose();
      }
    }

    let bestEpoch: number | null = null;
    if (options.earlyStopping && restoreBest && bestWeights && state.bestEpoch !== null) {
      layers.setWeights(bestWeights);
      bestEpoch = state.bestEpoch;
    }
    const durationMs = performance.now() - started;
    cleanup();
    return {
      model,
      history: state.history,
      epochsCompleted: state.epochsCompleted,
      stoppedEarly: state.stopped,
      bestEpoch,
      resumedFromEpoch,
      backend: currentBackend(),
      durationMs,
      samplesPerSecond: samplesThisRun / Math.max(1e-9, durationMs / 1000),
    };
  } catch (err) {
    cleanup();
    model.dispose();
    throw err;
  }
}

function pickMetrics(all: Record<string, number>, wanted: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of wanted) if (all[k] !== undefined) out[k] = all[k];
  return out;
}

function accumulate(stats: BatchStats, task: ModelSpec['task'], out: tf.Tensor, ys: tf.Tensor, loss: tf.Scalar, size: number, fromLogits: boolean): void {
  const swap = (slot: 'lossSum' | 'correct' | 'absErr' | 'sqErr', add: tf.Tensor) => {
    const prev = stats[slot]!;
    stats[slot] = tf.keep(tf.add(prev, add));
    prev.dispose();
  };
  swap('lossSum', tf.mul(loss, size));
  if (task === 'multiclass') swap('correct', tf.sum(tf.cast(tf.equal(tf.argMax(out, -1), tf.argMax(ys, -1)), 'float32')));
  // out is a logit when the loss fused the sigmoid: logit >= 0 <=> p >= 0.5
  else if (task === 'binary') swap('correct', tf.sum(tf.cast(tf.equal(tf.cast(tf.greaterEqual(out, fromLogits ? 0 : 0.5), 'float32'), ys), 'float32')));
  else {
    swap('absErr', tf.sum(tf.abs(tf.sub(out, ys))));
    swap('sqErr', tf.sum(tf.squaredDifference(out, ys)));
  }
  out.dispose();
}

/** Loss and basic metrics on a held-out set, in inference mode (no dropout, moving BN statistics). */
export function evaluateLoss(model: TrainedModel, ds: Dataset2D, fromLogits: boolean, batchSize = 512): { loss: number; metrics: Record<string, number> } {
  const spec = model.spec;
  const n = ds.shape[0];
  const per = featureSize(spec);
  const units = outputUnits(spec);
  const oneHot = spec.task === 'multiclass';
  const builder = new BatchBuilder(ds, per, oneHot ? units : 1, oneHot, Math.min(batchSize, n));
  let loss = 0;
  let correct = 0;
  let abs = 0;
  let sq = 0;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const batch = builder.fill(null, start, end);
    const [l, c, a, s] = tf.tidy(() => {
      const xs = tf.tensor(batch.x.slice(), [batch.size, ...spec.inputShape]);
      const ys = tf.tensor(batch.y.slice(), [batch.size, oneHot ? units : 1]);
      const out = model.executable.forward(xs, { training: false, stepSeed: 0, logits: fromLogits });
      const lossT = computeLoss(spec.loss, out, ys, fromLogits);
      let correctT = tf.scalar(0);
      let absT = tf.scalar(0);
      let sqT = tf.scalar(0);
      if (spec.task === 'multiclass') correctT = tf.sum(tf.cast(tf.equal(tf.argMax(out, -1), tf.argMax(ys, -1)), 'float32'));
      else if (spec.task === 'binary') correctT = tf.sum(tf.cast(tf.equal(tf.cast(tf.greaterEqual(out, fromLogits ? 0 : 0.5), 'float32'), ys), 'float32'));
      else {
        absT = tf.sum(tf.abs(tf.sub(out, ys)));
        sqT = tf.sum(tf.squaredDifference(out, ys));
      }
      return [lossT, correctT, absT, sqT].map((t) => t.dataSync()[0]);
    });
    loss += l * batch.size;
    correct += c;
    abs += a;
    sq += s;
  }
  const metrics: Record<string, number> = spec.task === 'regression' ? { mae: abs / n, mse: sq / n } : { accuracy: correct / n };
  return { loss: loss / n, metrics };
}
