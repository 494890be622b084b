import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelSpecInput } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { rng } from './data';
import { evaluate } from './evaluate';
import { buildPresetSpec } from './presets';
import { scheduledLearningRate, train, type BatchProgress } from './train';
import { EngineError, TrainingAbortedError, type Dataset2D } from './types';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'meridian-engine-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Two noisy Gaussian blobs per class in `features` dimensions: learnable but not trivial. */
function blobs(rows: number, features: number, classes: number, seed: number): Dataset2D {
  const r = rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => r() * 4 - 2));
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(r() * classes);
    y[i] = c;
    for (let f = 0; f < features; f++) x[i * features + f] = centres[c][f] + (r() + r() + r() - 1.5);
  }
  return { x, shape: [rows, features], y };
}

// Dropout and batch normalisation make determinism and resume non-trivial (masks, moving stats).
const richSpec: ModelSpecInput = {
  name: 'rich',
  task: 'multiclass',
  inputShape: [6],
  layers: [
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'batchNormalization' },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 8, activation: 'leakyRelu' },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
  optimizer: { type: 'adam', learningRate: 0.01 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  batchSize: 16,
};

// Dense-only: trained by the hand-written backward pass on wasm (see dense-step.ts).
const denseSpec: ModelSpecInput = {
  ...richSpec,
  name: 'dense',
  layers: [
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 8, activation: 'tanh' },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

async function weightsOf(model: { layersModel: tf.LayersModel }): Promise<Float32Array[]> {
  return Promise.all(model.layersModel.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

describe('train', () => {
  const all = blobs(260, 6, 3, 1);
  const data: Dataset2D = { x: all.x.slice(0, 200 * 6), shape: [200, 6], y: all.y.slice(0, 200) };
  const val: Dataset2D = { x: all.x.slice(200 * 6), shape: [60, 6], y: all.y.slice(200) };

  it('learns, reports progress with ETA, and leaks no tensors across epochs', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const progress: BatchProgress[] = [];
    const result = await train({
      spec: richSpec,
      train: data,
      validation: val,
      seed: 3,
      epochs: 6,
      callbacks: {
        onBatchEnd: (p) => void progress.push(p),
        onEpochEnd: () => void counts.push(tf.memory().numTensors),
      },
    });
    expect(new Set(counts).size).toBe(1);
    expect(result.history).toHaveLength(6);
    expect(result.history[5].loss).toBeLessThan(result.history[0].loss);
    expect(result.history[5].valMetrics.accuracy).toBeGreaterThan(0.8);
    expect(progress).toHaveLength(6 * Math.ceil(200 / 16));
    expect(progress.at(-1)!.fraction).toBeCloseTo(1);
    expect(progress.at(-1)!.etaSeconds).toBeCloseTo(0, 5);
    expect(progress[3].etaSeconds).toBeGreaterThan(0);
    expect(progress.every((p, i) => i === 0 || p.fraction > progress[i - 1].fraction)).toBe(true);
    expect(progress.every((p) => p.samplesPerSecond > 0 && Number.isFinite(p.loss))).toBe(true);
    // the running epoch averages of the last batch are the epoch's figures
    expect(progress.at(-1)!.metrics.loss).toBeCloseTo(result.history[5].loss, 5);
    expect(progress.at(-1)!.metrics.accuracy).toBeCloseTo(result.history[5].metrics.accuracy, 5);
    expect(result.backend).toBe('wasm');
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds tensors and the wasm heap flat across epochs of cnn-image (Meridian kernels, tape-free step)', async () => {
    const spec = buildPresetSpec('cnn-image', { inputShape: [8, 8, 1], numClasses: 3 });
    const r = rng(4);
    const images: Dataset2D = { x: Float32Array.from({ length: 96 * 64 }, () => r()), shape: [96, 8, 8, 1], y: Int32Array.from({ length: 96 }, (_, i) => i % 3) };
    const tensors: number[] = [];
    const heap: number[] = [];
    const wasmHeap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const result = await train({
      spec,
      train: images,
      seed: 1,
      epochs: 5,
      callbacks: {
        onEpochEnd: () => {
          tensors.push(tf.memory().numTensors);
          heap.push(wasmHeap());
        },
      },
    });
    result.model.dispose();
    expect(new Set(tensors).size).toBe(1);
    // the first epoch may grow the heap to its working size; after that it must not move
    expect(new Set(heap.slice(1)).size).toBe(1);
  });

  it.each([
    ['autodiff (batch norm)', richSpec],
    ['dense fast path', denseSpec],
  ])('is deterministic for a seed on a backend, and the seed matters: %s', async (_label, spec) => {
    const run = async (seed: number) => {
      const r = await train({ spec, train: data, seed, epochs: 3 });
      const w = await weightsOf(r.model);
      r.model.dispose();
      return w;
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it.each([
    ['autodiff (batch norm)', richSpec],
    ['dense fast path', denseSpec],
  ])('resumes from a checkpoint to exactly the weights of an uninterrupted run: %s', async (_label, spec) => {
    const full = await train({ spec, train: data, validation: val, seed: 5, epochs: 5 });
    const expected = await weightsOf(full.model);
    const fullHistory = full.history.map((h) => h.loss);
    full.model.dispose();

    const dir = tempDir();
    const firstPart = await train({ spec, train: data, validation: val, seed: 5, epochs: 2, checkpointDir: dir });
    firstPart.model.dispose();
    const resumed = await train({ spec, train: data, validation: val, seed: 5, epochs: 5, resumeFrom: dir, checkpointDir: dir });
    expect(resumed.resumedFromEpoch).toBe(1);
    expect(resumed.history.map((h) => h.loss)).toEqual(fullHistory);
    expect(await weightsOf(resumed.model)).toEqual(expected);
    resumed.model.dispose();
  });

  it('resumes from the last complete checkpoint when a later one was cut off mid-write', async () => {
    const dir = tempDir();
    (await train({ spec: denseSpec, train: data, seed: 5, epochs: 2, checkpointDir: dir })).model.dispose();
    // a crash while writing epoch 3: its folder exists, half-written, but latest.json was never switched
    mkdirSync(join(dir, 'epoch-00003'));
    writeFileSync(join(dir, 'epoch-00003', 'weights.bin'), 'garbage');
    const resumed = await train({ spec: denseSpec, train: data, seed: 5, epochs: 3, resumeFrom: dir });
    expect(resumed.resumedFromEpoch).toBe(1);
    expect(resumed.history).toHaveLength(3);
    resumed.model.dispose();
  });

  it('refuses to resume with a different seed or spec, naming the mismatch', async () => {
    const dir = tempDir();
    (await train({ spec: richSpec, train: data, seed: 5, epochs: 1, checkpointDir: dir })).model.dispose();
    await expect(train({ spec: richSpec, train: data, seed: 6, epochs: 2, resumeFrom: dir })).rejects.toThrow(/seed differs/);
    await expect(train({ spec: { ...richSpec, batchSize: 8 }, train: data, seed: 5, epochs: 2, resumeFrom: dir })).rejects.toThrow(/spec differs/);
    await expect(train({ spec: richSpec, train: data, seed: 5, resumeFrom: join(dir, 'nope') })).rejects.toThrow(/no checkpoint/);
  });

  it('honours an AbortSignal within one batch and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const seen: number[] = [];
    const err = await train({
      spec: richSpec,
      train: data,
      seed: 1,
      epochs: 50,
      signal: ac.signal,
      callbacks: {
        onBatchEnd: (p) => {
          seen.push(p.epoch * p.batches + p.batch);
          if (p.epoch === 1 && p.batch === 3) ac.abort();
        },
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingAbortedError);
    expect((err as TrainingAbortedError).name).toBe('AbortError');
    expect((err as TrainingAbortedError).epoch).toBe(1);
    expect((err as TrainingAbortedError).batch).toBe(4);
    expect(seen.at(-1)).toBe(13 + 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is cancellable from a timer while training runs (the loop yields between batches)', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(train({ spec: richSpec, train: data, seed: 1, epochs: 1000, signal: ac.signal })).rejects.toBeInstanceOf(TrainingAbortedError);
  });

  it('stops early on a validation loss that stops improving, and restores the best weights', async () => {
    // Random labels: the validation loss can only get worse as the network memorises noise.
    const noisy: Dataset2D = { ...data, y: Int32Array.from(data.y, (_, i) => (i * 7) % 3) };
    const result = await train({
      spec: { ...richSpec, optimizer: { type: 'adam', learningRate: 0.05 } },
      train: noisy,
      validation: val,
      seed: 2,
      epochs: 60,
      earlyStopping: { patience: 2 },
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochsCompleted).toBeLessThan(60);
    const losses = result.history.map((h) => h.valLoss!);
    expect(result.bestEpoch).toBe(losses.indexOf(Math.min(...losses)));
    expect(result.epochsCompleted).toBe(result.bestEpoch! + 3);
    result.model.dispose();
  });

  it('applies learning-rate schedules per epoch', async () => {
    expect(scheduledLearningRate({ type: 'step', every: 2, factor: 0.5 }, 0.1, 5, 10, 0.1)).toBeCloseTo(0.025);
    expect(scheduledLearningRate({ type: 'exponential', gamma: 0.9 }, 0.1, 2, 10, 0.1)).toBeCloseTo(0.081);
    expect(scheduledLearningRate({ type: 'cosine' }, 0.1, 0, 10, 0.1)).toBeCloseTo(0.1);
    expect(scheduledLearningRate({ type: 'cosine', minLearningRate: 0.01 }, 0.1, 10, 10, 0.1)).toBeCloseTo(0.01);
    expect(scheduledLearningRate({ type: 'cosine' }, 0.1, 5, 10, 0.1)).toBeCloseTo(0.05);
    const r = await train({ spec: richSpec, train: data, seed: 1, epochs: 4, lrSchedule: { type: 'step', every: 2, factor: 0.1 } });
    expect(r.history.map((h) => h.learningRate)).toEqual([0.01, 0.01, 0.001, 0.001].map((v) => expect.closeTo(v, 10)));
    r.model.dispose();
    const plateau = await train({ spec: richSpec, train: { ...data, y: Int32Array.from(data.y, (_, i) => i % 3) }, validation: val, seed: 1, epochs: 8, lrSchedule: { type: 'reduceOnPlateau', factor: 0.5, patience: 0 } });
    const rates = plateau.history.map((h) => h.learningRate);
    expect(Math.min(...rates)).toBeLessThan(0.01);
    plateau.model.dispose();
  });

  it('trains every optimiser and loss in the schema', async () => {
    const reg = (() => {
      const r = rng(9);
      const x = new Float32Array(300 * 3).map(() => r() * 2 - 1);
      const y = new Float32Array(300).map((_, i) => 2 * x[i * 3] - x[i * 3 + 1] + 0.5 * x[i * 3 + 2] + 0.3);
      return { x, shape: [300, 3], y } as Dataset2D;
    })();
    for (const optimizer of [
      { type: 'sgd', learningRate: 0.05 },
      { type: 'momentum', learningRate: 0.02, momentum: 0.9, nesterov: true },
      { type: 'adam', learningRate: 0.01 },
      { type: 'rmsprop', learningRate: 0.005, centered: true },
    ] as const) {
      for (const loss of ['mse', 'mae'] as const) {
        const spec = { ...buildPresetSpec('regression', { inputShape: [3] }), optimizer, loss, epochs: 25 };
        const r = await train({ spec, train: reg, seed: 4 });
        const report = evaluate(r.model, reg);
        r.model.dispose();
        if (report.task !== 'regression') throw new Error('expected regression');
        expect(report.r2, `${optimizer.type} ${loss}`).toBeGreaterThan(0.9);
      }
    }
    const bin: Dataset2D = { ...data, y: Int32Array.from(data.y, (c) => (c === 0 ? 1 : 0)) };
    for (const loss of ['binaryCrossentropy', 'mse'] as const) {
      const spec = { ...buildPresetSpec('tabular-binary', { inputShape: [6] }), loss, epochs: 10 };
      const r = await train({ spec, train: bin, seed: 4 });
      const report = evaluate(r.model, bin);
      r.model.dispose();
      if (report.task !== 'binary') throw new Error('expected binary');
      expect(report.accuracy, loss).toBeGreaterThan(0.9);
    }
    const cat = await train({ spec: { ...richSpec, loss: 'categoricalCrossentropy' }, train: data, seed: 4, epochs: 8 });
    const catReport = evaluate(cat.model, data);
    cat.model.dispose();
    if (catReport.task !== 'multiclass') throw new Error('expected multiclass');
    expect(catReport.accuracy).toBeGreaterThan(0.85);
  });

  it('rejects bad data and options with errors that say what and where, before creating tensors', async () => {
    const before = tf.memory().numTensors;
    const bad = async (opts: Partial<Parameters<typeof train>[0]>, pattern: RegExp) => {
      const err = await train({ spec: richSpec, train: data, seed: 1, ...opts }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as Error).message).toMatch(pattern);
    };
    await bad({ train: { ...data, shape: [200, 5] } }, /rows have 5 values .* needs 6/);
    await bad({ train: { ...data, y: data.y.slice(0, 10) } }, /train\.y has 10 values but there are 200 rows/);
    await bad({ train: { ...data, y: Int32Array.from(data.y, (v, i) => (i === 17 ? 3 : v)) } }, /row 17 has label 3; expected a class index in 0\.\.2/);
    await bad({ train: { ...data, x: data.x.map((v, i) => (i === 13 ? NaN : v)) } }, /row 2, feature 1 is NaN/);
    await bad({ validation: { ...val, shape: [60, 7] } }, /invalid validation data/);
    await bad({ epochs: 0 }, /epochs must be a positive integer/);
    await bad({ seed: 1.5 }, /seed must be an integer/);
    await bad({ lrSchedule: { type: 'step', every: 0, factor: 0.5 } }, /every >= 1/);
    await bad({ spec: { ...richSpec, layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }] } as ModelSpecInput }, /invalid model spec/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
