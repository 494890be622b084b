// Turns a validated spec into a tf.LayersModel (for weights, serialisation and parameter counts)
// and a plain forward function the training loop drives itself.
import * as tf from '@tensorflow/tfjs';
import { ZModelSpec, type LayerSpec, type ModelSpec, type ModelSpecInput, inferModelShapes } from '@meridian/domain';
import { EngineError } from './types';

export interface SpecIssue {
  /** Dotted path into the spec, e.g. `layers.2.kernelSize`. */
  path: string;
  message: string;
}

export type ValidateSpecResult = { ok: true; spec: ModelSpec } | { ok: false; issues: SpecIssue[] };

/** Checks a spec completely (schema, shapes through every layer, loss/activation fit) without touching TensorFlow. */
export function validateSpec(input: unknown): ValidateSpecResult {
  const parsed = ZModelSpec.safeParse(input);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}

/** validateSpec that throws an EngineError listing every issue. */
export function parseSpec(input: ModelSpecInput | ModelSpec | unknown): ModelSpec {
  const r = validateSpec(input);
  if (r.ok) return r.spec;
  throw new EngineError('INVALID_SPEC', `invalid model spec:\n${r.issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`, r.issues);
}

function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

// Seeds per layer keep initial weights identical for a given run seed on every backend.
function seedOf(seed: number, i: number): number {
  return (Math.abs(Math.floor(seed)) * 7919 + i * 104729) % 2147483647;
}

function tfActivation(a: string): string {
  return a === 'leakyRelu' ? 'linear' : a;
}

/** Builds the Keras-compatible layer stack; leakyRelu becomes a linear layer plus a LeakyReLU layer. */
export function buildLayersModel(spec: ModelSpec, seed = 0): tf.LayersModel {
  const model = tf.sequential({ name: spec.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model' });
  let first = true;
  const inputShape = (): { inputShape?: number[] } => {
    if (!first) return {};
    first = false;
    return { inputShape: spec.inputShape };
  };
  spec.layers.forEach((l, i) => {
    switch (l.type) {
      case 'dense':
        model.add(
          tf.layers.dense({ ...inputShape(), units: l.units, activation: tfActivation(l.activation) as never, useBias: l.useBias, kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf(seed, i) }) }),
        );
        if (l.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ alpha: l.alpha }));
        break;
      case 'conv2d':
        model.add(
          tf.layers.conv2d({
            ...inputShape(),
            filters: l.filters,
            kernelSize: pair(l.kernelSize),
            strides: pair(l.strides),
            padding: l.padding,
            activation: tfActivation(l.activation) as never,
            useBias: l.useBias,
            kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf(seed, i) }),
          }),
        );
        if (l.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ alpha: l.alpha }));
        break;
      case 'maxPooling2d':
        model.add(tf.layers.maxPooling2d({ ...inputShape(), poolSize: pair(l.poolSize), strides: l.strides ? pair(l.strides) : undefined, padding: l.padding }));
        break;
      case 'averagePooling2d':
        model.add(tf.layers.averagePooling2d({ ...inputShape(), poolSize: pair(l.poolSize), strides: l.strides ? pair(l.strides) : undefined, padding: l.padding }));
        break;
      case 'flatten':
        model.add(tf.layers.flatten({ ...inputShape() }));
        break;
      case 'dropout':
        model.add(tf.layers.dropout({ ...inputShape(), rate: l.rate }));
        break;
      case 'batchNormalization':
        model.add(tf.layers.batchNormalization({ ...inputShape(), momentum: l.momentum, epsilon: l.epsilon }));
        break;
      case 'activation':
        if (l.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ ...inputShape(), alpha: l.alpha }));
        else model.add(tf.layers.activation({ ...inputShape(), activation: l.activation as never }));
        break;
      case 'zeroPadding2d':
        model.add(tf.layers.zeroPadding2d({ ...inputShape(), padding: l.padding }));
        break;
      case 'reshape':
        model.add(tf.layers.reshape({ ...inputShape(), targetShape: l.targetShape }));
        break;
    }
  });
  return model;
}

export interface ForwardContext {
  training: boolean;
  /** Per-step seed for dropout masks, so a resumed run draws the same masks as an uninterrupted one. */
  stepSeed: number;
  /** When true and the model ends in softmax/sigmoid, return the pre-activation logits. */
  logits: boolean;
}

type Step = (x: tf.Tensor, ctx: ForwardContext, last: boolean) => tf.Tensor;

export interface Executable {
  spec: ModelSpec;
  model: tf.LayersModel;
  /** Forward pass built from fused tf ops on the model's own variables. */
  forward(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
  /** Final activation, which the loss may fuse with (softmax or sigmoid) or 'linear'. */
  finalActivation: string;
  trainableVariables: tf.Variable[];
}

function applyActivation(x: tf.Tensor, a: string, alpha: number): tf.Tensor {
  switch (a) {
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

/**
 * Pairs every spec layer with its tf layer(s) and writes its forward step with fused kernels
 * (matMul+bias+relu, conv2d+bias+relu are one kernel on wasm), which is what makes the dense and
 * convolutional paths fast and lets the loss see logits.
 */
export function makeExecutable(spec: ModelSpec, model: tf.LayersModel): Executable {
  const tfLayers = model.layers;
  let li = 0;
  const steps: Step[] = [];
  const vars = (layer: tf.layers.Layer) => layer.weights.map((w) => w.read() as tf.Variable);
  spec.layers.forEach((l: LayerSpec) => {
    const layer = tfLayers[li++];
    if (l.type === 'dense' || l.type === 'conv2d') {
      if (l.activation === 'leakyRelu') li++;
      const [kernel, bias] = vars(layer);
      const act = l.activation;
      const fusable = act === 'relu' || act === 'linear';
      const opts = l.type === 'conv2d' ? { strides: pair(l.strides), pad: l.padding } : null;
      steps.push((x, ctx, last) => {
        const finalAct = last && ctx.logits ? 'linear' : act;
        const fused = fusable || finalAct === 'linear';
        const activation = fused ? (finalAct as 'relu' | 'linear') : 'linear';
        const y =
          opts === null
            ? tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation })
            : tf.fused.conv2d({ x: x as tf.Tensor4D, filter: kernel as tf.Tensor4D, strides: opts.strides, pad: opts.pad, bias, activation });
        return fused ? y : applyActivation(y, finalAct, l.alpha);
      });
      return;
    }
    switch (l.type) {
      case 'maxPooling2d':
      case 'averagePooling2d': {
        const size = pair(l.poolSize);
        const strides = l.strides ? pair(l.strides) : size;
        const pool = l.type === 'maxPooling2d' ? tf.maxPool : tf.avgPool;
        steps.push((x) => pool(x as tf.Tensor4D, size, strides, l.padding));
        return;
      }
      case 'flatten':
        steps.push((x) => tf.reshape(x, [x.shape[0], -1]));
        return;
      case 'reshape':
        steps.push((x) => tf.reshape(x, [x.shape[0], ...l.targetShape]));
        return;
      case 'zeroPadding2d':
        steps.push((x) => tf.pad(x, [[0, 0], [l.padding, l.padding], [l.padding, l.padding], [0, 0]]));
        return;
      case 'dropout':
        steps.push((x, ctx) => (ctx.training && l.rate > 0 ? tf.dropout(x, l.rate, undefined, ctx.stepSeed) : x));
        return;
      case 'activation':
        steps.push((x, ctx, last) => (last && ctx.logits && (l.activation === 'softmax' || l.activation === 'sigmoid') ? x : applyActivation(x, l.activation, l.alpha)));
        return;
      case 'batchNormalization': {
        const [gamma, beta, movingMean, movingVar] = vars(layer);
        steps.push((x, ctx) => {
          const axes = x.shape.slice(0, -1).map((_, i) => i);
          if (!ctx.training) return tf.batchNorm(x, movingMean, movingVar, beta, gamma, l.epsilon);
          const { mean, variance } = tf.moments(x, axes);
          // Moving statistics are state, not part of the gradient: update them outside the tape.
          tf.tidy(() => {
            const m = tf.scalar(l.momentum);
            movingMean.assign(tf.add(tf.mul(movingMean, m), tf.mul(mean, tf.sub(1, m))));
            movingVar.assign(tf.add(tf.mul(movingVar, m), tf.mul(variance, tf.sub(1, m))));
          });
          return tf.batchNorm(x, mean, variance, beta, gamma, l.epsilon);
        });
        return;
      }
    }
  });
  const lastDense = [...spec.layers].reverse().find((l) => l.type === 'dense' || l.type === 'activation');
  const finalActivation = lastDense && 'activation' in lastDense ? lastDense.activation : 'linear';
  return {
    spec,
    model,
    finalActivation,
    trainableVariables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    forward(x, ctx) {
      let h = x;
      for (let i = 0; i < steps.length; i++) h = steps[i](h, ctx, i === steps.length - 1);
      return h;
    },
  };
}

export interface LayerSummary {
  index: number;
  type: string;
  outputShape: number[];
  params: number;
}

export interface ModelSummary {
  name: string;
  inputShape: number[];
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Printable table, like Keras's model.summary(). */
  text: string;
}

/** Parameter counts computed from the spec alone (no tensors), per layer and in total; accepts a trained model too. */
export function summarize(input: ModelSpec | ModelSpecInput | { spec: ModelSpec; layersModel: tf.LayersModel }): ModelSummary {
  const spec = parseSpec('layersModel' in input ? input.spec : input);
  const { shapes } = inferModelShapes(spec.inputShape, spec.layers);
  let prev = spec.inputShape;
  let trainable = 0;
  let nonTrainable = 0;
  const layers: LayerSummary[] = spec.layers.map((l, index) => {
    const out = shapes[index];
    let params = 0;
    if (l.type === 'dense') params = prev[prev.length - 1] * l.units + (l.useBias ? l.units : 0);
    else if (l.type === 'conv2d') {
      const [kh, kw] = pair(l.kernelSize);
      params = kh * kw * prev[prev.length - 1] * l.filters + (l.useBias ? l.filters : 0);
    } else if (l.type === 'batchNormalization') {
      const c = prev[prev.length - 1];
      params = 4 * c;
      nonTrainable += 2 * c;
      trainable -= 2 * c;
    }
    trainable += params;
    prev = out;
    return { index, type: l.type, outputShape: out, params };
  });
  const total = trainable + nonTrainable;
  const rows = layers.map((l) => `${String(l.index).padStart(3)}  ${l.type.padEnd(20)} ${`[${l.outputShape.join(', ')}]`.padEnd(18)} ${String(l.params).padStart(10)}`);
  const text = [
    `Model "${spec.name}" (input [${spec.inputShape.join(', ')}])`,
    '  #  layer                output shape           params',
    ...rows,
    `Total params: ${total}  (trainable ${trainable}, non-trainable ${nonTrainable})`,
  ].join('\n');
  return { name: spec.name, inputShape: spec.inputShape, layers, totalParams: total, trainableParams: trainable, nonTrainableParams: nonTrainable, text };
}
