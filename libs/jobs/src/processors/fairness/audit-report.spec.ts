// The PDF's HTML: lineage by name (not raw ids), the notes that explain every undefined value, and
// both group-threshold mitigations with where they were measured.
import { describe, expect, it } from 'vitest';
import type { FairnessAuditView } from '@meridian/domain';
import { fairnessReport, generateHiringDataset } from '@meridian/fairness';
import { auditReportHtml } from './audit-report';

function view(over: Partial<FairnessAuditView> = {}): FairnessAuditView {
  const c = generateHiringDataset({ rows: 600, bias: 1.5, seed: 3 }).columns;
  // Five applicants of an ethnicity 'Z' nobody hired: their true positive rate is 0/0, undefined, and explained in notes.
  const add = <T,>(xs: ArrayLike<T>, v: T) => [...Array.from(xs), ...Array<T>(5).fill(v)];
  const cols = { gender: add(c.gender, 'female'), ethnicity: add(c.ethnicity, 'Z'), hired: add(c.hired, 0), predicted: add(c.predicted, 0), score: add(c.score, 0.1) };
  const report = fairnessReport(cols, { audit: { label: 'hired', prediction: 'predicted', score: 'score', sensitive: ['gender', 'ethnicity'] } });
  return {
    id: 'aud_1',
    projectId: 'prj_1',
    projectName: 'Hiring Assistant',
    modelVersionId: 'mv_9f2c',
    datasetVersionId: 'dv_77ab',
    status: 'SUCCEEDED',
    verdict: report.verdict,
    source: { kind: 'MODEL_VERSION', fileName: 'applicants.csv', bytes: 1000, sha256: 'a'.repeat(64), rows: 600 },
    sensitive: ['gender', 'ethnicity'],
    riskId: null,
    review: null,
    exception: null,
    error: null,
    createdById: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    completedAt: '2026-12-01T10:01:00.000Z',
    jobId: null,
    options: {},
    lineage: {
      modelVersion: { id: 'mv_9f2c', version: 3, url: '/orgs/o/models/mv_9f2c' },
      run: { id: 'run_5e1d', name: 'mlp-hiring-nightly', url: '/orgs/o/runs/run_5e1d' },
      datasetVersion: { id: 'dv_77ab', datasetId: 'ds_1', datasetName: 'Applicants 2026', version: 4, fileName: 'applicants.csv', contentHash: 'b'.repeat(64), url: '/orgs/o/datasets/ds_1/versions/dv_77ab' },
    },
    gateEligible: true,
    gateNotes: [],
    schemaVersion: 1,
    reasons: report.reasons,
    policy: report.policy,
    result: report.result,
    mitigation: report.mitigation,
    ...over,
  };
}

describe('auditReportHtml', () => {
  it('prints the lineage by name, never the raw ids', () => {
    const html = auditReportHtml(view());
    expect(html).toContain('Applicants 2026 v4');
    expect(html).toContain('sha256 bbbbbbbbbbbbbbbb');
    expect(html).toContain('mlp-hiring-nightly');
    expect(html).toContain('v3');
    for (const id of ['mv_9f2c', 'dv_77ab', 'run_5e1d']) expect(html).not.toContain(id);
  });

  it('explains every undefined value like the page does, not just a count', () => {
    const v = view();
    const notes = v.result!.notes;
    expect(notes.length).toBeGreaterThan(0);
    const html = auditReportHtml(v);
    expect(html).toContain('Notes on undefined values');
    expect(html).toContain(notes[0].path);
    expect(html).not.toMatch(/Undefined values: \d+/);
  });

  it('reports both threshold constraints and says the numbers are out of sample', () => {
    const html = auditReportHtml(view());
    expect(html).toContain('Group thresholds (demographic parity');
    expect(html).toContain('Group thresholds (equalized odds');
    expect(html).toMatch(/fitted on one half of the audit rows .* measured on the other half/);
  });

  it('says an upload does not count for the promotion gate', () => {
    const html = auditReportHtml(view({ source: { kind: 'PREDICTIONS_UPLOAD', fileName: 'p.csv', bytes: 1, sha256: 'c'.repeat(64), rows: 600 }, lineage: { modelVersion: null, run: null, datasetVersion: null }, modelVersionId: null, gateEligible: false, gateNotes: ['uploaded predictions are not evidence for the promotion gate'] }));
    expect(html).toContain('uploaded predictions are not evidence');
    expect(html).toContain('p.csv (uploaded');
  });
});
