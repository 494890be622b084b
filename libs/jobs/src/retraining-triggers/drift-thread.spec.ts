// The drift the DRIFT trigger scores, on the real breast-cancer file against shifted and resampled
// copies (the thread's function is called directly; the processor runs it in a worker thread).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import driftThread from './drift-thread';
import { driftRisk, metricDropRisk, type BaselineModel } from './engine';

const SRC = join(__dirname, '../../../../datasets/breast-cancer-wisconsin.csv');
let dir: string;
let reference: string;
let lines: string[];

async function variant(name: string, fn: (cells: string[], i: number) => string[] | null): Promise<string> {
  const [header, ...rows] = lines;
  const out = [header, ...rows.map((r, i) => fn(r.split(','), i)).filter((c): c is string[] => c !== null).map((c) => c.join(','))];
  const path = join(dir, name);
  await writeFile(path, out.join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drift-thread-'));
  reference = SRC;
  lines = (await readFile(SRC, 'utf8')).trim().split('\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('drift thread', () => {
  it('scores a shifted column above 0.25 PSI and names it', async () => {
    const area = lines[0].split(',').indexOf('mean_area');
    const current = await variant('shifted.csv', (c) => c.map((v, j) => (j === area ? String(Number(v) * 1.6) : v)));
    const r = await driftThread({ referencePath: reference, currentPath: current, columns: [], statistic: 'PSI' });
    expect(r.worstColumn).toBe('mean_area');
    expect(r.score!).toBeGreaterThan(0.25);
    expect(r.report.drifted).toContain('mean_area');
    expect(r.rows).toEqual({ reference: 569, current: 569 });
    // Only the shifted column moved: every other column is scored below the drift threshold.
    expect(r.report.columns.filter((c) => c.column !== 'mean_area').every((c) => (c.psi ?? 0) < 0.25)).toBe(true);
  });

  it('scores the same population (a few rows fewer) low, with KS too', async () => {
    const current = await variant('similar.csv', (c, i) => (i % 40 === 0 ? null : c));
    const psi = await driftThread({ referencePath: reference, currentPath: current, columns: [], statistic: 'PSI' });
    expect(psi.score!).toBeLessThan(0.05);
    const ks = await driftThread({ referencePath: reference, currentPath: current, columns: ['mean_radius', 'target'], statistic: 'KS' });
    expect(ks.scoredColumns).toEqual(['mean_radius', 'target']);
    expect(ks.score!).toBeLessThan(0.1);
  });

  it('reports requested columns missing from a version', async () => {
    const current = join(dir, 'fewer.csv');
    await writeFile(current, lines.map((l) => l.split(',').slice(1).join(',')).join('\n') + '\n');
    const r = await driftThread({ referencePath: reference, currentPath: current, columns: ['mean_radius', 'mean_texture'], statistic: 'PSI' });
    expect(r.missingColumns).toEqual(['mean_radius']);
  });
});

describe('risks from production models', () => {
  const t = { id: 'trg1', organizationId: 'org1', projectId: 'p1' };
  const cfg = { metric: 'accuracy', direction: 'BELOW' as const, threshold: 0.9, windowMinutes: 60, minObservations: 1 };
  const now = new Date('2026-11-22T12:00:00Z');

  it('measures a metric drop from the test metric when it is better, else from the threshold', () => {
    const fromTest = metricDropRisk(t, cfg, { id: 'mv1', version: 4, testMetrics: { accuracy: 0.95 } }, 0.75, 'chk1', now)!;
    expect(fromTest).toMatchObject({ category: 'TECHNICAL', source: 'METRIC_DROP', impact: 5, dedupeKey: 'technical:metric-drop:mv1:accuracy', evidence: { id: 'chk1', url: '/orgs/org1/retraining/triggers/trg1' } });
    expect(fromTest.title).toBe('accuracy dropped 21.1% on production model v4');
    const fromThreshold = metricDropRisk(t, cfg, { id: 'mv1', testMetrics: { accuracy: 0.8 } }, 0.85, 'chk1', now)!;
    expect(fromThreshold.title).toContain('5.6%');
    const latency = metricDropRisk(t, { ...cfg, metric: 'latency_ms', direction: 'ABOVE', threshold: 200 }, { id: 'mv1', testMetrics: null }, 300, 'chk1', now)!;
    expect(latency).toMatchObject({ impact: 5, dedupeKey: 'technical:metric-drop:mv1:latency_ms' });
  });

  it('raises drift only for the production model', () => {
    const b: BaselineModel = { modelVersionId: 'mv1', version: 1, alias: 'production', datasetVersionId: 'dv1', datasetId: 'd1', testMetrics: null };
    const drift = { statistic: 'PSI' as const, threshold: 0.25, columns: [], datasetId: null };
    expect(driftRisk(t, b, 0.8, drift, ['mean_area'], 'chk2', now)).toMatchObject({ source: 'MODEL_DRIFT', impact: 5, dedupeKey: 'technical:drift:mv1' });
    expect(driftRisk(t, { ...b, alias: 'champion' }, 0.8, drift, ['mean_area'], 'chk2', now)).toBeNull();
  });
});
