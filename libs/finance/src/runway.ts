// Cash on hand, runway and month-by-month cash projections with what-if scenarios (hire, raise, cut).
import { COST_CATEGORIES, ZScenarioChange, type BusinessModel, type CostCategory, type FundingRoundType, type Money, type ScenarioChange } from '@meridian/domain';
import type { CostEntry } from './budgets';
import { fromMonth, monthEnd, toDay, toMonth } from './dates';
import { FinanceError } from './errors';
import { assertMoney, inCurrency, money, currencyExponent, type ExchangeRates } from './money';
import { div, mul, parseRatio, ratio, roundRatio, sub, toSafeMinor } from './rational';

export interface FundingRound {
  id?: string;
  type: FundingRoundType;
  amount: Money;
  /** Day the money arrives. */
  date: string;
  investor?: string;
}

export interface RevenueStream {
  id?: string;
  name: string;
  model: BusinessModel;
  /** Revenue of the first month; later months grow by monthlyGrowthBps, compounded. */
  monthlyAmount: Money;
  startMonth: string;
  endMonth?: string | null;
  /** 150 = +1.5 % a month; each month is rounded half-even from the previous one. */
  monthlyGrowthBps?: number;
}

/**
 * Runway, explicitly: FINITE months (floored to one decimal, so runway is never overstated),
 * EXHAUSTED (no cash left while burning), or INFINITE when net burn is zero or negative.
 */
export type Runway =
  | { kind: 'FINITE'; months: number; runOutMonth: string; monthlyNetBurn: Money }
  | { kind: 'EXHAUSTED'; months: 0; runOutMonth: string; monthlyNetBurn: Money }
  | { kind: 'INFINITE'; months: null; runOutMonth: null; monthlyNetBurn: Money };

const floor1 = (num: bigint, den: bigint): number => Number((num * 10n) / den) / 10;

/** Revenue a stream books in a month index (0 outside its start..end). */
export function streamRevenueForMonth(stream: RevenueStream, month: string): Money {
  const m = toMonth(month);
  const start = toMonth(stream.startMonth, `${stream.name}.startMonth`);
  const end = stream.endMonth ? toMonth(stream.endMonth, `${stream.name}.endMonth`) : Infinity;
  const amt = assertMoney(stream.monthlyAmount, `${stream.name}.monthlyAmount`);
  if (amt.minor < 0) throw new FinanceError('NEGATIVE_AMOUNT', `revenue stream "${stream.name}" has a negative monthly amount`, [{ path: 'monthlyAmount', message: 'cannot be negative' }]);
  if (m < start || m > end) return money(0, amt.currency);
  const bps = BigInt(stream.monthlyGrowthBps ?? 0);
  let v = BigInt(amt.minor);
  for (let k = start; k < m; k++) v = roundRatio(ratio(v * (10_000n + bps), 10_000n));
  return money(toSafeMinor(v), amt.currency);
}

/** Total revenue of all streams in a month, in `currency` (other currencies need `rates`). */
export function revenueForMonth(streams: readonly RevenueStream[], month: string, currency: string, rates?: ExchangeRates): Money {
  currencyExponent(currency);
  let total = 0n;
  for (const s of streams) total += BigInt(inCurrency(streamRevenueForMonth(s, month), currency, rates, `${s.name}.monthlyAmount`).minor);
  return money(toSafeMinor(total), currency);
}

/**
 * Net burn → runway from a cash balance at the start of `fromMonth`. runOutMonth is the month in
 * which the cash runs out: cash 120 at 50 a month lasts 2.4 months, running out in the third month.
 */
export function runwayFrom(cash: Money, monthlyCost: Money, monthlyRevenue: Money, fromMonthKey: string): Runway {
  const cur = cash.currency;
  const cost = inCurrency(monthlyCost, cur, undefined, 'monthlyCost');
  const rev = inCurrency(monthlyRevenue, cur, undefined, 'monthlyRevenue');
  const burn = cost.minor - rev.minor;
  const start = toMonth(fromMonthKey, 'fromMonth');
  const monthlyNetBurn = money(burn, cur);
  if (burn <= 0) return { kind: 'INFINITE', months: null, runOutMonth: null, monthlyNetBurn };
  if (cash.minor <= 0) return { kind: 'EXHAUSTED', months: 0, runOutMonth: fromMonth(start), monthlyNetBurn };
  const c = BigInt(cash.minor);
  const b = BigInt(burn);
  const ceil = (c + b - 1n) / b;
  return { kind: 'FINITE', months: floor1(c, b), runOutMonth: fromMonth(start + Number(ceil) - 1), monthlyNetBurn };
}

export interface CashOnHandInput {
  asOf: string;
  currency: string;
  openingBalance?: Money;
  fundingRounds?: readonly FundingRound[];
  revenueStreams?: readonly RevenueStream[];
  costs?: readonly CostEntry[];
  rates?: ExchangeRates;
}

/**
 * Cash = opening balance + funding received by asOf + revenue of every month that has ended by asOf
 * (revenue is booked at month end) − costs dated up to asOf.
 */
export function cashOnHand(input: CashOnHandInput): { cash: Money; opening: Money; funding: Money; revenue: Money; costs: Money } {
  const cur = input.currency;
  currencyExponent(cur);
  const asOf = toDay(input.asOf, 'asOf');
  const conv = (m: Money, path: string) => {
    const v = inCurrency(assertMoney(m, path), cur, input.rates, path);
    return BigInt(v.minor);
  };
  const opening = input.openingBalance ? conv(input.openingBalance, 'openingBalance') : 0n;
  let funding = 0n;
  (input.fundingRounds ?? []).forEach((f, i) => {
    const v = conv(f.amount, `fundingRounds.${i}.amount`);
    if (v < 0n) throw new FinanceError('NEGATIVE_AMOUNT', `fundingRounds.${i} has a negative amount`, [{ path: `fundingRounds.${i}.amount`, message: 'cannot be negative' }]);
    if (toDay(f.date, `fundingRounds.${i}.date`) <= asOf) funding += v;
  });
  let revenue = 0n;
  const lastClosed = toDay(monthEnd(toMonth(input.asOf.slice(0, 7)))) <= asOf ? toMonth(input.asOf.slice(0, 7)) : toMonth(input.asOf.slice(0, 7)) - 1;
  for (const s of input.revenueStreams ?? []) {
    const start = toMonth(s.startMonth, `${s.name}.startMonth`);
    const end = Math.min(lastClosed, s.endMonth ? toMonth(s.endMonth, `${s.name}.endMonth`) : Infinity);
    for (let m = start; m <= end; m++) revenue += conv(streamRevenueForMonth(s, fromMonth(m)), `${s.name}.monthlyAmount`);
  }
  let costs = 0n;
  (input.costs ?? []).forEach((e, i) => {
    if (toDay(e.date, `costs.${i}.date`) <= asOf) {
      const v = conv(e.amount, `costs.${i}.amount`);
      if (v < 0n) throw new FinanceError('NEGATIVE_AMOUNT', `costs.${i} has a negative amount`, [{ path: `costs.${i}.amount`, message: 'cannot be negative' }]);
      costs += v;
    }
  });
  const m = (x: bigint) => money(toSafeMinor(x), cur);
  return { cash: m(opening + funding + revenue - costs), opening: m(opening), funding: m(funding), revenue: m(revenue), costs: m(costs) };
}

export interface ProjectionInput {
  /** First projected month; openingCash is the balance at its start. */
  startMonth: string;
  /** Horizon in months. Default 36, at most 240. */
  months?: number;
  openingCash: Money;
  /** Baseline cost per month and category (e.g. from averageMonthlyCost). */
  monthlyCosts: Partial<Record<CostCategory, Money>>;
  revenueStreams?: readonly RevenueStream[];
  /** Rounds dated inside the horizon are added in their month; earlier ones are already in openingCash. */
  fundingRounds?: readonly FundingRound[];
  rates?: ExchangeRates;
}

export interface ProjectionMonth {
  month: string;
  openingCash: Money;
  revenue: Money;
  funding: Money;
  costs: Money;
  costsByCategory: Record<CostCategory, Money>;
  /** revenue + funding − costs. */
  net: Money;
  closingCash: Money;
}

export interface Projection {
  currency: string;
  months: ProjectionMonth[];
  runway: Runway;
  lowestCash: { month: string; amount: Money };
}

function validateChanges(changes: readonly ScenarioChange[]): ScenarioChange[] {
  return changes.map((c, i) => {
    const r = ZScenarioChange.safeParse(c);
    if (!r.success) {
      const issues = r.error.issues.map((x) => ({ path: `changes.${i}.${x.path.join('.')}`, message: x.message }));
      throw new FinanceError('INVALID_INPUT', `changes[${i}] is invalid: ${issues.map((x) => `${x.path} ${x.message}`).join('; ')}`, issues);
    }
    return r.data;
  });
}

/**
 * Month-by-month cash from `startMonth`. Changes: HIRE adds round(annualSalary × count / 12) a month
 * to its category from fromMonth; CUT_COST multiplies that category's baseline cost (not hires added by
 * the scenario) by (100 − percent) / 100 from fromMonth; RAISE adds funding in its month. Each monthly
 * figure is rounded half-even once. Runway: the first month whose closing cash is negative, with the
 * fraction of it the opening cash covers; beyond the horizon, the last month's net burn is extrapolated.
 */
export function projectCash(input: ProjectionInput, changes: readonly ScenarioChange[] = []): Projection {
  const cur = input.openingCash.currency;
  assertMoney(input.openingCash, 'openingCash');
  const horizon = input.months ?? 36;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 240) throw new FinanceError('INVALID_INPUT', `months must be a whole number from 1 to 240, got ${horizon}`, [{ path: 'months', message: 'out of range' }]);
  const start = toMonth(input.startMonth, 'startMonth');
  const valid = validateChanges(changes);
  const conv = (m: Money, path: string) => BigInt(inCurrency(assertMoney(m, path), cur, input.rates, path).minor);

  const base = new Map<CostCategory, bigint>();
  for (const [c, m] of Object.entries(input.monthlyCosts) as [CostCategory, Money][]) {
    if (!COST_CATEGORIES.includes(c)) throw new FinanceError('INVALID_INPUT', `monthlyCosts has unknown category "${c}"`, [{ path: `monthlyCosts.${c}`, message: 'unknown category' }]);
    const v = conv(m, `monthlyCosts.${c}`);
    if (v < 0n) throw new FinanceError('NEGATIVE_AMOUNT', `monthlyCosts.${c} is negative`, [{ path: `monthlyCosts.${c}`, message: 'cannot be negative' }]);
    base.set(c, v);
  }
  const fundingByMonth = new Map<number, bigint>();
  const addFunding = (m: number, v: bigint) => fundingByMonth.set(m, (fundingByMonth.get(m) ?? 0n) + v);
  (input.fundingRounds ?? []).forEach((f, i) => {
    const m = toMonth(f.date.slice(0, 7), `fundingRounds.${i}.date`);
    toDay(f.date, `fundingRounds.${i}.date`);
    const v = conv(f.amount, `fundingRounds.${i}.amount`);
    if (v < 0n) throw new FinanceError('NEGATIVE_AMOUNT', `fundingRounds.${i} has a negative amount`, [{ path: `fundingRounds.${i}.amount`, message: 'cannot be negative' }]);
    if (m >= start) addFunding(m, v);
  });
  const hires: { from: number; category: CostCategory; monthly: bigint }[] = [];
  const cuts: { from: number; category: CostCategory; keep: ReturnType<typeof ratio> }[] = [];
  valid.forEach((c, i) => {
    if (c.kind === 'HIRE') {
      const annual = conv(c.annualSalary, `changes.${i}.annualSalary`);
      hires.push({ from: toMonth(c.fromMonth), category: c.category, monthly: roundRatio(ratio(annual * BigInt(c.count), 12n)) });
    } else if (c.kind === 'RAISE') {
      addFunding(toMonth(c.month), conv(c.amount, `changes.${i}.amount`));
    } else {
      cuts.push({ from: toMonth(c.fromMonth), category: c.category, keep: div(sub(ratio(100n), parseRatio(c.percent)), ratio(100n)) });
    }
  });

  const out: ProjectionMonth[] = [];
  let cash = conv(input.openingCash, 'openingCash');
  const mk = (v: bigint) => money(toSafeMinor(v), cur);
  let runway: Runway | null = null;
  let lowest = { month: fromMonth(start), amount: cash };
  let lastBurn = 0n;
  for (let k = 0; k < horizon; k++) {
    const m = start + k;
    const byCat = {} as Record<CostCategory, Money>;
    let costs = 0n;
    for (const c of COST_CATEGORIES) {
      let v = base.get(c) ?? 0n;
      for (const cut of cuts) if (cut.category === c && m >= cut.from) v = roundRatio(mul(ratio(v), cut.keep));
      for (const h of hires) if (h.category === c && m >= h.from) v += h.monthly;
      byCat[c] = mk(v);
      costs += v;
    }
    let revenue = 0n;
    for (const s of input.revenueStreams ?? []) revenue += conv(streamRevenueForMonth(s, fromMonth(m)), `${s.name}.monthlyAmount`);
    const funding = fundingByMonth.get(m) ?? 0n;
    const opening = cash;
    const net = revenue + funding - costs;
    cash = opening + net;
    lastBurn = costs - revenue;
    out.push({ month: fromMonth(m), openingCash: mk(opening), revenue: mk(revenue), funding: mk(funding), costs: mk(costs), costsByCategory: byCat, net: mk(net), closingCash: mk(cash) });
    if (cash < lowest.amount) lowest = { month: fromMonth(m), amount: cash };
    if (runway === null && cash < 0n) {
      const burn = -net;
      const monthlyNetBurn = mk(costs - revenue);
      // Only the first month can start without cash; later, an opening of exactly 0 means the cash
      // lasted k whole months (it ran out at the end of the previous month).
      runway =
        opening <= 0n && k === 0
          ? { kind: 'EXHAUSTED', months: 0, runOutMonth: fromMonth(m), monthlyNetBurn }
          : { kind: 'FINITE', months: floor1(BigInt(k) * burn + opening, burn), runOutMonth: fromMonth(m), monthlyNetBurn };
    }
  }
  if (runway === null) {
    const monthlyNetBurn = mk(lastBurn);
    if (lastBurn <= 0n) runway = { kind: 'INFINITE', months: null, runOutMonth: null, monthlyNetBurn };
    else {
      // Extrapolate the last month's burn past the horizon.
      const extra = (cash + lastBurn - 1n) / lastBurn;
      runway = { kind: 'FINITE', months: floor1(BigInt(horizon) * lastBurn + cash, lastBurn), runOutMonth: fromMonth(start + horizon + Number(extra) - 1), monthlyNetBurn };
    }
  }
  return { currency: cur, months: out, runway, lowestCash: { month: lowest.month, amount: mk(lowest.amount) } };
}

export interface ScenarioResult {
  name: string;
  baseline: Projection;
  scenario: Projection;
  /** Scenario runway minus baseline runway in months; null when either is INFINITE. */
  runwayChangeMonths: number | null;
}

/** The same projection with and without the changes, for the scenario view. */
export function runScenario(input: ProjectionInput, changes: readonly ScenarioChange[], name = 'Scenario'): ScenarioResult {
  const baseline = projectCash(input);
  const scenario = projectCash(input, changes);
  const a = baseline.runway.months;
  const b = scenario.runway.months;
  return { name, baseline, scenario, runwayChangeMonths: a === null || b === null ? null : Math.round((b - a) * 10) / 10 };
}
