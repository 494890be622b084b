import { describe, expect, it } from 'vitest';
import { timeToHireDays, workloadOf } from '../team/team.service';
import { bestSoFar, passesGoal } from './milestone-metric';

const at = (iso: string) => new Date(`${iso}T12:00:00.000Z`);

describe('passesGoal', () => {
  it('judges lower-is-better metrics as a maximum and the rest as a minimum', () => {
    expect(passesGoal(0.91, 'accuracy', 0.9)).toBe(true);
    expect(passesGoal(0.89, 'accuracy', 0.9)).toBe(false);
    // An RMSE of 5 does not meet a goal of 3; 2.5 does (the old >= rule said the opposite).
    expect(passesGoal(5, 'rmse', 3)).toBe(false);
    expect(passesGoal(2.5, 'RMSE', 3)).toBe(true);
    expect(passesGoal(0.31, 'log_loss', 0.3)).toBe(false);
    expect(passesGoal(0.29, 'logLoss', 0.3)).toBe(true);
    expect(passesGoal(1.2, 'mae', 1.2)).toBe(true);
    expect(passesGoal(null, 'accuracy', 0.9)).toBe(false);
    expect(passesGoal(Number.NaN, 'accuracy', 0.9)).toBe(false);
  });
});

describe('bestSoFar', () => {
  const src = (label: string, iso: string, testMetrics: unknown) => ({ projectId: 'p', label, at: at(iso), testMetrics });

  it('keeps the best value measured so far, one observation per day, following the direction', () => {
    const sources = [
      src('run "b"', '2026-03-02', { accuracy: 0.8 }),
      src('model v1', '2026-03-01', { accuracy: 0.7 }),
      src('model v2', '2026-03-02', { accuracy: 0.75 }),
      src('run "c"', '2026-03-05', { accuracy: 0.6 }),
      src('model v3', '2026-03-09', { accuracy: 0.85 }),
    ];
    expect(bestSoFar(sources, 'accuracy', 'AT_LEAST')).toEqual([
      { date: '2026-03-01', value: 0.7, source: 'model v1' },
      { date: '2026-03-02', value: 0.8, source: 'run "b"' },
      { date: '2026-03-05', value: 0.8, source: 'run "b"' },
      { date: '2026-03-09', value: 0.85, source: 'model v3' },
    ]);
    expect(bestSoFar(sources, 'accuracy', 'AT_MOST').map((o) => o.value)).toEqual([0.7, 0.7, 0.6, 0.6]);
  });

  it('reads metric aliases and macro averages the way the promotion gate does, and skips the rest', () => {
    const sources = [
      src('model v1', '2026-03-01', { rocAuc: 0.81 }),
      src('model v2', '2026-03-02', { macro: { f1: 0.7 } }),
      src('model v3', '2026-03-03', { auc: '0.99' }),
      src('model v4', '2026-03-04', null),
    ];
    expect(bestSoFar(sources, 'auc', 'AT_LEAST')).toEqual([{ date: '2026-03-01', value: 0.81, source: 'model v1' }]);
    expect(bestSoFar(sources, 'f1', 'AT_LEAST')).toEqual([{ date: '2026-03-02', value: 0.7, source: 'model v2' }]);
    expect(bestSoFar(sources, 'accuracy', 'AT_LEAST')).toEqual([]);
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
