// meridian train and predict on the real datasets, end to end through the real command.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancer, digits, goodSpec, meridian, tmp, type Run } from './meridian';

describe('meridian train + predict on digits (mlp-classifier)', () => {
  let run: Run;
  let result: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const modelDir = join(tmp, 'digits-model');

  beforeAll(async () => {
    run = await meridian('train', '--data', digits, '--label', 'label', '--preset', 'mlp-classifier', '--json', '--out', modelDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    result = JSON.parse(run.stdout);
  });

  it('prints one JSON object with backend, split sizes, test metrics and training time', () => {
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.backend.name).toMatch(/^(tensorflow-gpu|tensorflow|wasm|cpu)$/);
    expect(result.backend.reason.length).toBeGreaterThan(10);
    expect(result.split).toMatchObject({ train: 1437, validation: 180, test: 180, stratified: true, seed: 42 });
    expect(result.trainingTimeMs).toBeGreaterThan(0);
    expect(result.test.n).toBe(180);
    expect(result.test.macroF1).toBeGreaterThan(0.9);
    expect(result.test.confusionMatrix).toHaveLength(10);
    expect(result.test.perClass.map((c: { class: string }) => c.class)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('reaches at least 0.97 test accuracy', () => {
    expect(result.test.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('saves a model folder that predict uses with the saved preprocessing', async () => {
    const out = join(tmp, 'pred.csv');
    const p = await meridian('predict', '--model', modelDir, '--data', digits, '--out', out);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain('wrote 1797 predictions');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1798);
    expect(lines[0]).toBe('row,prediction,probability,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9');
    const truth = readFileSync(digits, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').at(-1));
    const predicted = lines.slice(1).map((l) => l.split(',')[1]);
    const acc = predicted.filter((v, i) => v === truth[i]).length / truth.length;
    expect(acc).toBeGreaterThanOrEqual(0.97);
    const accLine = /accuracy on the 1797 labelled rows \("label" present\): ([\d.]+)/.exec(p.stderr);
    expect(Number(accLine![1])).toBeCloseTo(acc, 4);

    // Without the label column, to stdout: same predictions.
    const unlabeled = join(tmp, 'digits-unlabeled.csv');
    writeFileSync(unlabeled, readFileSync(digits, 'utf8').trim().split(/\r?\n/).map((l) => l.split(',').slice(0, -1).join(',')).join('\n') + '\n');
    const q = await meridian('predict', '--model', modelDir, '--data', unlabeled);
    expect(q.code).toBe(0);
    expect(q.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[1])).toEqual(predicted);
    expect(q.stderr).toBe('');
  });
});

describe('meridian train on digits as 8x8x1 images (cnn-image, wasm)', () => {
  it('reshapes the 64 pixels, pads the small image, and reaches at least 0.95', async () => {
    const run = await meridian('train', '--data', digits, '--label', 'label', '--preset', 'cnn-image', '--backend', 'wasm', '--json');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.backend.name).toBe('wasm');
    expect(r.preprocessing.featureShape).toEqual([8, 8, 1]);
    expect(r.model.notes.join(' ')).toMatch(/padding "same"/);
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('meridian train --spec', () => {
  it('trains a model described in a JSON spec file', async () => {
    const run = await meridian('train', '--data', digits, '--label', 'label', '--spec', goodSpec, '--json');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.model).toMatchObject({ preset: null, params: 64 * 32 + 32 + 32 * 10 + 10 });
    expect(r.training.epochs).toBe(3);
    expect(r.test.accuracy).toBeGreaterThan(0.8);
  });
});

describe('meridian train on breast cancer (tabular-binary, standardised)', () => {
  it('reaches at least 0.95 test accuracy and reports ROC AUC', async () => {
    const run = await meridian('train', '--data', cancer, '--label', 'target', '--preset', 'tabular-binary', '--json');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.preprocessing).toMatchObject({ numeric: 'standardize', features: 30 });
    expect(r.split).toMatchObject({ train: 455, validation: 57, test: 57 });
    expect(r.test.task).toBe('binary');
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.test.rocAuc).toBeGreaterThan(0.95);
  });

  it('prints a readable report and epoch lines (no progress bar) when not on a terminal', async () => {
    const run = await meridian('train', '--data', cancer, '--label', 'target', '--epochs', '2');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('label "target" has 2 classes: tabular-binary');
    expect(run.stderr).toMatch(/epoch 2\/2 loss [\d.]+/);
    expect(run.stderr).not.toContain('\u001b[');
    expect(run.stdout).toContain('test split (57 rows never used for training or validation)');
    expect(run.stdout).toMatch(/accuracy\s+0\.\d{4}/);
  });
});

describe('meridian train + predict for regression', () => {
  it('standardises the target for training and reports errors and predictions in its units', async () => {
    const dir = join(tmp, 'radius-model');
    const leaks = 'mean_perimeter,mean_area,worst_radius,worst_perimeter,worst_area';
    const run = await meridian('train', '--data', cancer, '--label', 'mean_radius', '--exclude', leaks, '--epochs', '20', '--json', '--out', dir);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.model.preset).toBe('regression');
    expect(r.split.stratified).toBe(false);
    expect(r.test.r2).toBeGreaterThan(0.75);
    expect(r.test.mae).toBeLessThan(1.5); // radius spans 7 to 28
    const p = await meridian('predict', '--model', dir, '--data', cancer);
    expect(p.code).toBe(0);
    const rows = p.stdout.trim().split('\n');
    expect(rows[0]).toBe('row,prediction');
    const first = Number(rows[1].split(',')[1]);
    expect(Math.abs(first - 17.99)).toBeLessThan(3);
  });
});

