import { describe, expect, it } from 'vitest';
import { canTransitionRun, computeCostMinor, estimateRun, MEASURED_PRESET_WORK, modelWork, samplesPerSecondFor, SAMPLES_PER_SECOND, isTerminalRunStatus, lttb, runStatusesAllowing, specFitIssues, specOutputUnits, ZCreateRunSchema, type RunDataFacts } from './runs';
import { ZModelSpec, type ModelSpec } from './model-spec';

describe('run state machine', () => {
  it('allows the normal path and retries', () => {
    expect(canTransitionRun('QUEUED', 'RUNNING')).toBe(true);
    expect(canTransitionRun('RUNNING', 'SUCCEEDED')).toBe(true);
    expect(canTransitionRun('RUNNING', 'QUEUED')).toBe(true);
    expect(canTransitionRun('QUEUED', 'CANCELLED')).toBe(true);
    expect(canTransitionRun('RUNNING', 'CANCELLED')).toBe(true);
  });
  it('never leaves a terminal state', () => {
    for (const from of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      expect(isTerminalRunStatus(from)).toBe(true);
      for (const to of ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const) expect(canTransitionRun(from, to)).toBe(false);
    }
    expect(canTransitionRun('QUEUED', 'SUCCEEDED')).toBe(false);
  });
  it('lists the statuses a conditional update may start from', () => {
    expect(runStatusesAllowing('SUCCEEDED')).toEqual(['RUNNING']);
    expect(runStatusesAllowing('CANCELLED').sort()).toEqual(['QUEUED', 'RUNNING']);
  });
});

describe('cost', () => {
  it('is hours x rate, rounded up to a minor unit', () => {
    expect(computeCostMinor(3_600_000, 40)).toBe(40);
    expect(computeCostMinor(1, 40)).toBe(1);
    expect(computeCostMinor(0, 40)).toBe(0);
    expect(computeCostMinor(1_800_000, 250)).toBe(125);
  });
  it('estimates from rows x epochs at the model\'s throughput', () => {
    // mlp-classifier as benchmarked (784-128-10): 21.375 µs per sample of batch work + 101,632 x 0.134 ns = 34.9937 µs, 28,577 samples/s on wasm; cpu is 0.02 of that.
    const e = estimateRun({ rows: 10_000, epochs: 10, backend: 'cpu', rates: { cpu: 3600 }, currency: 'EUR' });
    expect(e.samplesPerSecond).toBe(572);
    expect(e.seconds).toBeCloseTo((8_000 * 10) / (0.02 / 34.993688e-6), 6);
    expect(e.costMinor).toBe(140); // 139.98 s at 3,600 per hour = 139.98 minor units, rounded up
    expect(e.currency).toBe('EUR');
    expect(SAMPLES_PER_SECOND.wasm).toBe(28_577);
  });
});

describe('throughput per model (scaled against the measured presets)', () => {
  const dense = (inputs: number) =>
    ZModelSpec.parse({ task: 'multiclass', inputShape: [inputs], layers: [{ type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }], optimizer: { type: 'adam' }, loss: 'categoricalCrossentropy' });
  const cnn = ZModelSpec.parse({
    task: 'multiclass',
    inputShape: [28, 28, 1],
    layers: [
      { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    optimizer: { type: 'adam' },
    loss: 'categoricalCrossentropy',
    batchSize: 64,
  });

  it('counts multiply-adds and parameters through the layers', () => {
    expect(modelWork(dense(784))).toEqual(MEASURED_PRESET_WORK['mlp-classifier']);
    expect(modelWork(dense(64))).toEqual({ denseMacs: 9_472, convMacs: 0, params: 9_610, batchSize: 32 });
    // conv 26x26x32x9 + 11x11x64x(9x32) + 3x3x64x(9x64); dense 576x64 + 64x10.
    expect(modelWork(cnn)).toEqual(MEASURED_PRESET_WORK['cnn-image']);
    expect(modelWork(cnn)).toMatchObject({ convMacs: 2_756_736, denseMacs: 37_504, params: 93_322 });
  });

  it('passes through the measured figures (samples per CPU-second on wasm)', () => {
    const within = (got: number, measured: number) => expect(Math.abs(got / measured - 1)).toBeLessThan(0.005);
    within(samplesPerSecondFor(modelWork(dense(784)), 'wasm'), 28_560);
    within(samplesPerSecondFor(modelWork(dense(64)), 'wasm'), 44_122);
    within(samplesPerSecondFor(modelWork(cnn), 'wasm'), 1_281);
    // cnn-image is ~22x slower per sample than the MLP, not the same figure.
    expect(samplesPerSecondFor(modelWork(dense(784)), 'wasm') / samplesPerSecondFor(modelWork(cnn), 'wasm')).toBeCloseTo(22.3, 1);
  });

  it('worked estimates: digits on the small MLP and 10,000 images on cnn-image', () => {
    // 1,797 rows x 0.8 x 10 epochs = 14,376 samples / 44,161 per s = 0.3255 s; 40 per hour: 1 minor unit.
    const digits = estimateRun({ rows: 1_797, epochs: 10, backend: 'wasm', rates: { wasm: 40 }, currency: 'USD', work: modelWork(dense(64)) });
    expect(digits.samplesPerSecond).toBe(44_161);
    expect(digits.seconds).toBeCloseTo(0.3255, 3);
    expect(digits.costMinor).toBe(1);
    // 10,000 x 0.8 x 10 = 80,000 samples / 1,281.3 per s = 62.43 s on wasm; on cpu (0.02x) 3,121.7 s at 40 per hour: 34.7, so 35.
    const images = estimateRun({ rows: 10_000, epochs: 10, backend: 'wasm', rates: { wasm: 40, cpu: 40 }, currency: 'USD', work: modelWork(cnn) });
    expect(images.samplesPerSecond).toBe(1_281);
    expect(images.seconds).toBeCloseTo(62.43, 1);
    const slow = estimateRun({ rows: 10_000, epochs: 10, backend: 'cpu', rates: { wasm: 40, cpu: 40 }, currency: 'USD', work: modelWork(cnn), trainFraction: 0.8 });
    expect(slow.seconds).toBeCloseTo(3_121.7, 0);
    expect(slow.costMinor).toBe(35);
  });
});

describe('lttb', () => {
  const series = Array.from({ length: 1000 }, (_, i) => ({ step: i, value: Math.sin(i / 50) + (i === 500 ? 10 : 0) }));
  it('keeps first, last, the count asked for, order, and a spike', () => {
    const out = lttb(series, 100);
    expect(out).toHaveLength(100);
    expect(out[0]).toBe(series[0]);
    expect(out[99]).toBe(series[999]);
    for (let i = 1; i < out.length; i++) expect(out[i].step).toBeGreaterThan(out[i - 1].step);
    expect(out.some((p) => p.step === 500)).toBe(true);
  });
  it('returns short series unchanged', () => {
    expect(lttb(series.slice(0, 10), 100)).toEqual(series.slice(0, 10));
    expect(lttb([], 10)).toEqual([]);
  });
});

describe('ZCreateRunSchema', () => {
  it('needs exactly one of preset or spec', () => {
    const base = { projectId: 'p', datasetVersionId: 'd', labelColumn: 'label' };
    expect(ZCreateRunSchema.safeParse({ ...base, preset: 'mlp-classifier' }).success).toBe(true);
    expect(ZCreateRunSchema.safeParse(base).success).toBe(false);
    expect(ZCreateRunSchema.safeParse({ ...base, preset: 'mlp-classifier', spec: {} }).success).toBe(false);
  });
});

describe('specFitIssues (the engine and run creation share it)', () => {
  const spec = (over: Partial<ModelSpec> = {}): ModelSpec =>
    ZModelSpec.parse({ task: 'multiclass', inputShape: [64], layers: [{ type: 'dense', units: 32, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }], optimizer: { type: 'adam' }, loss: 'sparseCategoricalCrossentropy', ...over });
  const facts = (over: Partial<RunDataFacts> = {}): RunDataFacts => ({ features: { min: 64, max: 64 }, featuresSay: 'rows have 64 values', label: { kind: 'classes', column: 'label', min: 10, max: 10 }, ...over });

  it('accepts a spec that fits', () => {
    expect(specFitIssues(spec(), facts())).toEqual([]);
    expect(specFitIssues(spec({ inputShape: [8, 8, 1], layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax', alpha: 0.2, useBias: true }] }), facts())).toEqual([]);
  });
  it('names the input shape and the size the rows have', () => {
    expect(specFitIssues(spec({ inputShape: [30] }), facts())).toEqual([{ path: 'inputShape', message: 'rows have 64 values but the model input [30] needs 30; set inputShape to [64]' }]);
    // A range refuses only what fits nowhere in it.
    expect(specFitIssues(spec({ inputShape: [5] }), facts({ features: { min: 4, max: 6 } }))).toEqual([]);
    expect(specFitIssues(spec({ inputShape: [7] }), facts({ features: { min: 4, max: 6 } }))[0].path).toBe('inputShape');
  });
  it('a multiclass model ends with one unit per class', () => {
    const [issue] = specFitIssues(spec({ layers: [{ type: 'dense', units: 3, activation: 'softmax', alpha: 0.2, useBias: true }] }), facts());
    expect(issue).toEqual({ path: 'layers.0.units', message: 'label "label" has 10 classes but the model ends with 3 units; end with one unit per class (10)' });
  });
  it('classifiers need classes, regression a number', () => {
    expect(specFitIssues(spec(), facts({ label: { kind: 'numeric', column: 'price' } }))[0]).toMatchObject({ path: 'task', message: expect.stringMatching(/"price" is a continuous number .* task "regression"/) });
    const reg = spec({ task: 'regression', layers: [{ type: 'dense', units: 1, activation: 'linear', alpha: 0.2, useBias: true }], loss: 'mse' });
    expect(specFitIssues(reg, facts({ label: { kind: 'numeric', column: 'price' } }))).toEqual([]);
    expect(specFitIssues(reg, facts({ label: { kind: 'classes-or-numeric', column: 'grade', min: 2, max: 7 } }))).toEqual([]);
    expect(specFitIssues(reg, facts())[0]).toMatchObject({ path: 'task', message: expect.stringMatching(/holds 10 classes, not numbers.*"multiclass"/) });
    const bin = spec({ task: 'binary', layers: [{ type: 'dense', units: 1, activation: 'sigmoid', alpha: 0.2, useBias: true }], loss: 'binaryCrossentropy' });
    expect(specFitIssues(bin, facts())[0]).toMatchObject({ path: 'task', message: expect.stringMatching(/has 10 classes; a binary model needs exactly 2/) });
    expect(specFitIssues(bin, facts({ label: { kind: 'classes', column: 'y', min: 2, max: 2 } }))).toEqual([]);
  });
  it('the engine passes no label facts: only input size and one-target units', () => {
    const reg = spec({ task: 'regression', layers: [{ type: 'dense', units: 2, activation: 'linear', alpha: 0.2, useBias: true }], loss: 'mse' });
    expect(specFitIssues(reg, facts({ label: null }))).toEqual([{ path: 'layers.0.units', message: 'a regression model trained on one target per row must end with 1 unit, not 2' }]);
    expect(specOutputUnits({ layers: [] })).toEqual({ units: 1, layer: null });
  });
});
