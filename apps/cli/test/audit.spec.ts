// meridian audit on CSVs made by the fairness library's synthetic hiring generator (a known,
// planted bias), spawned as the real command.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsToCsv, generateHiringDataset } from '@meridian/fairness';
import { FAIRNESS_REASON_CODES, type FairnessReportJson } from '@meridian/domain';
import { meridian, tmp } from './meridian';

const write = (name: string, csv: string) => {
  const file = join(tmp, name);
  writeFileSync(file, csv);
  return file;
};
const biased = write('hiring-biased.csv', columnsToCsv(generateHiringDataset({ rows: 10_000, bias: 1.5, seed: 11 }).columns));
const fair = write('hiring-fair.csv', columnsToCsv(generateHiringDataset({ rows: 10_000, bias: 0, seed: 11 }).columns));
const base = ['--label', 'hired', '--prediction', 'predicted', '--sensitive', 'gender,ethnicity'];

describe.concurrent('meridian audit', () => {
  it('fails a model with a planted bias against women, naming the four-fifths rule breach', async () => {
    const run = await meridian('audit', '--predictions', biased, ...base, '--score', 'score', '--privileged', 'gender=male', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as FairnessReportJson & { command: string; source: { rows: number; sha256: string } };
    expect(out.command).toBe('audit');
    expect(out.source.rows).toBe(10_000);
    expect(out.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.verdict).toBe('FAIL');
    const selection = out.reasons.find((r) => r.code === 'PARITY_FAILED' && r.attribute === 'gender' && r.metric === 'pprev');
    expect(selection).toMatchObject({ group: 'female', severity: 'FAIL', limit: 0.8 });
    expect(selection!.value).toBeLessThan(0.6);
    expect(out.reasons.every((r) => (FAIRNESS_REASON_CODES as readonly string[]).includes(r.code))).toBe(true);
    expect(out.result.aif360!.disparateImpact).toBeLessThan(0.6);
    expect(out.result.input).toMatchObject({ rows: 10_000, sensitive: ['gender', 'ethnicity'] });
    // the mitigation narrows the gap measurably, measured on the half of the rows the thresholds were not fitted on
    const t = out.mitigation!.thresholds!;
    expect(out.mitigation!.evaluation).toMatchObject({ method: 'holdout' });
    expect(t.before.demographicParityDifference!).toBeGreaterThan(0.15);
    expect(Math.abs(t.after.demographicParityDifference!)).toBeLessThan(t.before.demographicParityDifference! / 2);
    expect(out.mitigation!.thresholdsByConstraint!.map((x) => x.constraint)).toEqual(['demographic_parity', 'equalized_odds']);
  });

  it('passes the same model without the bias, and --fail-on turns a FAIL into exit 3', async () => {
    const [ok, gated] = await Promise.all([
      meridian('audit', '--predictions', fair, ...base, '--json', '--no-mitigation'),
      meridian('audit', '--predictions', biased, ...base, '--fail-on', 'fail', '--no-mitigation'),
    ]);
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as FairnessReportJson;
    expect(out.verdict).toBe('PASS');
    expect(out.reasons).toEqual([]);
    expect(out.mitigation).toBeNull();
    expect(gated.code).toBe(3);
    expect(gated.stdout).toMatch(/verdict: FAIL/);
    expect(gated.stdout).toMatch(/x gender='female': pprev disparity 0\.\d+ against 'male' is outside \[0\.800, 1\.250\]/);
  });

  it('keeps undefined values as null and explains each one in notes', async () => {
    // nobody in group C is a positive: TPR of C is undefined for AIF360/Aequitas
    const csv = 'y,p,g\n1,1,A\n0,0,A\n1,0,A\n0,1,B\n1,1,B\n0,0,C\n0,1,C\n';
    const run = await meridian('audit', '--predictions', write('tiny.csv', csv), '--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as FairnessReportJson;
    const c = out.result.aequitas.attributes[0].groups.find((g) => g.group === 'C')!;
    expect(c.metrics.tpr).toBeNull();
    expect(out.result.notes.some((n) => n.path.startsWith('aequitas.attributes.0.groups.2'))).toBe(true);
    expect(out.verdict).not.toBe('PASS');
    expect(out.reasons.some((r) => r.code === 'SMALL_GROUP')).toBe(true);
  });
});

describe.concurrent('meridian audit: bad input', () => {
  const weighted = write('weighted.csv', 'y,p,g,w\n1,1,A,1\n0,0,A,2\n1,0,B,-1\n0,1,B,1\n');
  const cases: Array<[string, string[], number, RegExp]> = [
    ['unknown column', ['--predictions', biased, '--label', 'hired', '--prediction', 'predicted', '--sensitive', 'sex'], 1, /unknown sensitive column 'sex'.*columns: gender, ethnicity/],
    ['label not binary', ['--predictions', biased, '--label', 'test_score', '--prediction', 'predicted', '--sensitive', 'gender'], 1, /label column 'test_score' is not binary/],
    ['privileged group with no members', [...['--predictions', biased], ...base, '--privileged', 'gender=nonbinary'], 1, /privileged group gender=nonbinary has no members/],
    ['reference group with no members', [...['--predictions', biased], ...base, '--reference', 'robot|A'], 1, /reference group 'robot' of 'gender' has no members \(groups: female, male\)/],
    ['negative weight', ['--predictions', weighted, '--label', 'y', '--prediction', 'p', '--sensitive', 'g', '--weight', 'w'], 1, /weight.*negative|negative.*weight/i],
    ['bad privileged flag', [...['--predictions', biased], ...base, '--privileged', 'gender'], 2, /--privileged takes COLUMN=VALUE/],
    ['bad tau', [...['--predictions', biased], ...base, '--tau', '1.5'], 2, /--tau must be a number in \(0, 1\]/],
    ['no prediction or score', ['--predictions', biased, '--label', 'hired', '--sensitive', 'gender'], 2, /give --prediction COLUMN .* or --score COLUMN/],
    ['missing --sensitive', ['--predictions', biased, '--label', 'hired', '--prediction', 'predicted'], 2, /required option '--sensitive <columns>' not specified/],
  ];
  for (const [name, args, code, message] of cases) {
    it(`${name}: exit ${code} with a clear message on stderr`, async () => {
      const run = await meridian('audit', ...args);
      expect(run.stderr).toMatch(message);
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
    });
  }
});
