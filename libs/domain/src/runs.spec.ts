import { describe, expect, it } from 'vitest';
import { canTransitionRun, computeCostMinor, estimateRun, SAMPLES_PER_SECOND, isTerminalRunStatus, lttb, runStatusesAllowing, ZCreateRunSchema } from './runs';

describe('run state machine', () => {
  it('allows the normal path and retries', () => {
    expect(canTransitionRun('QUEUED', 'RUNNING')).toBe(true);
    expect(canTransitionRun('RUNNING', 'SUCCEEDED')).toBe(true);
    expect(canTransitionRun('RUNNING', 'QUEUED')).toBe(true);
    expect(canTransitionRun('QUEUED', 'CANCELLED')).toBe(true);
    expect(canTransitionRun('RUNNING', 'CANCELLED')).toBe(true);
  });
  it('never leaves a terminal state', () => {
    for (const from of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      expect(isTerminalRunStatus(from)).toBe(true);
      for (const to of ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const) expect(canTransitionRun(from, to)).toBe(false);
    }
    expect(canTransitionRun('QUEUED', 'SUCCEEDED')).toBe(false);
  });
  it('lists the statuses a conditional update may start from', () => {
    expect(runStatusesAllowing('SUCCEEDED')).toEqual(['RUNNING']);
    expect(runStatusesAllowing('CANCELLED').sort()).toEqual(['QUEUED', 'RUNNING']);
  });
});

describe('cost', () => {
  it('is hours x rate, rounded up to a minor unit', () => {
    expect(computeCostMinor(3_600_000, 40)).toBe(40);
    expect(computeCostMinor(1, 40)).toBe(1);
    expect(computeCostMinor(0, 40)).toBe(0);
    expect(computeCostMinor(1_800_000, 250)).toBe(125);
  });
  it('estimates from rows x epochs at the measured throughput', () => {
    const e = estimateRun({ rows: 10_000, epochs: 10, backend: 'cpu', rates: { cpu: 3600 }, currency: 'EUR' });
    expect(e.seconds).toBeCloseTo((8_000 * 10) / SAMPLES_PER_SECOND.cpu);
    expect(e.costMinor).toBe(Math.ceil((8_000 * 10) / SAMPLES_PER_SECOND.cpu));
    expect(e.currency).toBe('EUR');
  });
});

describe('lttb', () => {
  const series = Array.from({ length: 1000 }, (_, i) => ({ step: i, value: Math.sin(i / 50) + (i === 500 ? 10 : 0) }));
  it('keeps first, last, the count asked for, order, and a spike', () => {
    const out = lttb(series, 100);
    expect(out).toHaveLength(100);
    expect(out[0]).toBe(series[0]);
    expect(out[99]).toBe(series[999]);
    for (let i = 1; i < out.length; i++) expect(out[i].step).toBeGreaterThan(out[i - 1].step);
    expect(out.some((p) => p.step === 500)).toBe(true);
  });
  it('returns short series unchanged', () => {
    expect(lttb(series.slice(0, 10), 100)).toEqual(series.slice(0, 10));
    expect(lttb([], 10)).toEqual([]);
  });
});

describe('ZCreateRunSchema', () => {
  it('needs exactly one of preset or spec', () => {
    const base = { projectId: 'p', datasetVersionId: 'd', labelColumn: 'label' };
    expect(ZCreateRunSchema.safeParse({ ...base, preset: 'mlp-classifier' }).success).toBe(true);
    expect(ZCreateRunSchema.safeParse(base).success).toBe(false);
    expect(ZCreateRunSchema.safeParse({ ...base, preset: 'mlp-classifier', spec: {} }).success).toBe(false);
  });
});
