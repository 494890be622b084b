import { describe, expect, it } from 'vitest';
import type { CostEntry } from './budgets';
import { money } from './money';
import { averageMonthlyCost, monthlySpend } from './spend';

const e = (date: string, category: CostEntry['category'], minor: number, projectId: string | null = 'p1'): CostEntry => ({ projectId, date, category, amount: money(minor, 'EUR') });
const entries = [e('2027-01-05', 'PEOPLE', 1000), e('2027-01-20', 'COMPUTE', 1), e('2027-02-01', 'PEOPLE', 1000), e('2027-03-31', 'COMPUTE', 2), e('2027-03-01', 'LEGAL', 500, 'p2')];

describe('monthlySpend', () => {
  it('totals per month and category, filling empty months', () => {
    const s = monthlySpend(entries, { from: '2026-12', to: '2027-03', currency: 'EUR' });
    expect(s.map((x) => [x.month, x.total.minor])).toEqual([
      ['2026-12', 0],
      ['2027-01', 1001],
      ['2027-02', 1000],
      ['2027-03', 502],
    ]);
    expect(s[3].byCategory.LEGAL).toEqual(money(500, 'EUR'));
    expect(monthlySpend(entries, { from: '2027-03', to: '2027-03', currency: 'EUR', projectId: 'p1' })[0].total.minor).toBe(2);
  });
});

describe('averageMonthlyCost', () => {
  it('averages the trailing months per category so the parts add up', () => {
    // Jan..Mar: PEOPLE 2,000 / 3 = 666.67 → 667; COMPUTE 3 / 3 = 1; LEGAL 500 / 3 = 166.67 → 167.
    const a = averageMonthlyCost(entries, { endMonth: '2027-03', months: 3, currency: 'EUR' });
    expect(a.byCategory.PEOPLE.minor).toBe(667);
    expect(a.byCategory.COMPUTE.minor).toBe(1);
    expect(a.byCategory.LEGAL.minor).toBe(167);
    expect(a.total.minor).toBe(667 + 1 + 167);
    expect(() => averageMonthlyCost(entries, { endMonth: '2027-03', months: 0, currency: 'EUR' })).toThrow(/months must be/);
  });
});
