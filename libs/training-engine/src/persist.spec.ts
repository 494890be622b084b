import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { predict, type TrainedModel } from './model';
import { loadModel, saveModel, saveModelToBuffers } from './persist';
import { buildPresetSpec } from './presets';
import { train } from './train';
import { summarize } from './spec';

const dir = mkdtempSync(join(tmpdir(), 'meridian-model-'));
let model: TrainedModel;
const x = Float32Array.from({ length: 40 * 8 * 8 }, (_, i) => ((i * 37) % 17) / 16);
const y = Int32Array.from({ length: 40 }, (_, i) => i % 3);

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
  const spec = buildPresetSpec('cnn-image', { inputShape: [8, 8, 1], numClasses: 3 });
  model = (await train({ spec, train: { x, shape: [40, 8, 8, 1], y }, seed: 1, epochs: 2 })).model;
});
afterAll(() => {
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('save and load', () => {
  const extras = { preprocessing: { scale: 1 / 16, labels: ['a', 'b', 'c'] }, metrics: { accuracy: 0.5 } };

  it('writes the tfjs layers format plus meridian.json to a folder and loads it back with identical predictions', async () => {
    const out = join(dir, 'm1');
    const files = await saveModel(model, out, extras);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['model.json', 'weights.bin', 'meridian.json']);
    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['./weights.bin']);
    // Plain TensorFlow.js can read it too (no Meridian code involved).
    const plain = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: new Uint8Array(readFileSync(join(out, 'weights.bin'))).buffer }),
    );
    expect(plain.countParams()).toBe(model.layersModel.countParams());
    plain.dispose();

    const loaded = await loadModel(out);
    expect(loaded.preprocessing).toEqual(extras.preprocessing);
    expect(loaded.metrics).toEqual(extras.metrics);
    expect(loaded.model.spec).toEqual(model.spec);
    expect(predict(loaded.model, x, [40, 8, 8, 1]).values).toEqual(predict(model, x, [40, 8, 8, 1]).values);
    loaded.model.dispose();
    expect(existsSync(`${out}.tmp`)).toBe(false);
  });

  it('round-trips through buffers', async () => {
    const files = await saveModelToBuffers(model, extras);
    const loaded = await loadModel(files);
    const p = predict(loaded.model, x, [40, 8, 8, 1]);
    expect(p.shape).toEqual([40, 3]);
    expect(p.labels).toEqual(predict(model, x, [40, 8, 8, 1]).labels);
    loaded.model.dispose();
  });

  it('answers a missing, truncated or foreign model with a clear error', async () => {
    await expect(loadModel(join(dir, 'nothing'))).rejects.toThrow(/cannot read .*model\.json.*a model folder holds model\.json, weights\.bin, meridian\.json/);
    const out = join(dir, 'm2');
    await saveModel(model, out);
    const w = readFileSync(join(out, 'weights.bin'));
    writeFileSync(join(out, 'weights.bin'), w.subarray(0, w.length - 8));
    await expect(loadModel(out)).rejects.toThrow(/weights\.bin has \d+ bytes, model\.json describes \d+/);
    writeFileSync(join(out, 'meridian.json'), '{"format":"something-else"}');
    await expect(loadModel(out)).rejects.toThrow(/not a Meridian model description/);
    writeFileSync(join(out, 'meridian.json'), '{oops');
    await expect(loadModel(out)).rejects.toThrow(/not valid JSON/);
  });

  it('summarize accepts the trained model and agrees with TensorFlow.js', () => {
    expect(summarize(model).totalParams).toBe(model.layersModel.countParams());
  });

  it('predict checks the input shape', () => {
    expect(() => predict(model, x, [40, 64])).not.toThrow();
    expect(() => predict(model, x.subarray(0, 100), [40, 8, 8, 1])).toThrow(/do not fit the model input \[8, 8, 1\]/);
  });
});
