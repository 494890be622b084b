import * as tf from '@tensorflow/tfjs';
import { parseSpec } from './spec';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { rng } from './data';
import { EngineOptimizer } from './optimizers';

function optimizerSpec(optimizer: object) {
  return parseSpec({ task: 'regression', inputShape: [1], layers: [{ type: 'dense', units: 1 }], optimizer, loss: 'mse' }).optimizer;
}

async function run(backend: 'cpu' | 'wasm', spec: ReturnType<typeof optimizerSpec>, constant: boolean): Promise<Float32Array> {
  await selectBackend({ prefer: backend });
  const r = rng(3);
  const w = tf.variable(tf.tensor(Float32Array.from({ length: 37 }, () => r() - 0.5)));
  const opt = new EngineOptimizer(spec);
  for (let step = 0; step < 6; step++) {
    const g = tf.tensor(Float32Array.from({ length: 37 }, (_, i) => (constant ? 0.25 : Math.sin(step * 37 + i))));
    opt.apply([w], [g]);
    g.dispose();
  }
  const out = w.dataSync() as Float32Array;
  w.dispose();
  opt.dispose();
  return out;
}

describe('EngineOptimizer', () => {
  it.each([
    { type: 'sgd', learningRate: 0.1 },
    { type: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true },
    { type: 'adam', learningRate: 0.01 },
    { type: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true },
  ])('$type: the wasm path (fused Adam kernel) equals the cpu path, and stays finite', async (o) => {
    const spec = optimizerSpec(o);
    for (const constant of [false, true]) {
      const cpu = await run('cpu', spec, constant);
      const wasm = await run('wasm', spec, constant);
      expect(cpu.every(Number.isFinite)).toBe(true);
      for (let i = 0; i < cpu.length; i++) expect(Math.abs(wasm[i] - cpu[i])).toBeLessThan(1e-5);
    }
  });

  it('adam matches the textbook update for one step', async () => {
    await selectBackend({ prefer: 'cpu' });
    const w = tf.variable(tf.tensor([1, -2]));
    const opt = new EngineOptimizer(optimizerSpec({ type: 'adam', learningRate: 0.1, epsilon: 1e-7 }));
    opt.apply([w], [tf.tensor([0.5, -3])]);
    // step 1: m_hat = g, v_hat = g^2 -> w - lr * g / (|g| + eps)
    const got = w.dataSync();
    expect(got[0]).toBeCloseTo(1 - 0.1, 6);
    expect(got[1]).toBeCloseTo(-2 + 0.1, 6);
    expect(opt.getState().step).toBe(1);
    opt.dispose();
    w.dispose();
  });
});
