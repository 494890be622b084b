import { describe, expect, it } from 'vitest';
import { milestoneProgress, type MilestoneGoal } from './milestones';

// "test accuracy at least 0.90 by 2027-05-31", started 2027-01-01 (150 days window).
const goal: MilestoneGoal = { metric: 'test_accuracy', threshold: 0.9, direction: 'AT_LEAST', startDate: '2027-01-01', deadline: '2027-05-31', baseline: 0.5 };

describe('milestoneProgress', () => {
  it('is ON_TRACK when progress keeps up with time', () => {
    // 2027-03-17 is day 75 of 150: 50 % elapsed. (0.72 - 0.5) / (0.9 - 0.5) = 55 % done.
    const p = milestoneProgress(goal, [{ date: '2027-02-01', value: 0.6 }, { date: '2027-03-10', value: 0.72 }], { asOf: '2027-03-17' });
    expect(p).toMatchObject({ status: 'ON_TRACK', progressPct: 55, elapsedPct: 50, current: 0.72, baseline: 0.5, achievedAt: null });
  });

  it('is AT_RISK when progress trails time by more than the tolerance', () => {
    // 50 % elapsed, (0.65 - 0.5) / 0.4 = 37.5 % done: 12.5 points behind > 10.
    const p = milestoneProgress(goal, [{ date: '2027-03-10', value: 0.65 }], { asOf: '2027-03-17' });
    expect(p.status).toBe('AT_RISK');
    expect(p.progressPct).toBe(37.5);
    expect(milestoneProgress(goal, [{ date: '2027-03-10', value: 0.65 }], { asOf: '2027-03-17', tolerancePct: 15 }).status).toBe('ON_TRACK');
  });

  it('is ACHIEVED when the threshold is met by the deadline, even if the metric later drops', () => {
    const p = milestoneProgress(goal, [{ date: '2027-04-02', value: 0.91 }, { date: '2027-04-20', value: 0.88 }], { asOf: '2027-06-10' });
    expect(p).toMatchObject({ status: 'ACHIEVED', achievedAt: '2027-04-02', progressPct: 100 });
  });

  it('is MISSED after the deadline without a hit, even when met later', () => {
    const p = milestoneProgress(goal, [{ date: '2027-05-01', value: 0.8 }, { date: '2027-06-03', value: 0.93 }], { asOf: '2027-06-10' });
    expect(p.status).toBe('MISSED');
    expect(p.reason).toMatch(/deadline 2027-05-31 passed/);
  });

  it('ignores observations after asOf', () => {
    expect(milestoneProgress(goal, [{ date: '2027-04-02', value: 0.95 }], { asOf: '2027-03-01' }).status).not.toBe('ACHIEVED');
  });

  it('handles AT_MOST goals (latency at most 100 ms), baseline from the first observation', () => {
    const latency: MilestoneGoal = { metric: 'p95_latency_ms', threshold: 100, direction: 'AT_MOST', startDate: '2027-01-01', deadline: '2027-01-31' };
    // Baseline 300, now 200: (200 - 300) / (100 - 300) = 50 %; 2027-01-16 is 15/30 = 50 % elapsed.
    const p = milestoneProgress(latency, [{ date: '2027-01-01', value: 300 }, { date: '2027-01-15', value: 200 }], { asOf: '2027-01-16' });
    expect(p).toMatchObject({ status: 'ON_TRACK', progressPct: 50, baseline: 300 });
    expect(milestoneProgress(latency, [{ date: '2027-01-20', value: 95 }], { asOf: '2027-01-21' }).status).toBe('ACHIEVED');
    // No data at all: 0 % progress, judged against time.
    expect(milestoneProgress(latency, [], { asOf: '2027-01-02' })).toMatchObject({ progressPct: 0, status: 'ON_TRACK', current: null, baseline: null });
    expect(milestoneProgress(latency, [], { asOf: '2027-01-20' }).status).toBe('AT_RISK');
  });

  it('rejects bad dates', () => {
    expect(() => milestoneProgress({ ...goal, deadline: '2026-12-01' }, [], { asOf: '2027-01-01' })).toThrow(/before startDate/);
    expect(() => milestoneProgress(goal, [{ date: '2027-13-01', value: 1 }], { asOf: '2027-01-01' })).toThrow(/observations.0.date/);
  });
});
