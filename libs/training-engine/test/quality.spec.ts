// The quality bar on the real datasets shipped in datasets/, on the wasm backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPresetSpec, evaluate, selectBackend, train } from '../src';
import { readNumericCsv, standardiser, stratifiedSplit, toDataset } from './datasets';

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});

describe('quality bar (wasm backend)', () => {
  const digits = readNumericCsv('digits-8x8.csv');
  const digitLabels = digits.rows.map((r) => r[64]);
  const split = stratifiedSplit(digitLabels, 0.2, 42);

  it('mlp-classifier reaches >= 0.97 test accuracy on digits-8x8 (seeded stratified 80/20)', async () => {
    // rows: 1437 training rows get 23 epochs (~1000 batches) instead of the playbook's 10
    const spec = buildPresetSpec('mlp-classifier', { inputShape: [64], numClasses: 10, rows: split.train.length });
    expect(spec.epochs).toBe(23);
    const scale = (v: number) => v / 16;
    const { model } = await train({ spec, train: toDataset(digits.rows, split.train, [64], scale), seed: 7 });
    const report = evaluate(model, toDataset(digits.rows, split.test, [64], scale));
    model.dispose();
    expect(report.task).toBe('multiclass');
    if (report.task !== 'multiclass') return;
    expect(report.n).toBe(split.test.length);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.macro.f1).toBeGreaterThanOrEqual(0.96);
  }, 60_000);

  it('cnn-image learns digits as 8x8x1 images to >= 0.95 (same padding, recorded in the spec notes)', async () => {
    const spec = buildPresetSpec('cnn-image', { inputShape: [8, 8, 1], numClasses: 10 });
    expect(spec.notes.join(' ')).toMatch(/padding "same"/);
    const scale = (v: number) => v / 16;
    const result = await train({ spec, train: toDataset(digits.rows, split.train, [8, 8, 1], scale), seed: 7, epochs: 8 });
    expect(result.backend).toBe('wasm');
    const report = evaluate(result.model, toDataset(digits.rows, split.test, [8, 8, 1], scale));
    result.model.dispose();
    if (report.task !== 'multiclass') throw new Error('expected multiclass');
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
  }, 90_000);

  it('tabular-binary with standardised inputs reaches >= 0.95 on breast-cancer-wisconsin', async () => {
    const bc = readNumericCsv('breast-cancer-wisconsin.csv');
    const labels = bc.rows.map((r) => r[30]);
    const s = stratifiedSplit(labels, 0.2, 42);
    const std = standardiser(bc.rows, s.train, 30);
    const spec = buildPresetSpec('tabular-binary', { inputShape: [30], rows: s.train.length });
    const { model } = await train({ spec, train: toDataset(bc.rows, s.train, [30], std), seed: 7 });
    const report = evaluate(model, toDataset(bc.rows, s.test, [30], std));
    model.dispose();
    if (report.task !== 'binary') throw new Error('expected binary');
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.rocAuc!).toBeGreaterThan(0.97);
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(s.test.length);
  }, 60_000);
});
