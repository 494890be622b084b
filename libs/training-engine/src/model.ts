import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '@meridian/domain';
import { makeExecutable, type Executable } from './spec';
import { outputUnits } from './data';
import { EngineError } from './types';

/** A model and the spec it was built from; the unit that is trained, evaluated, saved and loaded. */
export class TrainedModel {
  readonly executable: Executable;
  constructor(
    readonly spec: ModelSpec,
    readonly layersModel: tf.LayersModel,
  ) {
    this.executable = makeExecutable(spec, layersModel);
  }

  get outputUnits(): number {
    return outputUnits(this.spec);
  }

  dispose(): void {
    this.layersModel.dispose();
  }
}

export interface Prediction {
  /** Row-major model outputs: class probabilities, P(class 1), or the regression value. */
  values: Float32Array;
  shape: [number, number];
  /** Predicted class per row (argmax, or P >= 0.5 for binary); absent for regression. */
  labels?: Int32Array;
}

/** Batched inference on typed arrays; never holds more than one batch of activations. */
export function predict(model: TrainedModel, x: Float32Array, shape: number[], batchSize = 256): Prediction {
  const n = shape[0];
  const per = model.spec.inputShape.reduce((a, b) => a * b, 1);
  const given = shape.slice(1).reduce((a, b) => a * b, 1);
  if (given !== per || x.length !== n * per) {
    throw new EngineError('INVALID_DATA', `predict: rows of shape [${shape.slice(1).join(', ')}] (${x.length} values for ${n} rows) do not fit the model input [${model.spec.inputShape.join(', ')}]`);
  }
  const units = model.outputUnits;
  const values = new Float32Array(n * units);
  const exe = model.executable;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const out = tf.tidy(() => {
      const xb = tf.tensor(x.slice(start * per, end * per), [end - start, ...model.spec.inputShape]);
      return exe.forward(xb, { training: false, stepSeed: 0, logits: false });
    });
    values.set(out.dataSync() as Float32Array, start * units);
    out.dispose();
  }
  const result: Prediction = { values, shape: [n, units] };
  if (model.spec.task === 'multiclass') {
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < units; c++) if (values[i * units + c] > values[i * units + best]) best = c;
      labels[i] = best;
    }
    result.labels = labels;
  } else if (model.spec.task === 'binary') {
    result.labels = Int32Array.from(values, (p) => (p >= 0.5 ? 1 : 0));
  }
  return result;
}
