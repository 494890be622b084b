// The hand-written dense backward pass must give autodiff's gradients and loss.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpecInput } from '@meridian/domain';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { rng } from './data';
import { makeDenseStep, scoreBatch } from './dense-step';
import { computeLoss, lossUsesLogits } from './losses';
import { buildLayersModel, makeExecutable, parseSpec } from './spec';

const cases: [string, ModelSpecInput][] = [
  [
    'relu + softmax, categorical cross-entropy, dropout',
    {
      task: 'multiclass',
      inputShape: [2, 3],
      layers: [{ type: 'flatten' }, { type: 'dense', units: 7, activation: 'relu' }, { type: 'dropout', rate: 0.4 }, { type: 'dense', units: 4, activation: 'softmax' }],
      optimizer: { type: 'adam' },
      loss: 'categoricalCrossentropy',
    },
  ],
  [
    'leakyRelu + tanh + sigmoid, binary cross-entropy',
    {
      task: 'binary',
      inputShape: [5],
      layers: [{ type: 'dense', units: 6, activation: 'leakyRelu', alpha: 0.1 }, { type: 'dense', units: 5, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'sigmoid' }],
      optimizer: { type: 'sgd' },
      loss: 'binaryCrossentropy',
    },
  ],
  [
    'sigmoid hidden, linear output without bias, mse',
    {
      task: 'regression',
      inputShape: [4],
      layers: [{ type: 'dense', units: 6, activation: 'sigmoid' }, { type: 'dense', units: 1, useBias: false }],
      optimizer: { type: 'sgd' },
      loss: 'mse',
    },
  ],
  [
    'softmax output trained with mae (softmax backward through its Jacobian), activation layer',
    {
      task: 'multiclass',
      inputShape: [4],
      layers: [{ type: 'dense', units: 5 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 3, activation: 'softmax' }],
      optimizer: { type: 'sgd' },
      loss: 'mae',
    },
  ],
  [
    'conv (valid and strided same) + max/avg pooling + zero padding, leakyRelu and relu, softmax',
    {
      task: 'multiclass',
      inputShape: [9, 8, 2],
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
        { type: 'maxPooling2d', poolSize: 2 },
        { type: 'zeroPadding2d', padding: 1 },
        { type: 'conv2d', filters: 3, kernelSize: [2, 3], strides: 2, padding: 'same', activation: 'leakyRelu' },
        { type: 'averagePooling2d', poolSize: 2, strides: 1 },
        { type: 'flatten' },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 3, activation: 'softmax' },
      ],
      optimizer: { type: 'adam' },
      loss: 'sparseCategoricalCrossentropy',
    },
  ],
  [
    'cnn-image on 8x8x1 (same padding)',
    {
      task: 'multiclass',
      inputShape: [8, 8, 1],
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' },
        { type: 'maxPooling2d', poolSize: 2 },
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' },
        { type: 'maxPooling2d', poolSize: 2 },
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' },
        { type: 'flatten' },
        { type: 'dense', units: 6, activation: 'relu' },
        { type: 'dense', units: 3, activation: 'softmax' },
      ],
      optimizer: { type: 'adam' },
      loss: 'categoricalCrossentropy',
    },
  ],
];

describe.each(['cpu', 'wasm'] as const)('dense fast path on %s', (backend) => {
  it.each(cases)('%s: gradients and loss equal autodiff', async (_name, input) => {
    await selectBackend({ prefer: backend });
    const spec = parseSpec(input);
    const model = buildLayersModel(spec, 3);
    const exe = makeExecutable(spec, model);
    const dense = makeDenseStep(spec, model, exe.trainableVariables)!;
    expect(dense).not.toBeNull();
    const r = rng(17);
    const rows = 9;
    const per = spec.inputShape.reduce((a, b) => a * b, 1);
    const units = spec.layers.at(-1)!.type === 'dense' ? (spec.layers.at(-1) as { units: number }).units : 3;
    const width = spec.task === 'multiclass' ? units : 1;
    const x = Float32Array.from({ length: rows * per }, () => r() * 2 - 1);
    const y = new Float32Array(rows * width);
    for (let i = 0; i < rows; i++) {
      if (spec.task === 'multiclass') y[i * width + Math.floor(r() * width)] = 1;
      else y[i] = spec.task === 'binary' ? Math.round(r()) : r() * 3;
    }
    const fromLogits = lossUsesLogits(spec.loss, exe.finalActivation);
    const xs = tf.tensor(x, [rows, ...spec.inputShape]);
    const ys = tf.tensor(y, [rows, width]);
    const auto = tf.variableGrads(() => computeLoss(spec.loss, exe.forward(xs, { training: true, stepSeed: 5, logits: fromLogits }), ys, fromLogits), exe.trainableVariables);
    const fast = tf.tidy(() => {
      const res = dense.run(xs, ys, 5, fromLogits);
      return [res.out, ...res.grads];
    });
    const [out, ...grads] = fast;
    exe.trainableVariables.forEach((v, i) => {
      const a = auto.grads[v.name].dataSync();
      const b = grads[i].dataSync();
      let scale = 1e-6;
      for (const value of a) scale = Math.max(scale, Math.abs(value));
      let worst = 0;
      for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]));
      expect(worst / scale, `${v.name}`).toBeLessThan(1e-4);
    });
    const score = scoreBatch(spec.loss, spec.task, fromLogits, out.dataSync() as Float32Array, y, rows, width);
    expect(score.lossSum / rows).toBeCloseTo(auto.value.dataSync()[0], 5);
    tf.dispose([auto.value, ...Object.values(auto.grads), ...fast, xs, ys]);
    model.dispose();
  });
});

describe('dense fast path eligibility', () => {
  it('is only built for stacks autodiff is not needed for', () => {
    const withBn = parseSpec({ task: 'multiclass', inputShape: [3], layers: [{ type: 'dense', units: 4 }, { type: 'batchNormalization' }, { type: 'dense', units: 2, activation: 'softmax' }], optimizer: { type: 'adam' }, loss: 'categoricalCrossentropy' });
    const model = buildLayersModel(withBn, 1);
    expect(makeDenseStep(withBn, model, [])).toBeNull();
    model.dispose();
  });
});
