import { describe, expect, it } from 'vitest';
import { computeCriticalPath, type CpmTask } from './cpm';
import { DependencyCycleError, PlanningError } from './errors';

// Worked example (durations in working days):
//   A(3) → B(2) → D(2) → E(3)      A: 0-3, B: 3-5, D: 5-7, E: 7-10
//   A(3) → C(4) ─────────→ E       C: 3-7
//   A → H(1) → I(1) → E             H: 3-4, I: 4-5; E waits until 7, so I may slip 2 and H too,
//                                   but H slipping moves I's earliest start: H free slack 0.
//   A → F(1), nothing after it      F: 3-4, may slip to 9-10: total = free = 6.
const tasks: CpmTask[] = [
  { id: 'A', duration: 3 },
  { id: 'B', duration: 2, dependsOn: ['A'] },
  { id: 'C', duration: 4, dependsOn: ['A'] },
  { id: 'D', duration: 2, dependsOn: ['B'] },
  { id: 'E', duration: 3, dependsOn: ['C', 'D', 'I'] },
  { id: 'F', duration: 1, dependsOn: ['A'] },
  { id: 'H', duration: 1, dependsOn: ['A'] },
  { id: 'I', duration: 1, dependsOn: ['H'] },
];

describe('computeCriticalPath', () => {
  const r = computeCriticalPath(tasks);
  const t = (id: string) => r.tasks.find((x) => x.id === id)!;

  it('computes the project duration and both critical paths', () => {
    expect(r.projectDuration).toBe(10);
    expect(r.criticalPaths).toEqual([
      ['A', 'B', 'D', 'E'],
      ['A', 'C', 'E'],
    ]);
    expect(r.criticalTaskIds).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(r.criticalPathsTruncated).toBe(false);
  });

  it('computes earliest and latest times and both slacks', () => {
    expect(t('E')).toMatchObject({ earliestStart: 7, earliestFinish: 10, latestStart: 7, latestFinish: 10, totalSlack: 0, critical: true });
    expect(t('F')).toMatchObject({ earliestStart: 3, earliestFinish: 4, latestStart: 9, latestFinish: 10, totalSlack: 6, freeSlack: 6, critical: false });
    expect(t('H')).toMatchObject({ earliestStart: 3, latestStart: 5, totalSlack: 2, freeSlack: 0 });
    expect(t('I')).toMatchObject({ earliestStart: 4, latestStart: 6, totalSlack: 2, freeSlack: 2 });
    expect(t('A').successors).toEqual(['B', 'C', 'F', 'H']);
  });

  it('orders tasks so dependencies come first, keeping input order among ready tasks', () => {
    expect(r.tasks.map((x) => x.id)).toEqual(['A', 'B', 'C', 'D', 'F', 'H', 'I', 'E']);
  });

  it('handles an empty plan, zero-length milestones and fractional hours', () => {
    expect(computeCriticalPath([])).toMatchObject({ projectDuration: 0, criticalPaths: [], tasks: [] });
    const m = computeCriticalPath([
      { id: 'x', duration: 0.1 },
      { id: 'y', duration: 0.2, dependsOn: ['x'] },
      { id: 'z', duration: 0.3 },
      { id: 'go-live', duration: 0, dependsOn: ['y', 'z'] },
    ]);
    // 0.1 + 0.2 = 0.30000000000000004 in floating point: x and y are still critical, z too.
    expect(m.criticalPaths).toEqual([['x', 'y', 'go-live'], ['z', 'go-live']]);
  });

  it('accepts duplicate dependency ids once', () => {
    expect(computeCriticalPath([{ id: 'a', duration: 1 }, { id: 'b', duration: 1, dependsOn: ['a', 'a'] }]).projectDuration).toBe(2);
  });

  it('names the cycle, starting from the first task listed', () => {
    const cyc = () =>
      computeCriticalPath([
        { id: 'start', duration: 1 },
        { id: 'A', duration: 1, dependsOn: ['C', 'start'] },
        { id: 'B', duration: 1, dependsOn: ['A'] },
        { id: 'C', duration: 1, dependsOn: ['B'] },
      ]);
    expect(cyc).toThrow(DependencyCycleError);
    expect(cyc).toThrow('A → B → C → A');
    try {
      cyc();
    } catch (e) {
      expect((e as DependencyCycleError).code).toBe('DEPENDENCY_CYCLE');
      expect((e as DependencyCycleError).cycle).toEqual(['A', 'B', 'C', 'A']);
    }
  });

  it('reports a self-dependency as a one-task cycle', () => {
    expect(() => computeCriticalPath([{ id: 'A', duration: 1, dependsOn: ['A'] }])).toThrow('A → A');
  });

  it.each([
    [[{ id: 'a', duration: -1 }], 'NEGATIVE_DURATION', /negative duration/],
    [[{ id: 'a', duration: Number.NaN }], 'INVALID_DURATION', /finite/],
    [[{ id: 'a', duration: 1, dependsOn: ['ghost'] }], 'UNKNOWN_DEPENDENCY', /depends on "ghost"/],
    [[{ id: 'a', duration: 1 }, { id: 'a', duration: 2 }], 'DUPLICATE_TASK', /appears twice/],
    [[{ id: '', duration: 1 }], 'INVALID_INPUT', /no id/],
  ])('rejects bad input with a typed error (%#)', (input, code, message) => {
    try {
      computeCriticalPath(input as CpmTask[]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanningError);
      expect((e as PlanningError).code).toBe(code);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('caps enumerated critical paths', () => {
    // Ten layers of two parallel equal tasks: 2^10 critical paths.
    const big: CpmTask[] = [{ id: 's', duration: 0 }];
    let prev = ['s'];
    for (let layer = 0; layer < 10; layer++) {
      const ids = [`${layer}a`, `${layer}b`];
      for (const id of ids) big.push({ id, duration: 1, dependsOn: prev });
      prev = ids;
    }
    const res = computeCriticalPath(big, { maxCriticalPaths: 20 });
    expect(res.criticalPaths).toHaveLength(20);
    expect(res.criticalPathsTruncated).toBe(true);
    expect(res.projectDuration).toBe(10);
  });

  it('schedules a 20,000-task chain without deep recursion', () => {
    const chain: CpmTask[] = Array.from({ length: 20_000 }, (_, i) => ({ id: `t${i}`, duration: 1, dependsOn: i ? [`t${i - 1}`] : [] }));
    const res = computeCriticalPath(chain);
    expect(res.projectDuration).toBe(20_000);
    expect(res.criticalPaths[0]).toHaveLength(20_000);
    chain[0].dependsOn = ['t19999'];
    expect(() => computeCriticalPath(chain)).toThrow(DependencyCycleError);
  });
});
