// Each kernel Meridian registers for wasm must give the cpu backend's gradients: same graph, same
// inputs, both backends, on random shapes covering strides, padding and batch sizes.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradientKernels } from './index';
import { setSimdKernelsEnabled, simdKernels } from './simd';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { rng } from '../data';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmGradientKernels();
  await tf.setBackend('cpu');
});

type Case = { inputs: { shape: number[]; values: Float32Array }[]; f: (...t: tf.Tensor[]) => tf.Tensor };

async function gradsOn(backend: string, c: Case): Promise<{ y: Float32Array; grads: Float32Array[] }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const ts = c.inputs.map((i) => tf.tensor(i.values, i.shape));
    // A random projection of the output makes every element of the upstream gradient distinct.
    const y = c.f(...ts);
    const w = tf.tensor(randomValues(y.size, 99), y.shape);
    const g = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(c.f(...xs), w)))(ts);
    return { y: y.dataSync() as Float32Array, grads: g.map((t) => t.dataSync() as Float32Array) };
  });
}

function randomValues(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

function expectClose(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 1e-6;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  // float32 sums in a different order: relative to the largest magnitude, far below any bug's size
  expect(worst / scale, `${label}: max abs diff ${worst} (scale ${scale})`).toBeLessThan(2e-5);
}

async function compare(c: Case, label: string): Promise<void> {
  const cpu = await gradsOn('cpu', c);
  const wasm = await gradsOn('wasm', c);
  expectClose(wasm.y, cpu.y, `${label} forward`);
  cpu.grads.forEach((g, i) => expectClose(wasm.grads[i], g, `${label} grad ${i}`));
}

const r = rng(2024);
const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

describe.each([
  ['WebAssembly SIMD loops', true],
  ['JavaScript loops', false],
])('wasm gradient kernels equal the cpu backend (%s)', (_label, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));

  it('registers the kernels it claims', () => {
    const names = registerWasmGradientKernels().map((k) => k.kernelName);
    expect(names).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', '_FusedMatMul', 'Sum', 'Conv2D', 'FusedConv2D']));
    for (const n of names) expect(tf.getKernel(n, 'wasm')).toBeDefined();
    expect(simdKernels(tf.findBackend('wasm') as BackendWasm) !== null).toBe(simd);
  });

  it('conv2d: Conv2DBackpropFilter and Conv2DBackpropInput on 24 random shapes, strides 1-3, same/valid', async () => {
    for (let i = 0; i < 24; i++) {
      const n = int(1, 5);
      const kh = int(1, 4);
      const kw = int(1, 4);
      const h = int(kh, 12);
      const w = int(kw, 12);
      const ci = int(1, 12);
      const co = int(1, 7);
      const strides: [number, number] = [int(1, 3), int(1, 3)];
      const pad = pick(['same', 'valid'] as const);
      const label = `x[${n},${h},${w},${ci}] f[${kh},${kw},${ci},${co}] s${strides} ${pad}`;
      await compare(
        {
          inputs: [
            { shape: [n, h, w, ci], values: randomValues(n * h * w * ci, i) },
            { shape: [kh, kw, ci, co], values: randomValues(kh * kw * ci * co, 100 + i) },
          ],
          f: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, strides, pad),
        },
        label,
      );
    }
  });

  it('strided "same" convolutions that tfjs-backend-wasm alone answers with zeros', async () => {
    for (const [h, w, kh, kw, strides] of [
      [7, 6, 3, 1, [2, 2]],
      [7, 6, 3, 1, [1, 3]],
      [9, 9, 1, 3, [3, 2]],
    ] as [number, number, number, number, [number, number]][]) {
      await compare(
        {
          inputs: [
            { shape: [2, h, w, 3], values: randomValues(2 * h * w * 3, h * 31 + w) },
            { shape: [kh, kw, 3, 2], values: randomValues(kh * kw * 6, kh * 7 + kw) },
            { shape: [2], values: randomValues(2, 5) },
          ],
          f: (x, f, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides, pad: 'same', bias: b, activation: 'linear' }),
        },
        `fused conv x[2,${h},${w},3] f[${kh},${kw},3,2] s${strides} same`,
      );
    }
  });

  it('maxPool: MaxPoolGrad on 16 random shapes, windows 1-3, strides 1-3, same/valid (overlapping windows too)', async () => {
    for (let i = 0; i < 16; i++) {
      const n = int(1, 4);
      const size: [number, number] = [int(1, 3), int(1, 3)];
      const strides: [number, number] = [int(1, 3), int(1, 3)];
      const h = int(size[0], 11);
      const w = int(size[1], 11);
      const c = int(1, 9);
      const pad = pick(['same', 'valid'] as const);
      await compare(
        { inputs: [{ shape: [n, h, w, c], values: randomValues(n * h * w * c, 300 + i) }], f: (x) => tf.maxPool(x as tf.Tensor4D, size, strides, pad) },
        `maxPool x[${n},${h},${w},${c}] size ${size} s${strides} ${pad}`,
      );
    }
  });

  it('maxPool 2x2/2 (the presets) on even and odd sides, with the ties ReLU zeros create', async () => {
    for (const [h, w, c] of [[6, 8, 4], [7, 5, 8], [2, 2, 5], [5, 6, 12]]) {
      const values = randomValues(2 * h * w * c, h * 10 + w).map((v) => Math.max(0, v));
      await compare({ inputs: [{ shape: [2, h, w, c], values }], f: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid') }, `maxPool 2x2 x[2,${h},${w},${c}]`);
    }
  });

  it('matMul and fused matMul with every transpose combination (the dense backward pass)', async () => {
    for (let i = 0; i < 12; i++) {
      const m = int(1, 40);
      const k = int(1, 70);
      const n = int(1, 30);
      const tA = i % 2 === 1;
      const tB = (i >> 1) % 2 === 1;
      const aShape = tA ? [k, m] : [m, k];
      const bShape = tB ? [n, k] : [k, n];
      const inputs = [
        { shape: aShape, values: randomValues(m * k, 500 + i) },
        { shape: bShape, values: randomValues(k * n, 600 + i) },
        { shape: [n], values: randomValues(n, 700 + i) },
      ];
      await compare({ inputs: inputs.slice(0, 2), f: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, tA, tB) }, `matMul ${m}x${k}x${n} tA=${tA} tB=${tB}`);
      await compare(
        { inputs, f: (a, b, bias) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: tA, transposeB: tB, bias, activation: 'relu' }) },
        `fused matMul ${m}x${k}x${n} tA=${tA} tB=${tB}`,
      );
    }
    // batched (rank 3) products go through the same kernel
    await compare(
      {
        inputs: [
          { shape: [3, 5, 4], values: randomValues(60, 801) },
          { shape: [3, 6, 4], values: randomValues(72, 802) },
        ],
        f: (a, b) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, false, true),
      },
      'batched matMul',
    );
  });

  it('sum over leading axes (bias gradients), keepDims, and the delegated cases', async () => {
    for (const shape of [[4, 5, 6, 3], [3, 4, 2, 8]]) {
    const x = { shape, values: randomValues(shape.reduce((a, b) => a * b, 1), 900) };
    for (const axis of [[0, 1, 2], [0], [0, 1], [1, 2], [3], [0, 3]]) {
      for (const keepDims of [false, true]) {
        await compare({ inputs: [x], f: (t) => tf.mul(tf.sum(t, axis, keepDims), 1.5) }, `sum [${shape}] axis ${axis} keepDims ${keepDims}`);
      }
    }
    }
  });

  it('trains cnn-image-like graphs: conv + relu + pool + dense gradients all agree', async () => {
    await compare(
      {
        inputs: [
          { shape: [3, 9, 9, 2], values: randomValues(486, 1001) },
          { shape: [3, 3, 2, 4], values: randomValues(72, 1002) },
          { shape: [4], values: randomValues(4, 1003) },
          { shape: [64, 5], values: randomValues(320, 1004) },
        ],
        f: (x, f, b, w) => {
          const h = tf.maxPool(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' }), 2, 2, 'valid');
          return tf.matMul(tf.reshape(h, [3, -1]) as tf.Tensor2D, w as tf.Tensor2D);
        },
      },
      'small cnn',
    );
  });
});
