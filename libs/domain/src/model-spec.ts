// A model is data: this schema is the one definition of what a layer stack, optimiser, loss and
// metrics may be. It lives in domain (no TensorFlow) so the API can reject a bad spec before a job
// is queued; the training engine re-validates and turns it into tensors.
import { z } from 'zod';

export const ZActivation = z.enum(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax', 'linear']);
export type Activation = z.infer<typeof ZActivation>;

const positiveInt = z.number().int().positive();
const pair = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);
const ZPadding = z.enum(['valid', 'same']);

export const ZDenseLayer = z.object({
  type: z.literal('dense'),
  units: positiveInt.max(65_536),
  activation: ZActivation.default('linear'),
  /** Slope for x < 0 when activation is leakyRelu. */
  alpha: z.number().min(0).max(1).default(0.2),
  useBias: z.boolean().default(true),
});
export const ZConv2DLayer = z.object({
  type: z.literal('conv2d'),
  filters: positiveInt.max(4096),
  kernelSize: pair,
  strides: pair.default(1),
  padding: ZPadding.default('valid'),
  activation: ZActivation.default('linear'),
  alpha: z.number().min(0).max(1).default(0.2),
  useBias: z.boolean().default(true),
});
export const ZMaxPooling2DLayer = z.object({
  type: z.literal('maxPooling2d'),
  poolSize: pair.default(2),
  /** Defaults to poolSize. */
  strides: pair.optional(),
  padding: ZPadding.default('valid'),
});
export const ZAveragePooling2DLayer = ZMaxPooling2DLayer.extend({ type: z.literal('averagePooling2d') });
export const ZFlattenLayer = z.object({ type: z.literal('flatten') });
export const ZDropoutLayer = z.object({ type: z.literal('dropout'), rate: z.number().min(0).lt(1) });
export const ZBatchNormalizationLayer = z.object({
  type: z.literal('batchNormalization'),
  momentum: z.number().gt(0).lt(1).default(0.99),
  epsilon: z.number().positive().default(1e-3),
});
export const ZActivationLayer = z.object({
  type: z.literal('activation'),
  activation: ZActivation,
  alpha: z.number().min(0).max(1).default(0.2),
});
export const ZZeroPadding2DLayer = z.object({ type: z.literal('zeroPadding2d'), padding: z.number().int().min(1).max(64) });
export const ZReshapeLayer = z.object({ type: z.literal('reshape'), targetShape: z.array(positiveInt).min(1).max(4) });

export const ZLayerSpec = z.discriminatedUnion('type', [
  ZDenseLayer,
  ZConv2DLayer,
  ZMaxPooling2DLayer,
  ZAveragePooling2DLayer,
  ZFlattenLayer,
  ZDropoutLayer,
  ZBatchNormalizationLayer,
  ZActivationLayer,
  ZZeroPadding2DLayer,
  ZReshapeLayer,
]);
export type LayerSpec = z.infer<typeof ZLayerSpec>;
export type LayerSpecInput = z.input<typeof ZLayerSpec>;

const lr = z.number().positive().max(10);
export const ZOptimizerSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sgd'), learningRate: lr.default(0.01) }),
  z.object({
    type: z.literal('momentum'),
    learningRate: lr.default(0.01),
    momentum: z.number().min(0).lt(1).default(0.9),
    nesterov: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('adam'),
    learningRate: lr.default(0.001),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    epsilon: z.number().positive().default(1e-7),
  }),
  z.object({
    type: z.literal('rmsprop'),
    learningRate: lr.default(0.001),
    decay: z.number().min(0).lt(1).default(0.9),
    momentum: z.number().min(0).lt(1).default(0),
    epsilon: z.number().positive().default(1e-7),
    centered: z.boolean().default(false),
  }),
]);
export type OptimizerSpec = z.infer<typeof ZOptimizerSpec>;

export const ZLossName = z.enum(['mse', 'mae', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy']);
export type LossName = z.infer<typeof ZLossName>;
export const ZMetricName = z.enum(['accuracy', 'mse', 'mae']);
export type MetricName = z.infer<typeof ZMetricName>;
export const ZModelTask = z.enum(['multiclass', 'binary', 'regression']);
export type ModelTask = z.infer<typeof ZModelTask>;

const ZModelSpecObject = z.object({
  /** Format version of this document, so saved models stay readable when the schema grows. */
  version: z.literal(1).default(1),
  name: z.string().trim().min(1).max(120).default('model'),
  task: ZModelTask,
  /** Shape of one example, without the batch axis: [features] or [height, width, channels]. */
  inputShape: z.array(positiveInt).min(1).max(3),
  layers: z.array(ZLayerSpec).min(1).max(64),
  optimizer: ZOptimizerSpec,
  loss: ZLossName,
  metrics: z.array(ZMetricName).default([]),
  /** Training defaults; a train call may override them. */
  epochs: positiveInt.max(10_000).default(10),
  batchSize: positiveInt.max(65_536).default(32),
  /** Human notes a preset leaves about choices it made from the data (e.g. padding small images). */
  notes: z.array(z.string()).default([]),
});

function asPair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/**
 * Walks the layers with the input shape and reports every layer whose input it cannot accept, so
 * a user learns about a too-small image or a missing flatten before TensorFlow is involved.
 */
export function inferModelShapes(
  inputShape: readonly number[],
  layers: readonly LayerSpec[],
): { shapes: number[][]; issues: { path: (string | number)[]; message: string }[] } {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const shapes: number[][] = [];
  let shape: number[] | null = [...inputShape];
  layers.forEach((layer, i) => {
    if (shape === null) return;
    const path = ['layers', i];
    const needImage = (): boolean => {
      if (shape!.length !== 3) {
        issues.push({ path, message: `${layer.type} needs a [height, width, channels] input but receives [${shape!.join(', ')}]; set inputShape to 3 dimensions or add a reshape layer before it` });
        shape = null;
        return false;
      }
      return true;
    };
    switch (layer.type) {
      case 'dense':
        if (shape.length !== 1) {
          issues.push({ path, message: `dense needs a flat input but receives [${shape.join(', ')}]; add { "type": "flatten" } before it` });
          shape = null;
          return;
        }
        shape = [layer.units];
        break;
      case 'conv2d':
      case 'maxPooling2d':
      case 'averagePooling2d': {
        if (!needImage() || shape === null) return;
        const [h, w, c] = shape;
        const [kh, kw] = asPair(layer.type === 'conv2d' ? layer.kernelSize : layer.poolSize);
        const [sh, sw] = asPair(layer.strides ?? (layer.type === 'conv2d' ? 1 : layer.poolSize));
        const out = (n: number, k: number, s: number) => (layer.padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
        const oh = out(h, kh, sh);
        const ow = out(w, kw, sw);
        if (oh < 1 || ow < 1) {
          issues.push({
            path,
            message: `${layer.type} with a ${kh}x${kw} window and padding "valid" cannot slide over a ${h}x${w} input; use padding "same", a smaller window, or a larger image`,
          });
          shape = null;
          return;
        }
        shape = [oh, ow, layer.type === 'conv2d' ? layer.filters : c];
        break;
      }
      case 'zeroPadding2d':
        if (!needImage() || shape === null) return;
        shape = [shape[0] + 2 * layer.padding, shape[1] + 2 * layer.padding, shape[2]];
        break;
      case 'flatten':
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'reshape': {
        const from = shape.reduce((a, b) => a * b, 1);
        const to = layer.targetShape.reduce((a, b) => a * b, 1);
        if (from !== to) {
          issues.push({ path: [...path, 'targetShape'], message: `cannot reshape [${shape.join(', ')}] (${from} values) to [${layer.targetShape.join(', ')}] (${to} values)` });
          shape = null;
          return;
        }
        shape = [...layer.targetShape];
        break;
      }
      default:
        break;
    }
    shapes.push([...shape]);
  });
  return { shapes, issues };
}

export const ZModelSpec = ZModelSpecObject.superRefine((spec, ctx) => {
  // Zod runs refinements after non-fatal issues (e.g. too few layers): only check what exists.
  if (!Array.isArray(spec.layers) || spec.layers.length === 0 || !Array.isArray(spec.inputShape)) return;
  const { shapes, issues } = inferModelShapes(spec.inputShape, spec.layers);
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  if (issues.length > 0) return;
  const out = shapes[shapes.length - 1];
  const last = [...spec.layers].reverse().find((l) => l.type === 'dense' || l.type === 'activation');
  const finalActivation = last && 'activation' in last ? last.activation : 'linear';
  const lastIndex = spec.layers.length - 1;
  if (out.length !== 1) {
    ctx.addIssue({ code: 'custom', path: ['layers', lastIndex], message: `the model must end with a flat output but ends with [${out.join(', ')}]; end with a dense layer` });
    return;
  }
  const lastLayer = spec.layers[lastIndex];
  if (lastLayer.type !== 'dense' && lastLayer.type !== 'activation') {
    ctx.addIssue({ code: 'custom', path: ['layers', lastIndex], message: `the model must end with its output layer (dense or activation), not ${lastLayer.type}` });
    return;
  }
  const units = out[0];
  if (spec.task === 'binary' && units !== 1) {
    ctx.addIssue({ code: 'custom', path: ['layers', lastIndex], message: `a binary model ends with 1 unit (the probability of class 1), not ${units}` });
  }
  if (spec.task === 'multiclass' && units < 2) {
    ctx.addIssue({ code: 'custom', path: ['layers', lastIndex], message: 'a multiclass model ends with one unit per class (at least 2)' });
  }
  const lossFits: Record<LossName, ModelTask[]> = {
    mse: ['regression', 'binary', 'multiclass'],
    mae: ['regression', 'binary', 'multiclass'],
    binaryCrossentropy: ['binary'],
    categoricalCrossentropy: ['multiclass'],
    sparseCategoricalCrossentropy: ['multiclass'],
  };
  if (!lossFits[spec.loss].includes(spec.task)) {
    const natural: Record<ModelTask, string> = {
      multiclass: 'categoricalCrossentropy or sparseCategoricalCrossentropy',
      binary: 'binaryCrossentropy',
      regression: 'mse or mae',
    };
    ctx.addIssue({ code: 'custom', path: ['loss'], message: `loss ${spec.loss} does not fit task ${spec.task}; use ${natural[spec.task]}` });
  }
  if ((spec.loss === 'categoricalCrossentropy' || spec.loss === 'sparseCategoricalCrossentropy') && finalActivation !== 'softmax') {
    ctx.addIssue({ code: 'custom', path: ['layers', lastIndex, 'activation'], message: `${spec.loss} expects probabilities: end with activation "softmax" (found "${finalActivation}")` });
  }
  if (spec.loss === 'binaryCrossentropy' && finalActivation !== 'sigmoid') {
    ctx.addIssue({ code: 'custom', path: ['layers', lastIndex, 'activation'], message: `binaryCrossentropy expects a probability: end with activation "sigmoid" (found "${finalActivation}")` });
  }
  spec.layers.forEach((l, i) => {
    if (l.type !== 'dense' && l.type !== 'activation' && 'activation' in l && l.activation === 'softmax') {
      ctx.addIssue({ code: 'custom', path: ['layers', i, 'activation'], message: 'softmax belongs on the last dense layer only' });
    }
  });
  if (spec.metrics.includes('accuracy') && spec.task === 'regression') {
    ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'accuracy needs classes; for regression use mse or mae' });
  }
});
export type ModelSpec = z.infer<typeof ZModelSpec>;
/** What a caller may write: defaults filled in by ZModelSpec.parse. */
export type ModelSpecInput = z.input<typeof ZModelSpec>;
