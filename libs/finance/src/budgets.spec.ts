import { describe, expect, it } from 'vitest';
import { budgetStatus, type Budget, type CostEntry } from './budgets';
import { money } from './money';

const budget: Budget = { id: 'b1', projectId: 'p1', category: 'COMPUTE', amount: money(1_000_000, 'EUR'), periodStart: '2027-01-01', periodEnd: '2027-12-31' };
const entries: CostEntry[] = [
  { projectId: 'p1', date: '2027-01-15', category: 'COMPUTE', amount: money(200_000, 'EUR') },
  { projectId: 'p1', date: '2027-02-15', category: 'COMPUTE', amount: money(250_000, 'EUR') },
  { projectId: 'p1', date: '2027-03-15', category: 'COMPUTE', amount: money(250_000, 'EUR') },
  // Ignored: other project, other category, after asOf, before the period.
  { projectId: 'p2', date: '2027-02-01', category: 'COMPUTE', amount: money(999_999, 'EUR') },
  { projectId: 'p1', date: '2027-02-01', category: 'PEOPLE', amount: money(999_999, 'EUR') },
  { projectId: 'p1', date: '2027-04-02', category: 'COMPUTE', amount: money(999_999, 'EUR') },
  { projectId: 'p1', date: '2026-12-31', category: 'COMPUTE', amount: money(999_999, 'EUR') },
];

describe('budgetStatus', () => {
  it('worked example: 10,000.00 EUR compute budget for 2027, as of 2027-03-31', () => {
    const s = budgetStatus(budget, entries, { asOf: '2027-03-31' });
    // actual = 2,000 + 2,500 + 2,500 = 7,000.00 EUR = 70 % of 10,000.00.
    expect(s.actual).toEqual(money(700_000, 'EUR'));
    expect(s.remaining).toEqual(money(300_000, 'EUR'));
    expect(s.usedPct).toBe(70);
    // Window: 90 days (Jan 1 .. Mar 31). daily = 700,000 / 90 = 7,777.78 cents.
    expect(s.burn).toMatchObject({ windowStart: '2027-01-01', windowEnd: '2027-03-31', windowDays: 90, daily: money(7778, 'EUR') });
    // monthly = 700,000 × (365 / 12) / 90 = 236,574.07 → 2,365.74 EUR.
    expect(s.burn.monthly).toEqual(money(236_574, 'EUR'));
    // 275 days left: forecast = 700,000 + 700,000 × 275 / 90 = 2,838,888.89 → 28,388.89 EUR.
    expect(s.forecastAtPeriodEnd).toEqual(money(2_838_889, 'EUR'));
    expect(s.forecastOverrun).toEqual(money(1_838_889, 'EUR'));
    // Overrun after k days, smallest k with 700,000 + 7,777.78 k > 1,000,000: k = floor(38.57) + 1 = 39 → 2027-05-09.
    expect(s.overrunDate).toBe('2027-05-09');
    expect(s.overrunWithinPeriod).toBe(true);
    expect(s.alerts.map((a) => [a.kind, a.severity, a.dedupeKey])).toEqual([
      ['FORECAST_OVERRUN', 'WARNING', 'budget:b1:forecast-overrun'],
      ['THRESHOLD', 'INFO', 'budget:b1:threshold:50'],
    ]);
    expect(s.alerts[0].message).toMatch(/runs out on 2027-05-09 \(39 days from 2027-03-31/);
  });

  it('makes the overrun CRITICAL when it is close, and honours thresholds and window options', () => {
    const s = budgetStatus(budget, entries, { asOf: '2027-03-31', criticalLeadDays: 40, thresholdsPct: [60, 75] });
    expect(s.alerts.map((a) => [a.kind, a.severity, a.thresholdPct])).toEqual([
      ['FORECAST_OVERRUN', 'CRITICAL', null],
      ['THRESHOLD', 'INFO', 60],
    ]);
    // A 30-day window (Mar 2 .. Mar 31) holds only the 2,500.00 of Mar 15: 250,000 / 30 = 8,333.33 cents a day.
    expect(budgetStatus(budget, entries, { asOf: '2027-03-31', windowDays: 30 }).burn.daily).toEqual(money(8333, 'EUR'));
  });

  it('reports an overspent budget from the day it went over', () => {
    const small = { ...budget, amount: money(500_000, 'EUR') };
    const s = budgetStatus(small, entries, { asOf: '2027-03-31' });
    expect(s.remaining).toEqual(money(-200_000, 'EUR'));
    expect(s.usedPct).toBe(140);
    expect(s.overrunDate).toBe('2027-03-15'); // 2,000 + 2,500 = 4,500 ≤ 5,000; + 2,500 = 7,000 > 5,000
    expect(s.alerts.map((a) => [a.kind, a.severity, a.dedupeKey])).toEqual([
      ['OVER_BUDGET', 'CRITICAL', 'budget:b1:over-budget'],
      ['THRESHOLD', 'CRITICAL', 'budget:b1:threshold:100'],
    ]);
  });

  it('is quiet for a budget with no spend, before or after its period', () => {
    const before = budgetStatus(budget, [], { asOf: '2026-12-01' });
    expect(before).toMatchObject({ usedPct: 0, overrunDate: null, alerts: [], forecastAtPeriodEnd: money(0, 'EUR') });
    const after = budgetStatus(budget, entries, { asOf: '2028-02-01' });
    expect(after.actual).toEqual(money(700_000 + 999_999, 'EUR')); // the April entry is now in the past
    expect(after.forecastAtPeriodEnd).toEqual(after.actual);
  });

  it('needs a rate for entries in another currency', () => {
    const usd: CostEntry[] = [{ projectId: 'p1', date: '2027-01-10', category: 'COMPUTE', amount: money(10_000, 'USD') }];
    expect(() => budgetStatus(budget, usd, { asOf: '2027-01-31' })).toThrow(/supply rates.USD/);
    expect(budgetStatus(budget, usd, { asOf: '2027-01-31', rates: { USD: '0.92' } }).actual).toEqual(money(9_200, 'EUR'));
  });

  it('rejects negative amounts and reversed periods', () => {
    expect(() => budgetStatus({ ...budget, amount: money(-1, 'EUR') }, [], { asOf: '2027-01-01' })).toThrow(/negative/);
    expect(() => budgetStatus({ ...budget, periodEnd: '2026-01-01' }, [], { asOf: '2027-01-01' })).toThrow(/before periodStart/);
    expect(() => budgetStatus(budget, [{ ...entries[0], amount: money(-5, 'EUR') }], { asOf: '2027-03-31' })).toThrow(/negative amount/);
  });
});
