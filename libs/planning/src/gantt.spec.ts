import { describe, expect, it } from 'vitest';
import { computeCriticalPath } from './cpm';
import { PlanningError } from './errors';
import { layoutGantt } from './gantt';

// A(3) → B(2) → D(2) → E(3) and A → C(4) → E; the project takes 10 working days.
const plan = computeCriticalPath([
  { id: 'A', name: 'Collect data', duration: 3 },
  { id: 'B', duration: 2, dependsOn: ['A'] },
  { id: 'C', duration: 4, dependsOn: ['A'] },
  { id: 'D', duration: 2, dependsOn: ['B'] },
  { id: 'E', duration: 3, dependsOn: ['C', 'D'] },
  { id: 'F', duration: 1, dependsOn: ['A'] },
  { id: 'ship', duration: 0, dependsOn: ['E'] },
]);

describe('layoutGantt', () => {
  it('skips weekends by default (2026-11-23 is a Monday)', () => {
    const g = layoutGantt(plan, { startDate: '2026-11-23' });
    const bar = (id: string) => g.bars.find((b) => b.id === id)!;
    // Working days 0-2 are Mon 23 - Wed 25; B = days 3-4 = Thu 26 - Fri 27; D = days 5-6 = Mon 30 - Tue 1.
    expect(bar('A')).toMatchObject({ name: 'Collect data', start: '2026-11-23', end: '2026-11-25', critical: true });
    expect(bar('B')).toMatchObject({ start: '2026-11-26', end: '2026-11-27' });
    expect(bar('D')).toMatchObject({ start: '2026-11-30', end: '2026-12-01' });
    expect(bar('E')).toMatchObject({ start: '2026-12-02', end: '2026-12-04' });
    // F may start on day 3 (Thu 26) and at the latest on day 9 (Fri 4 Dec).
    expect(bar('F')).toMatchObject({ start: '2026-11-26', end: '2026-11-26', lateStart: '2026-12-04', lateEnd: '2026-12-04', totalSlack: 6, critical: false });
    expect(bar('ship')).toMatchObject({ milestone: true, start: '2026-12-07', end: '2026-12-07' });
    expect(g).toMatchObject({ projectStart: '2026-11-23', projectEnd: '2026-12-04', workingDays: 10 });
    expect(g.links).toContainEqual({ from: 'A', to: 'B', critical: true });
    expect(g.links).toContainEqual({ from: 'A', to: 'F', critical: false });
  });

  it('uses every calendar day when weekends are not skipped, and honours holidays', () => {
    const g = layoutGantt(plan, { startDate: '2026-11-23', skipWeekends: false });
    expect(g.projectEnd).toBe('2026-12-02');
    const h = layoutGantt(plan, { startDate: '2026-11-23', holidays: ['2026-11-26'] });
    expect(h.bars.find((b) => b.id === 'B')).toMatchObject({ start: '2026-11-27', end: '2026-11-30' });
    expect(h.projectEnd).toBe('2026-12-07');
  });

  it('moves a weekend start to the next working day', () => {
    expect(layoutGantt(plan, { startDate: '2026-11-21' }).projectStart).toBe('2026-11-23');
  });

  it('places hour-based tasks within days (8 working hours a day)', () => {
    // 12 h = days [0, 1.5): Mon-Tue; the next 4 h = [1.5, 2): still Tuesday; then 8 h = Wednesday.
    const hours = computeCriticalPath([
      { id: 'a', duration: 12 },
      { id: 'b', duration: 4, dependsOn: ['a'] },
      { id: 'c', duration: 8, dependsOn: ['b'] },
    ]);
    const g = layoutGantt(hours, { startDate: '2026-11-23', unit: 'HOURS' });
    expect(g.bars.map((b) => [b.id, b.start, b.end])).toEqual([
      ['a', '2026-11-23', '2026-11-24'],
      ['b', '2026-11-24', '2026-11-24'],
      ['c', '2026-11-25', '2026-11-25'],
    ]);
    expect(g.workingDays).toBe(3);
  });

  it('rejects bad calendars clearly', () => {
    expect(() => layoutGantt(plan, { startDate: '2026-02-30' })).toThrow(/does not exist/);
    expect(() => layoutGantt(plan, { startDate: 'next monday' })).toThrow(PlanningError);
    expect(() => layoutGantt(plan, { startDate: '2026-11-23', unit: 'HOURS', hoursPerDay: 0 })).toThrow(/hoursPerDay/);
  });
});
