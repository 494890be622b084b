import { describe, expect, it } from 'vitest';
import { burnupSeries } from './burnup';

describe('burnupSeries', () => {
  const items = [
    { id: 'a', points: 3, createdAt: '2026-11-01', doneAt: '2026-11-03' },
    { id: 'b', points: 5, createdAt: '2026-11-01', doneAt: null },
    { id: 'c', points: 2, createdAt: '2026-11-04', doneAt: '2026-11-04' },
    { id: 'd', points: 8, createdAt: '2026-11-02', removedAt: '2026-11-05' },
  ];

  it('tracks scope and done per day', () => {
    // Scope: 8 on the 1st, +8 (d) on the 2nd, +2 (c) on the 4th, -8 (d removed) on the 5th.
    // Done: 3 (a) on the 3rd, +2 (c) on the 4th.
    expect(burnupSeries(items, { from: '2026-11-01', to: '2026-11-05' })).toEqual([
      { date: '2026-11-01', scope: 8, done: 0 },
      { date: '2026-11-02', scope: 16, done: 0 },
      { date: '2026-11-03', scope: 16, done: 3 },
      { date: '2026-11-04', scope: 18, done: 5 },
      { date: '2026-11-05', scope: 10, done: 5 },
    ]);
  });

  it('steps weekly and always ends on `to`, counting work before `from`', () => {
    const s = burnupSeries(items, { from: '2026-11-02', to: '2026-11-12', interval: 'WEEK' });
    expect(s.map((p) => p.date)).toEqual(['2026-11-02', '2026-11-09', '2026-11-12']);
    expect(s[0]).toEqual({ date: '2026-11-02', scope: 16, done: 0 });
    expect(s[2]).toEqual({ date: '2026-11-12', scope: 10, done: 5 });
  });

  it('removes done work from both lines when an item is removed', () => {
    const s = burnupSeries([{ id: 'x', points: 4, createdAt: '2026-11-01', doneAt: '2026-11-02', removedAt: '2026-11-03' }], { from: '2026-11-01', to: '2026-11-03' });
    expect(s.map((p) => [p.scope, p.done])).toEqual([[4, 0], [4, 4], [0, 0]]);
  });

  it('rejects negative points and reversed ranges', () => {
    expect(() => burnupSeries([{ id: 'x', points: -1, createdAt: '2026-11-01' }], { from: '2026-11-01', to: '2026-11-02' })).toThrow(/points -1/);
    expect(() => burnupSeries([], { from: '2026-11-05', to: '2026-11-01' })).toThrow(/before/);
  });
});
