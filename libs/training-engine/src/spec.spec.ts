import * as tf from '@tensorflow/tfjs';
import type { ModelSpecInput } from '@meridian/domain';
import { describe, expect, it } from 'vitest';
import { buildPresetSpec, CNN_MIN_VALID_SIDE, PRESET_NAMES } from './presets';
import { buildLayersModel, parseSpec, summarize, validateSpec } from './spec';
import { EngineError } from './types';

const base: Omit<ModelSpecInput, 'layers'> = {
  task: 'multiclass',
  inputShape: [8, 8, 1],
  optimizer: { type: 'adam' },
  loss: 'sparseCategoricalCrossentropy',
};

describe('validateSpec', () => {
  it('reports every schema problem with its path, without creating a tensor', () => {
    const before = tf.memory().numTensors;
    const r = validateSpec({
      task: 'multiclass',
      inputShape: [64],
      layers: [
        { type: 'dense', units: 0 },
        { type: 'dense', units: 10, activation: 'gelu' },
        { type: 'conv3d' },
      ],
      optimizer: { type: 'adam', learningRate: -1 },
      loss: 'hinge',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['layers.0.units', 'layers.1.activation', 'layers.2.type', 'optimizer.learningRate', 'loss']));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('walks shapes through the layers and says how to fix each', () => {
    const tooSmall = validateSpec({
      ...base,
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 5 },
        { type: 'conv2d', filters: 4, kernelSize: 5 },
        { type: 'flatten' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    });
    expect(tooSmall).toMatchObject({ ok: false, issues: [{ path: 'layers.1', message: expect.stringMatching(/cannot slide over a 4x4 input; use padding "same"/) }] });
    const noFlatten = validateSpec({ ...base, layers: [{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'dense', units: 10, activation: 'softmax' }] });
    expect(noFlatten).toMatchObject({ ok: false, issues: [{ path: 'layers.1', message: expect.stringMatching(/add \{ "type": "flatten" \}/) }] });
    const flatConv = validateSpec({ ...base, inputShape: [64], layers: [{ type: 'conv2d', filters: 4, kernelSize: 3 }] });
    expect(flatConv.ok).toBe(false);
    if (!flatConv.ok) expect(flatConv.issues[0].message).toMatch(/needs a \[height, width, channels\] input/);
  });

  it('checks that loss, task and final activation fit together', () => {
    const r = validateSpec({ ...base, task: 'binary', inputShape: [4], layers: [{ type: 'dense', units: 2, activation: 'softmax' }], loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(['layers.0', 'layers.0.activation']);
    const wrongLoss = validateSpec({ ...base, inputShape: [4], layers: [{ type: 'dense', units: 3, activation: 'softmax' }], loss: 'binaryCrossentropy' });
    expect(wrongLoss).toMatchObject({ ok: false, issues: expect.arrayContaining([{ path: 'loss', message: expect.stringMatching(/does not fit task multiclass; use categoricalCrossentropy or sparseCategoricalCrossentropy/) }]) });
    const trailingDropout = validateSpec({ ...base, inputShape: [4], layers: [{ type: 'dense', units: 3, activation: 'softmax' }, { type: 'dropout', rate: 0.5 }] });
    expect(trailingDropout).toMatchObject({ ok: false, issues: [{ path: 'layers.1', message: expect.stringMatching(/must end with its output layer/) }] });
    const accRegression = validateSpec({ ...base, task: 'regression', inputShape: [4], layers: [{ type: 'dense', units: 1 }], loss: 'mse', metrics: ['accuracy'] });
    expect(accRegression).toMatchObject({ ok: false, issues: [{ path: 'metrics' }] });
  });

  it('parseSpec throws an EngineError that lists the issues and fills defaults', () => {
    expect(() => parseSpec({ ...base, layers: [] })).toThrow(EngineError);
    const spec = parseSpec({ ...base, inputShape: [3], layers: [{ type: 'dense', units: 2, activation: 'softmax' }] });
    expect(spec).toMatchObject({ version: 1, epochs: 10, batchSize: 32, optimizer: { learningRate: 0.001, beta1: 0.9 } });
    expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });
});

describe('presets', () => {
  it('every preset is a valid spec sized from the data', () => {
    for (const name of PRESET_NAMES) {
      const shape = name === 'cnn-image' ? [28, 28, 1] : [20];
      const spec = buildPresetSpec(name, { inputShape: shape, numClasses: 4 });
      expect(validateSpec(spec).ok).toBe(true);
      expect(spec.inputShape).toEqual(shape);
      const last = spec.layers.at(-1)!;
      expect(last.type).toBe('dense');
      if (last.type === 'dense') expect(last.units).toBe(name === 'mlp-classifier' || name === 'cnn-image' ? 4 : 1);
    }
  });

  it('follows the playbooks: optimiser, loss, batch size, layers', () => {
    const mlp = buildPresetSpec('mlp-classifier', { inputShape: [784], numClasses: 10 });
    expect(mlp).toMatchObject({ loss: 'categoricalCrossentropy', batchSize: 32, epochs: 10, optimizer: { type: 'adam' } });
    expect(mlp.layers).toMatchObject([{ type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }]);
    const tab = buildPresetSpec('tabular-binary', { inputShape: [30] });
    expect(tab).toMatchObject({ task: 'binary', loss: 'binaryCrossentropy', batchSize: 32, optimizer: { type: 'adam', learningRate: 0.001 } });
    expect(tab.layers.map((l) => (l.type === 'dense' ? l.units : 0))).toEqual([128, 64, 32, 1]);
    expect(buildPresetSpec('regression', { inputShape: [5] })).toMatchObject({ task: 'regression', loss: 'mse' });
    expect(buildPresetSpec('cnn-image', { inputShape: [28, 28, 1], numClasses: 10 })).toMatchObject({ batchSize: 64, notes: [] });
  });

  it('cnn-image pads ("same") images too small for its valid convolutions, and says so', () => {
    const small = buildPresetSpec('cnn-image', { inputShape: [8, 8, 1], numClasses: 10 });
    expect(small.layers.filter((l) => l.type === 'conv2d').every((l) => l.type === 'conv2d' && l.padding === 'same')).toBe(true);
    expect(small.notes[0]).toMatch(/8x8 is smaller than 18x18.*padding "same"/);
    const edge = buildPresetSpec('cnn-image', { inputShape: [CNN_MIN_VALID_SIDE, CNN_MIN_VALID_SIDE, 1], numClasses: 3 });
    expect(edge.layers.some((l) => l.type === 'conv2d' && l.padding === 'valid')).toBe(true);
    expect(validateSpec(edge).ok).toBe(true);
    expect(buildPresetSpec('cnn-image', { inputShape: [8, 8], numClasses: 10 }).layers[0]).toEqual({ type: 'reshape', targetShape: [8, 8, 1] });
  });

  it('gives small datasets enough epochs for ~1000 batches when told the row count, and says so', () => {
    const small = buildPresetSpec('mlp-classifier', { inputShape: [64], numClasses: 10, rows: 1437 });
    expect(small.epochs).toBe(23);
    expect(small.notes.at(-1)).toBe('10 epochs of 1437 rows would be only 450 batches: raised to 23 epochs (about 1035 batches)');
    expect(buildPresetSpec('mlp-classifier', { inputShape: [784], numClasses: 10, rows: 60_000 }).epochs).toBe(10);
    expect(buildPresetSpec('regression', { inputShape: [3], rows: 10 }).epochs).toBe(100);
    expect(() => buildPresetSpec('regression', { inputShape: [3], rows: 0 })).toThrow(/rows must be a positive integer/);
  });

  it('explains wrong preset options', () => {
    expect(() => buildPresetSpec('transformer', { inputShape: [3] })).toThrow(/unknown preset "transformer"; choose one of mlp-classifier/);
    expect(() => buildPresetSpec('mlp-classifier', { inputShape: [3] })).toThrow(/needs numClasses >= 2/);
    expect(() => buildPresetSpec('cnn-image', { inputShape: [64], numClasses: 10 })).toThrow(/reshape the data first/);
  });
});

describe('summarize', () => {
  it('counts parameters like Keras model.summary()', () => {
    // Keras reports 101,770 for Dense(128) + Dense(10) on 784 inputs and 93,322 for this CNN on 28x28x1.
    expect(summarize(buildPresetSpec('mlp-classifier', { inputShape: [784], numClasses: 10 })).totalParams).toBe(101_770);
    const cnn = summarize(buildPresetSpec('cnn-image', { inputShape: [28, 28, 1], numClasses: 10 }));
    expect(cnn.totalParams).toBe(93_322);
    expect(cnn.layers.map((l) => l.outputShape)).toEqual([[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [3, 3, 64], [576], [64], [10]]);
    const bn = summarize({ ...base, inputShape: [4], layers: [{ type: 'dense', units: 5 }, { type: 'batchNormalization' }, { type: 'dense', units: 3, activation: 'softmax' }] });
    expect(bn).toMatchObject({ totalParams: 25 + 20 + 18, trainableParams: 25 + 10 + 18, nonTrainableParams: 10 });
    expect(cnn.text).toContain('Total params: 93322');
  });

  it('agrees with the parameter count of the built TensorFlow.js model', () => {
    for (const spec of [buildPresetSpec('cnn-image', { inputShape: [8, 8, 1], numClasses: 10 }), parseSpec({ ...base, inputShape: [4], layers: [{ type: 'dense', units: 5, activation: 'leakyRelu' }, { type: 'batchNormalization' }, { type: 'dense', units: 3, activation: 'softmax' }] })]) {
      const model = buildLayersModel(spec, 1);
      expect(summarize(spec).totalParams).toBe(model.countParams());
      model.dispose();
    }
  });
});
