// Saves in the TensorFlow.js layers format (model.json + weights.bin, loadable by tf.loadLayersModel
// and the tfjs converter) with meridian.json beside it: the spec, the caller's preprocessing state
// and the metrics, so a model folder alone is enough to predict the way it was trained.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { TrainedModel } from './model';
import { parseSpec } from './spec';
import { EngineError } from './types';
import { ensureBackend } from './backend';

export const MODEL_FILES = ['model.json', 'weights.bin', 'meridian.json'] as const;
export type ModelFiles = Record<(typeof MODEL_FILES)[number], Uint8Array>;

export interface ModelExtras {
  /** Opaque JSON from the data pipeline (fitted transforms, label names...). */
  preprocessing?: unknown;
  /** Evaluation results or anything JSON the caller wants kept with the model. */
  metrics?: unknown;
}

export interface MeridianModelMeta extends ModelExtras {
  format: 'meridian-model';
  version: 1;
  spec: unknown;
  savedAt: string;
  tfjsVersion: string;
}

export interface LoadedModel {
  model: TrainedModel;
  preprocessing: unknown;
  metrics: unknown;
  savedAt: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export async function saveModelToBuffers(model: TrainedModel, extras: ModelExtras = {}): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.layersModel.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      const meta: MeridianModelMeta = {
        format: 'meridian-model',
        version: 1,
        spec: model.spec,
        savedAt: new Date().toISOString(),
        tfjsVersion: tf.version.tfjs,
        preprocessing: extras.preprocessing ?? null,
        metrics: extras.metrics ?? null,
      };
      files = {
        'model.json': enc.encode(JSON.stringify(modelJson)),
        'weights.bin': new Uint8Array(weightData),
        'meridian.json': enc.encode(JSON.stringify(meta, null, 2)),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
    }),
  );
  return files!;
}

/** Writes into a sibling temp folder and renames it into place, so a crash never leaves half a model. */
export async function saveModel(model: TrainedModel, dir: string, extras: ModelExtras = {}): Promise<string[]> {
  const files = await saveModelToBuffers(model, extras);
  const tmp = `${dir.replace(/[\\/]+$/, '')}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  for (const name of MODEL_FILES) await writeFile(join(tmp, name), files[name]);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return MODEL_FILES.map((f) => join(dir, f));
}

export async function loadModel(source: string | ModelFiles): Promise<LoadedModel> {
  let files: ModelFiles;
  const where = typeof source === 'string' ? source : 'buffers';
  if (typeof source === 'string') {
    const read = async (name: string) => {
      try {
        return new Uint8Array(await readFile(join(source, name)));
      } catch (err) {
        throw new EngineError('MODEL_FILES', `cannot read ${join(source, name)}: ${(err as Error).message}; a model folder holds ${MODEL_FILES.join(', ')}`);
      }
    };
    files = { 'model.json': await read('model.json'), 'weights.bin': await read('weights.bin'), 'meridian.json': await read('meridian.json') };
  } else {
    for (const name of MODEL_FILES) if (!(source[name] instanceof Uint8Array)) throw new EngineError('MODEL_FILES', `model buffers lack ${name}`);
    files = source;
  }
  let modelJson: tf.io.ModelJSON;
  let meta: MeridianModelMeta;
  try {
    modelJson = JSON.parse(dec.decode(files['model.json']));
    meta = JSON.parse(dec.decode(files['meridian.json']));
  } catch (err) {
    throw new EngineError('MODEL_FILES', `${where}: model.json or meridian.json is not valid JSON (${(err as Error).message})`);
  }
  if (meta.format !== 'meridian-model') throw new EngineError('MODEL_FILES', `${where}: meridian.json is not a Meridian model description`);
  const spec = parseSpec(meta.spec);
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const w = files['weights.bin'];
  const expected = weightSpecs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1) * 4, 0);
  if (w.byteLength !== expected) throw new EngineError('MODEL_FILES', `${where}: weights.bin has ${w.byteLength} bytes, model.json describes ${expected}; the files do not belong together or were truncated`);
  const weightData = w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer;
  await ensureBackend();
  const layers = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
  return { model: new TrainedModel(spec, layers), preprocessing: meta.preprocessing ?? null, metrics: meta.metrics ?? null, savedAt: meta.savedAt };
}
