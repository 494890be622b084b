import { describe, expect, it } from 'vitest';
import { timeToHireDays, workloadOf } from '../team/team.service';
import { metricFromTestMetrics } from './milestone-metric';

describe('metricFromTestMetrics', () => {
  it('reads a finite number under the metric key and nothing else', () => {
    expect(metricFromTestMetrics({ accuracy: 0.91, loss: 0.2 }, 'accuracy')).toBe(0.91);
    expect(metricFromTestMetrics({ accuracy: '0.91' }, 'accuracy')).toBeNull();
    expect(metricFromTestMetrics({ accuracy: Number.NaN }, 'accuracy')).toBeNull();
    expect(metricFromTestMetrics([0.9], '0')).toBeNull();
    expect(metricFromTestMetrics(null, 'accuracy')).toBeNull();
    expect(metricFromTestMetrics({ f1: 0.8 }, 'accuracy')).toBeNull();
  });
});

describe('team arithmetic', () => {
  it('flags a total strictly above 100 %', () => {
    expect(workloadOf([{ percent: 60 }, { percent: 40 }])).toEqual({ total: 100, over: false });
    expect(workloadOf([{ percent: 60 }, { percent: 41 }])).toEqual({ total: 101, over: true });
    expect(workloadOf([])).toEqual({ total: 0, over: false });
  });
  it('counts whole calendar days from opening to hire', () => {
    expect(timeToHireDays(new Date('2026-09-01T00:00:00Z'), new Date('2026-09-29T00:00:00Z'))).toBe(28);
    expect(timeToHireDays(new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'))).toBe(2);
  });
});
