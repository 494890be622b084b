import { describe, expect, it } from 'vitest';
import { money } from './money';
import { cashOnHand, projectCash, revenueForMonth, runScenario, runwayFrom, streamRevenueForMonth, type ProjectionInput } from './runway';

const eur = (major: number) => money(major * 100, 'EUR');

describe('revenue streams', () => {
  it('compounds growth month by month, rounding each month half-even', () => {
    const s = { name: 'API', model: 'API_SUBSCRIPTION' as const, monthlyAmount: eur(5000), startMonth: '2027-01', monthlyGrowthBps: 1000 };
    // 5,000.00 → +10 % = 5,500.00 → +10 % = 6,050.00; nothing before the start.
    expect(['2026-12', '2027-01', '2027-02', '2027-03'].map((m) => streamRevenueForMonth(s, m).minor)).toEqual([0, 500_000, 550_000, 605_000]);
    expect(streamRevenueForMonth({ ...s, endMonth: '2027-02' }, '2027-03').minor).toBe(0);
  });

  it('totals streams in one currency, converting others only with a rate', () => {
    const streams = [
      { name: 'API', model: 'API_SUBSCRIPTION' as const, monthlyAmount: eur(5000), startMonth: '2027-01' },
      { name: 'Ads', model: 'ADVERTISING' as const, monthlyAmount: money(100_000, 'USD'), startMonth: '2027-01' },
    ];
    // 5,000.00 EUR + 1,000.00 USD × 0.92 = 5,920.00 EUR.
    expect(revenueForMonth(streams, '2027-02', 'EUR', { USD: '0.92' })).toEqual(eur(5920));
    expect(() => revenueForMonth(streams, '2027-02', 'EUR')).toThrow(/supply rates.USD/);
  });
});

describe('cashOnHand', () => {
  it('worked example: seed round, two closed revenue months, costs to date', () => {
    const r = cashOnHand({
      asOf: '2027-03-15',
      currency: 'EUR',
      fundingRounds: [
        { type: 'SEED', amount: eur(1_000_000), date: '2027-01-10' },
        { type: 'VENTURE', amount: eur(5_000_000), date: '2027-06-01' }, // not yet received
      ],
      revenueStreams: [{ name: 'API', model: 'API_SUBSCRIPTION', monthlyAmount: eur(5000), startMonth: '2027-01', monthlyGrowthBps: 1000 }],
      costs: [
        { projectId: null, date: '2027-01-31', category: 'PEOPLE', amount: eur(60_000) },
        { projectId: null, date: '2027-02-28', category: 'PEOPLE', amount: eur(60_000) },
        { projectId: 'p1', date: '2027-03-01', category: 'COMPUTE', amount: eur(30_000) },
      ],
    });
    // Revenue booked at month end: January 5,000 + February 5,500 = 10,500 (March has not ended).
    // Cash = 1,000,000 + 10,500 − 150,000 = 860,500.00 EUR.
    expect(r).toEqual({ cash: eur(860_500), opening: eur(0), funding: eur(1_000_000), revenue: eur(10_500), costs: eur(150_000) });
  });
});

describe('runwayFrom', () => {
  it('is explicit about infinite and exhausted runway', () => {
    // 120 of cash, 70 cost − 20 revenue = 50 net burn a month: 2.4 months, runs out in the third month.
    expect(runwayFrom(eur(120), eur(70), eur(20), '2027-01')).toEqual({ kind: 'FINITE', months: 2.4, runOutMonth: '2027-03', monthlyNetBurn: eur(50) });
    expect(runwayFrom(eur(100), eur(50), eur(0), '2027-01')).toMatchObject({ months: 2, runOutMonth: '2027-02' });
    expect(runwayFrom(eur(120), eur(20), eur(50), '2027-01')).toEqual({ kind: 'INFINITE', months: null, runOutMonth: null, monthlyNetBurn: eur(-30) });
    expect(runwayFrom(eur(0), eur(20), eur(0), '2027-01')).toMatchObject({ kind: 'EXHAUSTED', months: 0 });
    expect(() => runwayFrom(eur(100), money(10, 'USD'), eur(0), '2027-01')).toThrow(/supply rates.USD/);
  });
});

describe('projectCash and scenarios', () => {
  const input: ProjectionInput = {
    startMonth: '2027-04',
    months: 36,
    openingCash: eur(860_500),
    monthlyCosts: { PEOPLE: eur(40_000), COMPUTE: eur(10_000), TOOLS: eur(2_000) },
  };

  it('baseline: 52,000 a month against 860,500 lasts 16.5 months', () => {
    const p = projectCash(input);
    // 860,500 / 52,000 = 16.548: 16 full months leave 28,500; the 17th month (2028-08) runs out.
    expect(p.runway).toEqual({ kind: 'FINITE', months: 16.5, runOutMonth: '2028-08', monthlyNetBurn: eur(52_000) });
    expect(p.months[15]).toMatchObject({ month: '2028-07', closingCash: eur(28_500) });
    expect(p.months[16]).toMatchObject({ month: '2028-08', closingCash: eur(-23_500), net: eur(-52_000) });
    expect(p.months).toHaveLength(36);
    expect(p.lowestCash.month).toBe('2030-03');
  });

  it('extrapolates past a short horizon with the same answer', () => {
    // After 12 months 236,500 is left: 12 + 236,500 / 52,000 = 16.548 → 16.5, running out in 2028-08.
    expect(projectCash({ ...input, months: 12 }).runway).toMatchObject({ kind: 'FINITE', months: 16.5, runOutMonth: '2028-08' });
  });

  it('worked scenario: hire 2 at 60,000 a year from June, cut tools by 50 %, raise 500,000 in October', () => {
    const r = runScenario(input, [
      { kind: 'HIRE', count: 2, annualSalary: eur(60_000), fromMonth: '2027-06', category: 'PEOPLE' },
      { kind: 'CUT_COST', category: 'TOOLS', percent: 50, fromMonth: '2027-04' },
      { kind: 'RAISE', amount: eur(500_000), month: '2027-10' },
    ]);
    const m = r.scenario.months;
    // April and May: 40,000 + 10,000 + 1,000 = 51,000. From June: + 2 × 60,000 / 12 = 61,000.
    expect(m[0].costs).toEqual(eur(51_000));
    expect(m[2].costs).toEqual(eur(61_000));
    expect(m[2].costsByCategory.PEOPLE).toEqual(eur(50_000));
    // 860,500 − 2 × 51,000 − 4 × 61,000 = 514,500 at the end of September; October: + 500,000 − 61,000 = 953,500.
    expect(m[6]).toMatchObject({ month: '2027-10', funding: eur(500_000), closingCash: eur(953_500) });
    // 953,500 / 61,000 = 15.63 more months: 15 leave 38,500; runway = 22 + 38,500 / 61,000 = 22.63 → 22.6.
    expect(r.scenario.runway).toEqual({ kind: 'FINITE', months: 22.6, runOutMonth: '2029-02', monthlyNetBurn: eur(61_000) });
    expect(r.baseline.runway.months).toBe(16.5);
    expect(r.runwayChangeMonths).toBe(6.1);
  });

  it('is INFINITE when revenue covers costs', () => {
    const p = projectCash({ ...input, revenueStreams: [{ name: 'SaaS', model: 'SAAS', monthlyAmount: eur(60_000), startMonth: '2027-01' }] });
    expect(p.runway).toEqual({ kind: 'INFINITE', months: null, runOutMonth: null, monthlyNetBurn: eur(-8_000) });
    const r = runScenario({ ...input, revenueStreams: [{ name: 'SaaS', model: 'SAAS', monthlyAmount: eur(60_000), startMonth: '2027-01' }] }, []);
    expect(r.runwayChangeMonths).toBeNull();
  });

  it('reports EXHAUSTED when there is no cash and costs go on', () => {
    expect(projectCash({ ...input, openingCash: eur(0) }).runway).toMatchObject({ kind: 'EXHAUSTED', months: 0, runOutMonth: '2027-04' });
  });

  it('validates scenario changes and currencies', () => {
    expect(() => projectCash(input, [{ kind: 'HIRE', count: 0, annualSalary: eur(1), fromMonth: '2027-05', category: 'PEOPLE' }])).toThrow(/changes\[0\] is invalid: changes.0.count/);
    expect(() => projectCash(input, [{ kind: 'CUT_COST', category: 'TOOLS', percent: 120, fromMonth: '2027-05' }])).toThrow(/changes.0.percent/);
    expect(() => projectCash(input, [{ kind: 'RAISE', amount: money(100, 'USD'), month: '2027-05' }])).toThrow(/supply rates.USD/);
    expect(() => projectCash({ ...input, months: 0 })).toThrow(/months must be/);
    expect(() => projectCash({ ...input, startMonth: '2027-13' })).toThrow(/not a month/);
  });
});

describe('projectCash when the cash lasts a whole number of months', () => {
  it('is FINITE with exactly that many months, not EXHAUSTED', () => {
    // 96,000.00 at 8,000.00 net burn: closing cash is 0 after the 12th month, negative in the 13th.
    const p = projectCash({ startMonth: '2027-05', months: 24, openingCash: money(9_600_000, 'EUR'), monthlyCosts: { PEOPLE: money(800_000, 'EUR') } });
    expect(p.runway).toMatchObject({ kind: 'FINITE', months: 12, runOutMonth: '2028-05' });
    expect(projectCash({ startMonth: '2027-05', openingCash: money(0, 'EUR'), monthlyCosts: { PEOPLE: money(1, 'EUR') } }).runway.kind).toBe('EXHAUSTED');
  });
});
