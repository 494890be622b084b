// Its own file (own process): nothing has called selectBackend here.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildPresetSpec } from './presets';
import { train } from './train';

describe('train without selectBackend', () => {
  it('selects a backend automatically (wasm here) with Meridian kernels registered', async () => {
    const spec = buildPresetSpec('cnn-image', { inputShape: [8, 8, 1], numClasses: 2 });
    const x = Float32Array.from({ length: 8 * 64 }, (_, i) => (i % 5) / 5);
    const result = await train({ spec, train: { x, shape: [8, 8, 8, 1], y: Int32Array.from({ length: 8 }, (_, i) => i % 2) }, seed: 1, epochs: 1 });
    expect(result.backend).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    result.model.dispose();
  });
});
