// Runs the real `meridian` command (TypeScript sources through tsx) on the real datasets.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZDatasetProfile } from '@meridian/domain';

const root = resolve(__dirname, '../../..');
const main = resolve(__dirname, '../src/main.ts');
const digits = join(root, 'datasets/digits-8x8.csv');
const cancer = join(root, 'datasets/breast-cancer-wisconsin.csv');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function meridian(...args: string[]): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', main, ...args], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: resolve(__dirname, '../tsconfig.json'), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'meridian-cli-'));
const spec = (name: string, body: object) => {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
};
const goodSpec = spec('good.json', {
  task: 'multiclass',
  inputShape: [64],
  layers: [
    { type: 'dense', units: 32, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
  optimizer: { type: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  epochs: 3,
});
const badSpec = spec('bad.json', { task: 'multiclass', inputShape: [64], layers: [{ type: 'dense', units: 0 }], optimizer: { type: 'adam' }, loss: 'mse' });
const wrongOutputs = spec('three.json', { task: 'multiclass', inputShape: [64], layers: [{ type: 'dense', units: 3, activation: 'softmax' }], optimizer: { type: 'adam' }, loss: 'categoricalCrossentropy' });

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

describe('meridian profile', () => {
  it('prints the profile as JSON that matches the shared schema', async () => {
    const run = await meridian('profile', '--data', cancer, '--label', 'target', '--json');
    expect(run.code).toBe(0);
    const p = ZDatasetProfile.parse(JSON.parse(run.stdout));
    expect(p.rows).toBe(569);
    expect(p.classBalance!.classes[0]).toMatchObject({ value: '1', count: 357 });
  });

  it('prints a readable report with sensitive columns flagged', async () => {
    const file = join(tmp, 'people.csv');
    writeFileSync(file, 'name,email,age,score\nAnn,ann@example.com,31,0.5\nBob,bob@example.org,45,0.7\nCy,cy@example.net,28,0.1\n');
    const run = await meridian('profile', '--data', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 rows, 4 columns');
    expect(run.stdout).toContain('possibly sensitive or personal columns');
    expect(run.stdout).toMatch(/email: column name "email" suggests email/);
    expect(run.stdout).toMatch(/age: column name "age" suggests age/);
  });
});

describe('meridian drift', () => {
  it('finds no drift between halves of one file and drift when a column shifts', async () => {
    const lines = readFileSync(cancer, 'utf8').trim().split(/\r?\n/);
    const header = lines[0];
    const body = lines.slice(1);
    const even = join(tmp, 'even.csv');
    const odd = join(tmp, 'odd.csv');
    const shifted = join(tmp, 'shifted.csv');
    writeFileSync(even, [header, ...body.filter((_, i) => i % 2 === 0)].join('\n'));
    writeFileSync(odd, [header, ...body.filter((_, i) => i % 2 === 1)].join('\n'));
    writeFileSync(shifted, [header, ...body.filter((_, i) => i % 2 === 1).map((l) => l.split(',').map((v, j) => (j === 0 ? String(Number(v) * 1.5) : v)).join(','))].join('\n'));
    const same = await meridian('drift', '--reference', even, '--current', odd, '--json');
    expect(same.code).toBe(0);
    const a = JSON.parse(same.stdout);
    expect(a.drifted).toEqual([]);
    const moved = await meridian('drift', '--reference', even, '--current', shifted);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/: drift \(1 drifted: mean_radius\)/);
  });
});

describe.concurrent('bad input', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['no command', [], 2, /a command is needed: train, predict, profile or drift/],
    ['missing --label', ['train', '--data', digits], 2, /required option '--label <column>' not specified/],
    ['unknown preset', ['train', '--data', digits, '--label', 'label', '--preset', 'resnet'], 2, /--preset must be one of mlp-classifier, cnn-image, tabular-binary, regression, got "resnet"/],
    ['bad epochs', ['train', '--data', digits, '--label', 'label', '--epochs', 'ten'], 2, /--epochs must be a positive whole number, got "ten"/],
    ['missing file', ['train', '--data', join(tmp, 'nope.csv'), '--label', 'label'], 2, /--data .*nope\.csv: no such file/],
    ['unknown label', ['train', '--data', cancer, '--label', 'diagnosis'], 1, /no column named "diagnosis"; the columns are: mean_radius/],
    ['binary preset on 10 classes', ['train', '--data', digits, '--label', 'label', '--preset', 'tabular-binary'], 2, /tabular-binary needs a label with exactly 2 classes; "label" has 10/],
    ['unknown backend', ['train', '--data', digits, '--label', 'label', '--backend', 'tpu'], 2, /--backend must be auto or one of/],
    ['invalid spec', ['train', '--data', digits, '--label', 'label', '--spec', badSpec], 1, /invalid model spec:\n {2}- layers\.0\.units: .*\n {2}- layers\.0: a multiclass model ends with one unit per class/],
    ['spec outputs vs classes', ['train', '--data', digits, '--label', 'label', '--spec', wrongOutputs], 2, /the model ends with 3 outputs but "label" has 10 classes/],
    ['not a model folder', ['predict', '--model', tmpdir(), '--data', digits], 1, /cannot read .*model\.json/],
  ];
  for (const [name, args, code, message] of cases) {
    it(`${name}: exit ${code} with a clear message on stderr`, async () => {
      const run = await meridian(...args);
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    });
  }

  it('names the line of a malformed row, and skips it with --skip-bad-rows', async () => {
    const file = join(tmp, 'broken.csv');
    const lines = readFileSync(cancer, 'utf8').split(/\r?\n/);
    lines[5] = lines[5] + ',1,2';
    writeFileSync(file, lines.join('\n'));
    const bad = await meridian('profile', '--data', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/meridian: error: CSV: expected 31 fields but found 33 \(line 6, byte offset \d+\); fix the row or pass .*--skip-bad-rows/);
    const ok = await meridian('profile', '--data', file, '--skip-bad-rows', '--json');
    expect(ok.code).toBe(0);
    const p = JSON.parse(ok.stdout);
    expect(p.rows).toBe(568);
    expect(p.skippedRows).toBe(1);
    expect(p.badRows[0].line).toBe(6);
  });
});
