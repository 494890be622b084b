// Budget versus actual, trailing burn, forecast to the period end and alerts before a budget runs out.
import type { CostCategory, Money } from '@meridian/domain';
import { fromDay, toDay } from './dates';
import { FinanceError } from './errors';
import { assertMoney, formatMoney, inCurrency, money, subtractMoney, sumMoney, type ExchangeRates } from './money';
import { add, div, mul, ratio, roundRatio, sub, toNumber, toSafeMinor, type Ratio } from './rational';

export interface Budget {
  id: string;
  projectId: string;
  /** Names the project in alert messages (people read "Churn Radar", not an id); the id otherwise. */
  projectName?: string;
  category: CostCategory;
  amount: Money;
  /** Inclusive ISO dates. */
  periodStart: string;
  periodEnd: string;
}

export interface CostEntry {
  id?: string;
  projectId: string | null;
  date: string;
  category: CostCategory;
  amount: Money;
  description?: string;
}

export type AlertSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

export interface BudgetAlert {
  kind: 'THRESHOLD' | 'FORECAST_OVERRUN' | 'OVER_BUDGET';
  severity: AlertSeverity;
  budgetId: string;
  projectId: string;
  category: CostCategory;
  message: string;
  /** Stable per budget and alert, so the platform raises each alert (and its risk) once. */
  dedupeKey: string;
  asOf: string;
  periodEnd: string;
  budget: Money;
  actual: Money;
  forecast: Money;
  thresholdPct: number | null;
  /** First day the (forecast) spend exceeds the budget. */
  overrunDate: string | null;
}

export interface BudgetStatusOptions {
  /** The day the report is for; spend after it is ignored. */
  asOf: string;
  /** Trailing window of the burn rate, in days. Default 90. */
  windowDays?: number;
  /** %-used thresholds that raise an alert (only the highest crossed one is reported). Default [50, 80, 100]. */
  thresholdsPct?: number[];
  /** A forecast overrun this many days away or fewer is CRITICAL rather than WARNING. Default 30. */
  criticalLeadDays?: number;
  /** Rates into the budget currency for entries in other currencies (units of budget currency per unit). */
  rates?: ExchangeRates;
}

export interface BudgetStatus {
  budgetId: string;
  projectId: string;
  category: CostCategory;
  budget: Money;
  /** Spend in the period up to and including asOf. */
  actual: Money;
  /** budget − actual; negative when over budget. */
  remaining: Money;
  /** actual / budget × 100, one decimal; null for a zero budget. */
  usedPct: number | null;
  burn: {
    windowStart: string;
    windowEnd: string;
    windowDays: number;
    spentInWindow: Money;
    /** Spend per average month (365/12 days) at the trailing rate. */
    monthly: Money;
    daily: Money;
  };
  /** actual + daily burn × days left in the period, rounded half-even. */
  forecastAtPeriodEnd: Money;
  /** forecast − budget when positive, else zero. */
  forecastOverrun: Money;
  /** First day spend exceeded (or, at the current burn, will exceed) the budget; null if never within reach. */
  overrunDate: string | null;
  /** True when overrunDate falls inside the budget period. */
  overrunWithinPeriod: boolean;
  alerts: BudgetAlert[];
}

const AVG_MONTH_DAYS: Ratio = ratio(365n, 12n);

/**
 * Rules: the burn window is the `windowDays` days ending at asOf, clipped to the period start so a new
 * budget is not diluted by days before it existed. daily = spend in window / window length; the
 * forecast adds daily × days left (asOf+1 .. periodEnd) to the actual. Rounding is half-even, once.
 */
export function budgetStatus(budget: Budget, entries: readonly CostEntry[], options: BudgetStatusOptions): BudgetStatus {
  assertMoney(budget.amount, 'budget.amount');
  if (budget.amount.minor < 0) throw new FinanceError('NEGATIVE_AMOUNT', `budget ${budget.id} has a negative amount`, [{ path: 'budget.amount', message: 'cannot be negative' }]);
  const cur = budget.amount.currency;
  const start = toDay(budget.periodStart, 'budget.periodStart');
  const end = toDay(budget.periodEnd, 'budget.periodEnd');
  if (end < start) throw new FinanceError('INVALID_DATE', `budget ${budget.id}: periodEnd ${budget.periodEnd} is before periodStart ${budget.periodStart}`, [{ path: 'budget.periodEnd', message: 'before periodStart' }]);
  const asOf = toDay(options.asOf, 'asOf');
  const windowDays = options.windowDays ?? 90;
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new FinanceError('INVALID_INPUT', `windowDays must be a whole number of days ≥ 1, got ${windowDays}`, [{ path: 'windowDays', message: 'invalid' }]);
  const thresholds = [...(options.thresholdsPct ?? [50, 80, 100])].sort((a, b) => a - b);
  const leadDays = options.criticalLeadDays ?? 30;

  const lastCounted = Math.min(asOf, end);
  const windowStart = Math.max(start, asOf - windowDays + 1);
  const windowLen = Math.max(0, Math.min(asOf, end) - windowStart + 1);
  const inPeriod: { day: number; minor: bigint }[] = [];
  entries.forEach((e, i) => {
    if (e.projectId !== budget.projectId || e.category !== budget.category) return;
    const day = toDay(e.date, `entries.${i}.date`);
    if (day < start || day > lastCounted) return;
    const amt = inCurrency(assertMoney(e.amount, `entries.${i}.amount`), cur, options.rates, `entries.${i}.amount`);
    if (amt.minor < 0) throw new FinanceError('NEGATIVE_AMOUNT', `entries.${i} has a negative amount; record refunds as their own adjustment`, [{ path: `entries.${i}.amount`, message: 'cannot be negative' }]);
    inPeriod.push({ day, minor: BigInt(amt.minor) });
  });
  const actual = sumMoney(inPeriod.map((x) => money(Number(x.minor), cur)), cur);
  const spentWindow = inPeriod.filter((x) => x.day >= windowStart).reduce((a, x) => a + x.minor, 0n);
  const daily: Ratio = windowLen > 0 ? ratio(spentWindow, BigInt(windowLen)) : ratio(0n);
  const daysLeft = Math.max(0, end - Math.max(asOf, start - 1));
  const forecastR = add(ratio(BigInt(actual.minor)), mul(daily, ratio(BigInt(daysLeft))));
  const forecast = money(toSafeMinor(roundRatio(forecastR)), cur);
  const budgetR = ratio(BigInt(budget.amount.minor));

  let overrunDay: number | null = null;
  if (actual.minor > budget.amount.minor) {
    let run = 0n;
    for (const x of [...inPeriod].sort((a, b) => a.day - b.day)) {
      run += x.minor;
      if (run > BigInt(budget.amount.minor)) {
        overrunDay = x.day;
        break;
      }
    }
  } else if (daily.n > 0n) {
    // Smallest k ≥ 1 with actual + daily × k > budget.
    const k = roundDown(div(sub(budgetR, ratio(BigInt(actual.minor))), daily)) + 1n;
    if (k < 1_000_000n) overrunDay = Math.max(asOf, start - 1) + Number(k);
  }
  const overrunWithinPeriod = overrunDay !== null && overrunDay <= end;
  const usedPct = budget.amount.minor === 0 ? null : Math.round(toNumber(div(ratio(BigInt(actual.minor) * 1000n), budgetR))) / 10;
  const overrunDate = overrunDay === null ? null : fromDay(overrunDay);

  const base = {
    budgetId: budget.id,
    projectId: budget.projectId,
    category: budget.category,
    asOf: options.asOf,
    periodEnd: budget.periodEnd,
    budget: budget.amount,
    actual,
    forecast,
  };
  const label = `${budget.category.toLowerCase()} budget of ${budget.projectName ?? `project ${budget.projectId}`}`;
  const alerts: BudgetAlert[] = [];
  if (actual.minor > budget.amount.minor) {
    alerts.push({
      ...base,
      kind: 'OVER_BUDGET',
      severity: 'CRITICAL',
      thresholdPct: null,
      overrunDate,
      dedupeKey: `budget:${budget.id}:over-budget`,
      message: `The ${label} is over budget: ${formatMoney(actual)} spent against ${formatMoney(budget.amount)} (since ${overrunDate})`,
    });
  } else if (overrunWithinPeriod) {
    const daysAway = overrunDay! - asOf;
    alerts.push({
      ...base,
      kind: 'FORECAST_OVERRUN',
      severity: daysAway <= leadDays ? 'CRITICAL' : 'WARNING',
      thresholdPct: null,
      overrunDate,
      dedupeKey: `budget:${budget.id}:forecast-overrun`,
      message: `At the current burn, the ${label} runs out on ${overrunDate} (${daysAway} days from ${options.asOf}, before the period ends on ${budget.periodEnd}); forecast ${formatMoney(forecast)} against ${formatMoney(budget.amount)}`,
    });
  }
  const crossed = usedPct === null ? [] : thresholds.filter((t) => usedPct >= t);
  if (crossed.length) {
    const t = crossed[crossed.length - 1];
    alerts.push({
      ...base,
      kind: 'THRESHOLD',
      severity: t >= 100 ? 'CRITICAL' : t >= 80 ? 'WARNING' : 'INFO',
      thresholdPct: t,
      overrunDate,
      dedupeKey: `budget:${budget.id}:threshold:${t}`,
      message: `The ${label} is ${usedPct}% used (threshold ${t}%): ${formatMoney(actual)} of ${formatMoney(budget.amount)}`,
    });
  }

  return {
    budgetId: budget.id,
    projectId: budget.projectId,
    category: budget.category,
    budget: budget.amount,
    actual,
    remaining: subtractMoney(budget.amount, actual),
    usedPct,
    burn: {
      windowStart: fromDay(windowStart),
      windowEnd: fromDay(Math.max(windowStart - 1, Math.min(asOf, end))),
      windowDays: windowLen,
      spentInWindow: money(toSafeMinor(spentWindow), cur),
      monthly: money(toSafeMinor(roundRatio(mul(daily, AVG_MONTH_DAYS))), cur),
      daily: money(toSafeMinor(roundRatio(daily)), cur),
    },
    forecastAtPeriodEnd: forecast,
    forecastOverrun: money(Math.max(0, forecast.minor - budget.amount.minor), cur),
    overrunDate,
    overrunWithinPeriod,
    alerts,
  };
}

const roundDown = (r: Ratio): bigint => (r.n >= 0n ? r.n / r.d : -((-r.n + r.d - 1n) / r.d));

/** Budget status for many budgets at once (one entry list, one asOf). */
export function budgetReport(budgets: readonly Budget[], entries: readonly CostEntry[], options: BudgetStatusOptions): BudgetStatus[] {
  return budgets.map((b) => budgetStatus(b, entries, options));
}

