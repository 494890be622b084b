// The presets of the startup playbooks the product is built on. Input and output sizes come from
// the data; everything else is the playbook's choice.
import type { LayerSpecInput, ModelSpec } from '@meridian/domain';
import { parseSpec } from './spec';
import { EngineError } from './types';

export const PRESET_NAMES = ['mlp-classifier', 'cnn-image', 'tabular-binary', 'regression'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface PresetOptions {
  /** Shape of one example: [features] or [height, width, channels]. */
  inputShape: number[];
  /** Classes for mlp-classifier and cnn-image (from the labels). */
  numClasses?: number;
  /**
   * Training rows. When given, small datasets get more epochs than the playbook's default so that
   * training runs at least MIN_TRAINING_STEPS batches (the playbooks assume MNIST-sized data); the
   * change is recorded in spec.notes.
   */
  rows?: number;
}

export const MIN_TRAINING_STEPS = 1000;
const MAX_SCALED_EPOCHS = 100;

function scaleEpochs(spec: ModelSpec, rows: number | undefined): ModelSpec {
  if (rows === undefined) return spec;
  if (!Number.isInteger(rows) || rows < 1) throw new EngineError('INVALID_OPTIONS', `rows must be a positive integer, got ${rows}`);
  const batches = Math.ceil(rows / spec.batchSize);
  const wanted = Math.min(MAX_SCALED_EPOCHS, Math.ceil(MIN_TRAINING_STEPS / batches));
  if (wanted <= spec.epochs) return spec;
  return {
    ...spec,
    notes: [...spec.notes, `${spec.epochs} epochs of ${rows} rows would be only ${spec.epochs * batches} batches: raised to ${wanted} epochs (about ${wanted * batches} batches)`],
    epochs: wanted,
  };
}

/** Smallest image side that survives cnn-image's three valid 3x3 convolutions and two 2x2 pools. */
export const CNN_MIN_VALID_SIDE = 18;

export function buildPresetSpec(name: PresetName | string, opts: PresetOptions): ModelSpec {
  return scaleEpochs(playbookSpec(name, opts), opts.rows);
}

function playbookSpec(name: PresetName | string, opts: PresetOptions): ModelSpec {
  const flat = opts.inputShape.reduce((a, b) => a * b, 1);
  const needClasses = (): number => {
    if (!opts.numClasses || opts.numClasses < 2) {
      throw new EngineError('INVALID_OPTIONS', `preset ${name} needs numClasses >= 2 (the number of distinct labels), got ${opts.numClasses ?? 'none'}`);
    }
    return opts.numClasses;
  };
  const flatten: LayerSpecInput[] = opts.inputShape.length > 1 ? [{ type: 'flatten' }] : [];
  switch (name) {
    case 'mlp-classifier':
      return parseSpec({
        name,
        task: 'multiclass',
        inputShape: opts.inputShape,
        layers: [...flatten, { type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: needClasses(), activation: 'softmax' }],
        optimizer: { type: 'adam', learningRate: 0.001 },
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
        epochs: 10,
        batchSize: 32,
      });
    case 'cnn-image': {
      const shape = opts.inputShape.length === 2 ? [...opts.inputShape, 1] : opts.inputShape;
      if (shape.length !== 3) {
        throw new EngineError('INVALID_OPTIONS', `cnn-image needs image inputs [height, width] or [height, width, channels], got [${opts.inputShape.join(', ')}] (${flat} values); reshape the data first`);
      }
      const small = Math.min(shape[0], shape[1]) < CNN_MIN_VALID_SIDE;
      // Too small for valid convolutions: zero-pad inside each convolution ("same"), which keeps
      // every pixel and adds no parameters, rather than upsampling the image.
      const padding = small ? 'same' : 'valid';
      const reshape: LayerSpecInput[] = opts.inputShape.length === 2 ? [{ type: 'reshape', targetShape: shape }] : [];
      return parseSpec({
        name,
        task: 'multiclass',
        inputShape: opts.inputShape,
        layers: [
          ...reshape,
          { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu', padding },
          { type: 'maxPooling2d', poolSize: 2 },
          { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu', padding },
          { type: 'maxPooling2d', poolSize: 2 },
          { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu', padding },
          { type: 'flatten' },
          { type: 'dense', units: 64, activation: 'relu' },
          { type: 'dense', units: needClasses(), activation: 'softmax' },
        ],
        optimizer: { type: 'adam', learningRate: 0.001 },
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy'],
        epochs: 10,
        batchSize: 64,
        notes: small
          ? [`input ${shape[0]}x${shape[1]} is smaller than ${CNN_MIN_VALID_SIDE}x${CNN_MIN_VALID_SIDE}, the least the valid 3x3 convolutions accept: convolutions use padding "same" (zero padding), no resizing`]
          : [],
      });
    }
    case 'tabular-binary':
      return parseSpec({
        name,
        task: 'binary',
        inputShape: opts.inputShape,
        layers: [
          ...flatten,
          { type: 'dense', units: 128, activation: 'relu' },
          { type: 'dense', units: 64, activation: 'relu' },
          { type: 'dense', units: 32, activation: 'relu' },
          { type: 'dense', units: 1, activation: 'sigmoid' },
        ],
        optimizer: { type: 'adam', learningRate: 0.001 },
        loss: 'binaryCrossentropy',
        metrics: ['accuracy'],
        epochs: 30,
        batchSize: 32,
      });
    case 'regression':
      return parseSpec({
        name,
        task: 'regression',
        inputShape: opts.inputShape,
        layers: [...flatten, { type: 'dense', units: 64, activation: 'relu' }, { type: 'dense', units: 32, activation: 'relu' }, { type: 'dense', units: 1, activation: 'linear' }],
        optimizer: { type: 'adam', learningRate: 0.001 },
        loss: 'mse',
        metrics: ['mae'],
        epochs: 50,
        batchSize: 32,
      });
    default:
      throw new EngineError('INVALID_OPTIONS', `unknown preset "${name}"; choose one of ${PRESET_NAMES.join(', ')}`);
  }
}
