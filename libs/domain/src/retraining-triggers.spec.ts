import { describe, expect, it } from 'vitest';
import { parseTriggerConfig, ZCreateRetrainTriggerSchema, ZMetricObservationsSchema } from './retraining-triggers';

describe('retraining trigger configs', () => {
  it('fills the defaults of each kind', () => {
    expect(parseTriggerConfig('DATASET_VERSION', {})).toEqual({ ok: true, config: { datasetId: null } });
    expect(parseTriggerConfig('METRIC_THRESHOLD', { metric: 'accuracy', direction: 'BELOW', threshold: 0.9 })).toEqual({
      ok: true,
      config: { metric: 'accuracy', direction: 'BELOW', threshold: 0.9, windowMinutes: 60, minObservations: 1 },
    });
    expect(parseTriggerConfig('DRIFT', { threshold: 0.25 })).toEqual({ ok: true, config: { statistic: 'PSI', threshold: 0.25, columns: [], datasetId: null } });
    expect(parseTriggerConfig('SATISFACTION', undefined)).toEqual({ ok: true, config: { signals: ['NPS_DROP', 'NEGATIVE_SHARE'], minSeverity: 'MEDIUM' } });
  });

  it('names the field under config. for what does not fit', () => {
    const bad = parseTriggerConfig('METRIC_THRESHOLD', { metric: 'acc uracy', direction: 'DOWN', threshold: Number.NaN });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => i.path).sort()).toEqual(['config.direction', 'config.metric', 'config.threshold']);
  });

  it('checks the drift threshold against its statistic and refuses repeated columns', () => {
    const ks = parseTriggerConfig('DRIFT', { statistic: 'KS', threshold: 1 });
    expect(ks.ok ? [] : ks.issues).toEqual([{ path: 'config.threshold', message: expect.stringContaining('between 0 and 1') }]);
    const psi = parseTriggerConfig('DRIFT', { threshold: 0 });
    expect(psi.ok ? [] : psi.issues.map((i) => i.path)).toEqual(['config.threshold']);
    const cols = parseTriggerConfig('DRIFT', { threshold: 0.2, columns: ['a', 'a'] });
    expect(cols.ok ? [] : cols.issues.map((i) => i.path)).toEqual(['config.columns']);
  });

  it('lists the keys a kind takes when it gets one it does not', () => {
    const extra = parseTriggerConfig('DATASET_VERSION', { metric: 'accuracy' });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.issues[0]).toMatchObject({ path: 'config', message: expect.stringContaining('takes: datasetId') });
  });

  it('validates the request envelope and the observation batch', () => {
    expect(ZCreateRetrainTriggerSchema.safeParse({ projectId: 'p', name: ' ', kind: 'DRIFT' }).success).toBe(false);
    expect(ZCreateRetrainTriggerSchema.parse({ projectId: 'p', name: 'x', kind: 'DRIFT' })).toMatchObject({ enabled: true, config: {} });
    expect(ZMetricObservationsSchema.safeParse({ observations: [] }).success).toBe(false);
    expect(ZMetricObservationsSchema.safeParse({ observations: [{ metric: 'accuracy', value: Infinity }] }).success).toBe(false);
    expect(ZMetricObservationsSchema.safeParse({ observations: [{ metric: 'accuracy', value: 0.9, observedAt: '2026-11-22T10:00:00Z' }] }).success).toBe(true);
  });
});
