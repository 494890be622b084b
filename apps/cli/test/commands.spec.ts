// meridian profile and drift, and how every command answers bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZDatasetProfile } from '@meridian/domain';
import { badSpec, cancer, digits, meridian, tmp, wrongOutputs } from './meridian';

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
    ['no command', [], 2, /a command is needed: train, predict, profile, drift or audit/],
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
