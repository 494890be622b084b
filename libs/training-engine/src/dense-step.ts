// Hand-written backward pass for every layer type except batch normalisation (so all four presets).
// Autodiff records ~60 kernels and a tape per batch for a two-layer MLP and cannot fuse bias and
// ReLU into the forward matMul/conv while recording; written out, an MLP step is ~17 kernels and a
// conv layer's forward is one fused kernel. Same maths as autodiff (dense-step.spec.ts checks the
// gradients against tf.variableGrads).
import * as tf from '@tensorflow/tfjs';
import type { LossName, ModelSpec } from '@meridian/domain';

type Act = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'softmax' | 'linear';

type Pair = [number, number];
type Op =
  | { kind: 'dense'; kernel: tf.Variable; bias: tf.Variable | null; act: Act; alpha: number }
  | { kind: 'conv'; kernel: tf.Variable; bias: tf.Variable | null; act: Act; alpha: number; strides: Pair; pad: 'valid' | 'same' }
  | { kind: 'pool'; max: boolean; size: Pair; strides: Pair; pad: 'valid' | 'same' }
  | { kind: 'zeroPad'; padding: number }
  | { kind: 'activation'; act: Act; alpha: number }
  | { kind: 'dropout'; rate: number }
  | { kind: 'reshape'; targetShape: number[] | null };

export interface DenseStep {
  /**
   * Forward and backward for one batch. Returns the final output (logits when the loss is fused
   * with the final softmax/sigmoid) and gradients aligned with `variables`. Call inside tf.tidy.
   */
  run(xs: tf.Tensor, ys: tf.Tensor, stepSeed: number, fromLogits: boolean): { out: tf.Tensor; grads: tf.Tensor[] };
}

const SUPPORTED = new Set(['dense', 'conv2d', 'maxPooling2d', 'averagePooling2d', 'zeroPadding2d', 'dropout', 'flatten', 'reshape', 'activation']);

const pair = (v: number | [number, number]): Pair => (typeof v === 'number' ? [v, v] : v);
const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor =>
  tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as never) as tf.Tensor;

function activate(x: tf.Tensor, act: Act, alpha: number): tf.Tensor {
  switch (act) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, alpha);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softmax':
      return tf.softmax(x);
    default:
      return x;
  }
}

/** d(loss)/d(pre-activation) from d(loss)/d(output) and the output itself. */
function activationBackward(d: tf.Tensor, out: tf.Tensor, act: Act, alpha: number): tf.Tensor {
  switch (act) {
    case 'relu':
      return tf.mul(d, tf.step(out));
    case 'leakyRelu':
      return tf.where(tf.greater(out, 0), d, tf.mul(d, alpha));
    case 'sigmoid':
      return tf.mul(d, tf.mul(out, tf.sub(1, out)));
    case 'tanh':
      return tf.mul(d, tf.sub(1, tf.square(out)));
    case 'softmax':
      return tf.mul(out, tf.sub(d, tf.sum(tf.mul(d, out), -1, true)));
    default:
      return d;
  }
}

/** d(mean loss)/d(output), or /d(logits) when fromLogits. */
// Cross-entropies are only ever fused (the spec schema demands softmax/sigmoid before them).
function lossGradient(loss: LossName, out: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const rows = out.shape[0];
  const count = out.size;
  switch (loss) {
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      return tf.mul(tf.sub(tf.softmax(out), y), 1 / rows);
    case 'binaryCrossentropy':
      return tf.mul(tf.sub(tf.sigmoid(out), y), 1 / count);
    case 'mse':
      return tf.mul(tf.sub(out, y), 2 / count);
    case 'mae':
      return tf.mul(tf.sign(tf.sub(out, y)), 1 / count);
  }
}

let enabled = true;
/** For tests and benchmarks: force the autodiff path. */
export function setFastStepEnabled(on: boolean): void {
  enabled = on;
}

/** The hand-written step for a spec, or null when a layer needs autodiff (batch normalisation). */
export function makeDenseStep(spec: ModelSpec, model: tf.LayersModel, variables: tf.Variable[]): DenseStep | null {
  if (!enabled || !spec.layers.every((l) => SUPPORTED.has(l.type))) return null;
  const ops: Op[] = [];
  let li = 0;
  for (const l of spec.layers) {
    const layer = model.layers[li++];
    if (l.type === 'dense') {
      if (l.activation === 'leakyRelu') li++;
      const w = layer.weights.map((v) => v.read() as tf.Variable);
      ops.push({ kind: 'dense', kernel: w[0], bias: l.useBias ? w[1] : null, act: l.activation, alpha: l.alpha });
    } else if (l.type === 'conv2d') {
      if (l.activation === 'leakyRelu') li++;
      const w = layer.weights.map((v) => v.read() as tf.Variable);
      ops.push({ kind: 'conv', kernel: w[0], bias: l.useBias ? w[1] : null, act: l.activation, alpha: l.alpha, strides: pair(l.strides), pad: l.padding });
    } else if (l.type === 'maxPooling2d' || l.type === 'averagePooling2d') {
      const size = pair(l.poolSize);
      ops.push({ kind: 'pool', max: l.type === 'maxPooling2d', size, strides: l.strides ? pair(l.strides) : size, pad: l.padding });
    } else if (l.type === 'zeroPadding2d') ops.push({ kind: 'zeroPad', padding: l.padding }); else if (l.type === 'activation') ops.push({ kind: 'activation', act: l.activation, alpha: l.alpha });
    else if (l.type === 'dropout') ops.push({ kind: 'dropout', rate: l.rate });
    else if (l.type === 'flatten') ops.push({ kind: 'reshape', targetShape: null });
    else if (l.type === 'reshape') ops.push({ kind: 'reshape', targetShape: l.targetShape });
  }
  const lastFinal = ops.length - 1;

  return {
    run(xs, ys, stepSeed, fromLogits) {
      // forward, keeping what the backward pass needs
      const inputs: tf.Tensor[] = [];
      const outputs: tf.Tensor[] = [];
      const masks: (tf.Tensor | null)[] = [];
      let h = xs;
      ops.forEach((op, i) => {
        inputs.push(h);
        masks.push(null);
        const fuse = i === lastFinal && fromLogits;
        switch (op.kind) {
          case 'dense': {
            const act = fuse ? 'linear' : op.act;
            const fusable = act === 'relu' || act === 'linear';
            const z = tf.fused.matMul({ a: h as tf.Tensor2D, b: op.kernel as tf.Tensor2D, bias: op.bias ?? undefined, activation: fusable ? act : 'linear' });
            h = fusable ? z : activate(z, act, op.alpha);
            break;
          }
          case 'conv': {
            const act = fuse ? 'linear' : op.act;
            const fusable = act === 'relu' || act === 'linear';
            const z = tf.fused.conv2d({ x: h as tf.Tensor4D, filter: op.kernel as tf.Tensor4D, strides: op.strides, pad: op.pad, bias: op.bias ?? undefined, activation: fusable ? act : 'linear' });
            h = fusable ? z : activate(z, act, op.alpha);
            break;
          }
          case 'pool':
            h = op.max ? tf.maxPool(h as tf.Tensor4D, op.size, op.strides, op.pad) : tf.avgPool(h as tf.Tensor4D, op.size, op.strides, op.pad);
            break;
          case 'zeroPad':
            h = tf.pad(h, [[0, 0], [op.padding, op.padding], [op.padding, op.padding], [0, 0]]);
            break;
          case 'activation':
            h = fuse ? h : activate(h, op.act, op.alpha);
            break;
          case 'dropout': {
            if (op.rate > 0) {
              // exactly tf.dropout's mask for this seed, kept for the backward pass
              const keep = 1 - op.rate;
              const mask = tf.div(tf.floor(tf.add(tf.randomUniform(h.shape, 0, 1, 'float32', stepSeed), keep)), keep);
              masks[i] = mask;
              h = tf.mul(h, mask);
            }
            break;
          }
          case 'reshape':
            h = tf.reshape(h, [h.shape[0], ...(op.targetShape ?? [-1])]);
            break;
        }
        outputs.push(h);
      });

      // backward
      const grads = new Map<tf.Variable, tf.Tensor>();
      let d = lossGradient(spec.loss, h, ys);
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i];
        const fuse = i === lastFinal && fromLogits;
        const needInputGrad = i > 0;
        switch (op.kind) {
          case 'dense': {
            const dz = fuse ? d : activationBackward(d, outputs[i], op.act, op.alpha);
            grads.set(op.kernel, tf.matMul(inputs[i] as tf.Tensor2D, dz as tf.Tensor2D, true, false));
            if (op.bias) grads.set(op.bias, tf.sum(dz, 0));
            if (needInputGrad) d = tf.matMul(dz as tf.Tensor2D, op.kernel as tf.Tensor2D, false, true);
            break;
          }
          case 'conv': {
            const dz = fuse ? d : activationBackward(d, outputs[i], op.act, op.alpha);
            const conv = { strides: op.strides, pad: op.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
            grads.set(op.kernel, kernel('Conv2DBackpropFilter', { x: inputs[i], dy: dz }, { ...conv, filterShape: op.kernel.shape }));
            if (op.bias) grads.set(op.bias, tf.sum(dz, [0, 1, 2]));
            if (needInputGrad) d = kernel('Conv2DBackpropInput', { dy: dz, filter: op.kernel }, { ...conv, inputShape: inputs[i].shape });
            break;
          }
          case 'pool': {
            const attrs = { filterSize: op.size, strides: op.strides, pad: op.pad, dimRoundingMode: undefined };
            d = op.max ? kernel('MaxPoolGrad', { dy: d, input: inputs[i], output: outputs[i] }, attrs) : kernel('AvgPoolGrad', { dy: d, input: inputs[i] }, attrs);
            break;
          }
          case 'zeroPad':
            d = tf.slice(d, [0, op.padding, op.padding, 0], inputs[i].shape);
            break;
          case 'activation':
            if (!fuse) d = activationBackward(d, outputs[i], op.act, op.alpha);
            break;
          case 'dropout':
            if (masks[i]) d = tf.mul(d, masks[i]!);
            break;
          case 'reshape':
            d = tf.reshape(d, inputs[i].shape);
            break;
        }
      }
      return { out: h, grads: variables.map((v) => grads.get(v) ?? tf.zerosLike(v)) };
    },
  };
}

export interface BatchScore {
  /** Sum over rows of the per-row loss (the mean loss times the batch size). */
  lossSum: number;
  correct: number;
  absErr: number;
  sqErr: number;
}

/**
 * Loss and metrics of one batch from the values read back (logits when fromLogits), in double
 * precision, with the same definitions as losses.ts.
 */
export function scoreBatch(loss: LossName, task: ModelSpec['task'], fromLogits: boolean, out: Float32Array, y: Float32Array, rows: number, width: number): BatchScore {
  let lossSum = 0;
  let correct = 0;
  let absErr = 0;
  let sqErr = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    if (task === 'multiclass') {
      let best = 0;
      let label = 0;
      for (let c = 1; c < width; c++) {
        if (out[o + c] > out[o + best]) best = c;
        if (y[o + c] > y[o + label]) label = c;
      }
      if (best === label) correct++;
    }
    if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
      if (fromLogits) {
        let max = -Infinity;
        for (let c = 0; c < width; c++) max = Math.max(max, out[o + c]);
        let s = 0;
        for (let c = 0; c < width; c++) s += Math.exp(out[o + c] - max);
        const lse = max + Math.log(s);
        for (let c = 0; c < width; c++) lossSum += y[o + c] * (lse - out[o + c]);
      } else {
        for (let c = 0; c < width; c++) lossSum -= y[o + c] * Math.log(Math.min(1 - 1e-7, Math.max(1e-7, out[o + c])));
      }
      continue;
    }
    let rowLoss = 0;
    for (let c = 0; c < width; c++) {
      const z = out[o + c];
      const t = y[o + c];
      if (task === 'binary') {
        const predicted = fromLogits ? z >= 0 : z >= 0.5;
        if ((predicted ? 1 : 0) === t) correct++;
      }
      if (loss === 'binaryCrossentropy') {
        if (fromLogits) rowLoss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
        else {
          const p = Math.min(1 - 1e-7, Math.max(1e-7, z));
          rowLoss -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
        }
      } else if (loss === 'mse') rowLoss += (z - t) ** 2;
      else rowLoss += Math.abs(z - t);
      absErr += Math.abs(z - t);
      sqErr += (z - t) ** 2;
    }
    lossSum += rowLoss / width;
  }
  return { lossSum, correct, absErr, sqErr };
}
