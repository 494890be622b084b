// compare-thread on real data with real models from the training thread: the test rows it picks are
// the training run's own (the challenger's value equals the report its run stored), a second model
// with another scaling is scored on the very same rows through its own preprocessing, regression
// errors come back in label units too, and a model that cannot read the rows is a result, not a crash.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInWorkerThread } from '../../worker-thread';
import { packFiles } from '../training/pack';
import runTraining, { type TrainThreadInput, type TrainThreadResult } from '../training/train-thread';
import runComparison, { type CompareThreadInput, type CompareThreadResult } from './compare-thread';

const CANCER = join(__dirname, '../../../../../datasets/breast-cancer-wisconsin.csv');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function trained(over: Partial<TrainThreadInput>): Promise<TrainThreadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'compare-thread-'));
  dirs.push(dir);
  const input: TrainThreadInput = {
    datasetPath: CANCER,
    labelColumn: 'target',
    preset: 'tabular-binary',
    spec: null,
    epochs: 2,
    seed: 11,
    split: { fractions: [0.7, 0.15, 0.15], stratify: true },
    transform: { numeric: 'standardize', exclude: [] },
    backend: 'auto',
    checkpointDir: dir,
    resume: false,
    batchMetricEvery: 1000,
    ...over,
  };
  return runTraining(input, { post: () => undefined });
}

const model = async (id: string, r: TrainThreadResult) => ({ modelVersionId: id, pack: await packFiles(r.files), preprocessing: JSON.parse(JSON.stringify(r.preprocessing)) as unknown });

describe('compare-thread', () => {
  it('scores two classifiers on the challenger run\'s own test rows, each through its own preprocessing', async () => {
    const challenger = await trained({ seed: 11 });
    const champion = await trained({ seed: 5, transform: { numeric: 'minmax', exclude: [] }, split: { fractions: [0.8, 0.1, 0.1], stratify: false } });
    const input: CompareThreadInput = { datasetPath: CANCER, labelColumn: 'target', seed: 11, fractions: [0.7, 0.15, 0.15], stratify: true, models: [await model('a', challenger), await model('b', champion)] };
    const out = await runInWorkerThread<CompareThreadInput, CompareThreadResult>(join(__dirname, 'compare-thread.ts'), input);
    expect(out.rows).toBe(challenger.report.n);
    expect(out.rowsSha256).toMatch(/^[0-9a-f]{64}$/);
    const [a, b] = out.results;
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    // The challenger on its own test rows: exactly the report its training stored.
    expect(a.report).toEqual(JSON.parse(JSON.stringify(challenger.report)));
    expect(b.report.n).toBe(out.rows);
    expect(b.report.task).toBe('binary');

    // Another seed or fractions means other rows (and the same inputs the same rows again).
    const other = await runComparison({ ...input, seed: 12 });
    expect(other.rowsSha256).not.toBe(out.rowsSha256);
    expect((await runComparison(input)).rowsSha256).toBe(out.rowsSha256);
  });

  it('adds label-unit errors for regression, which a standardised report cannot compare across models', async () => {
    const r = await trained({ preset: 'regression', labelColumn: 'mean_radius', transform: { numeric: 'standardize', exclude: ['target'] }, split: { fractions: [0.8, 0.1, 0.1], stratify: false } });
    const out = await runComparison({ datasetPath: CANCER, labelColumn: 'mean_radius', seed: 11, fractions: [0.8, 0.1, 0.1], stratify: false, models: [await model('r', r)] });
    const res = out.results[0];
    expect(res.ok).toBe(true);
    if (!res.ok || res.report.task !== 'regression') throw new Error('expected a regression report');
    expect(res.report.rmse).toBeCloseTo((r.report as { rmse: number }).rmse, 10);
    const std = r.preprocessing.target?.task === 'regression' ? r.preprocessing.target.std : NaN;
    expect(res.report.labelUnits!.rmse).toBeCloseTo(res.report.rmse * std, 4);
    expect(res.report.labelUnits!.mae).toBeCloseTo(res.report.mae * std, 4);
    expect(res.report.labelUnits!.r2).toBeCloseTo(res.report.r2, 4);
  });

  it('reports a model that cannot read the rows instead of failing the comparison', async () => {
    const ok = await trained({});
    const dir = await mkdtemp(join(tmpdir(), 'compare-thread-'));
    dirs.push(dir);
    const renamed = join(dir, 'renamed.csv');
    await writeFile(renamed, (await readFile(CANCER, 'utf8')).replace(/^mean_radius/, 'radius'));
    const odd = await trained({ datasetPath: renamed });
    const out = await runComparison({ datasetPath: CANCER, labelColumn: 'target', seed: 11, fractions: [0.7, 0.15, 0.15], stratify: true, models: [await model('ok', ok), await model('odd', odd)] });
    expect(out.results[0].ok).toBe(true);
    expect(out.results[1]).toMatchObject({ modelVersionId: 'odd', ok: false });
    expect(out.results[1].ok ? '' : out.results[1].error).toMatch(/no column named "radius"/);
  });
});
