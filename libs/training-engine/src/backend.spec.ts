import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, selectBackend } from './backend';

const notInstalled = (name: string) => Promise.reject(Object.assign(new Error(`Cannot find package '${name}' imported from x`), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('selectBackend', () => {
  it('auto: falls back past the absent native packages to wasm and says why (the real import here)', async () => {
    const report = await selectBackend({ gpuVisible: () => true });
    expect(report.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ]);
    expect(report.tried[0].reason).toMatch(/@tensorflow\/tfjs-node-gpu is not installed \(optional/);
    expect(report.tried[1].reason).toMatch(/@tensorflow\/tfjs-node is not installed/);
    expect(report.reason).toMatch(/^wasm: first available/);
    expect(report.simd).toBe(true);
    expect(report.threads).toBe(1);
  });

  it('skips tensorflow-gpu without a visible GPU', async () => {
    const report = await selectBackend({ gpuVisible: () => false, loadModule: notInstalled });
    expect(report.tried[0]).toEqual({ name: 'tensorflow-gpu', ok: false, reason: expect.stringMatching(/no CUDA GPU visible/) });
  });

  it('tells an installed-but-broken native package apart from an absent one', async () => {
    const report = await selectBackend({
      gpuVisible: () => false,
      loadModule: () => Promise.reject(new Error('libtensorflow.so.2: cannot open shared object file')),
    });
    expect(report.tried[1].reason).toBe('@tensorflow/tfjs-node is installed but failed to load: libtensorflow.so.2: cannot open shared object file');
    expect(report.name).toBe('wasm');
  });

  it('notices a native package that loads but registers no backend', async () => {
    const report = await selectBackend({ gpuVisible: () => false, loadModule: () => Promise.resolve({}) });
    expect(report.tried[1].reason).toMatch(/registered no 'tensorflow' backend/);
  });

  it('an explicit choice that is unavailable throws instead of silently running elsewhere', async () => {
    const err = await selectBackend({ prefer: 'tensorflow', loadModule: notInstalled }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(/backend tensorflow is not available: tensorflow: @tensorflow\/tfjs-node is not installed.*--backend auto/);
    expect((err as BackendUnavailableError).tried).toHaveLength(1);
    await expect(selectBackend({ prefer: 'tpu' as never })).rejects.toThrow(/unknown backend "tpu"/);
  });

  it('an explicit cpu or wasm choice is honoured and reported', async () => {
    expect(await selectBackend({ prefer: 'cpu' })).toMatchObject({ name: 'cpu', tfBackend: 'cpu', reason: 'cpu: requested explicitly', simd: null, threads: null });
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend({ prefer: 'wasm' })).toMatchObject({ name: 'wasm', tfBackend: 'wasm' });
  });
});
