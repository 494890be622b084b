// Monthly spend series (the burn chart) and the trailing average cost per category that feeds runway.
import { COST_CATEGORIES, type CostCategory, type Money } from '@meridian/domain';
import type { CostEntry } from './budgets';
import { fromMonth, toDay, toMonth } from './dates';
import { FinanceError } from './errors';
import { assertMoney, inCurrency, money, type ExchangeRates } from './money';
import { ratio, roundRatio, toSafeMinor } from './rational';

export interface MonthSpend {
  month: string;
  total: Money;
  byCategory: Record<CostCategory, Money>;
}

export interface SpendOptions {
  /** First and last month, inclusive ("2027-01"). */
  from: string;
  to: string;
  currency: string;
  rates?: ExchangeRates;
  /** Only entries of this project (null = organisation-level entries); omit for all entries. */
  projectId?: string | null;
}

function emptyByCategory(currency: string): Record<CostCategory, Money> {
  return Object.fromEntries(COST_CATEGORIES.map((c) => [c, money(0, currency)])) as Record<CostCategory, Money>;
}

/** Spend per calendar month and category; entries outside the range are ignored. */
export function monthlySpend(entries: readonly CostEntry[], options: SpendOptions): MonthSpend[] {
  const from = toMonth(options.from, 'from');
  const to = toMonth(options.to, 'to');
  if (to < from) throw new FinanceError('INVALID_DATE', `"to" (${options.to}) is before "from" (${options.from})`, [{ path: 'to', message: 'before from' }]);
  if (to - from > 600) throw new FinanceError('INVALID_INPUT', 'the range is longer than 50 years', [{ path: 'to', message: 'range too long' }]);
  const sums = new Map<number, Map<CostCategory, bigint>>();
  entries.forEach((e, i) => {
    if (options.projectId !== undefined && e.projectId !== options.projectId) return;
    toDay(e.date, `entries.${i}.date`);
    const m = toMonth(e.date.slice(0, 7));
    if (m < from || m > to) return;
    if (!COST_CATEGORIES.includes(e.category)) throw new FinanceError('INVALID_INPUT', `entries.${i}: unknown category "${e.category}"`, [{ path: `entries.${i}.category`, message: 'unknown category' }]);
    const amt = inCurrency(assertMoney(e.amount, `entries.${i}.amount`), options.currency, options.rates, `entries.${i}.amount`);
    const byCat = sums.get(m) ?? new Map<CostCategory, bigint>();
    byCat.set(e.category, (byCat.get(e.category) ?? 0n) + BigInt(amt.minor));
    sums.set(m, byCat);
  });
  const out: MonthSpend[] = [];
  for (let m = from; m <= to; m++) {
    const byCategory = emptyByCategory(options.currency);
    let total = 0n;
    for (const [c, v] of sums.get(m) ?? []) {
      byCategory[c] = money(toSafeMinor(v), options.currency);
      total += v;
    }
    out.push({ month: fromMonth(m), total: money(toSafeMinor(total), options.currency), byCategory });
  }
  return out;
}

/**
 * Average monthly cost per category over the `months` calendar months ending with `endMonth`
 * (inclusive). Each category is rounded half-even; the total is the sum of the rounded categories,
 * so the parts always add up to the whole.
 */
export function averageMonthlyCost(
  entries: readonly CostEntry[],
  options: { endMonth: string; months?: number; currency: string; rates?: ExchangeRates; projectId?: string | null },
): { total: Money; byCategory: Record<CostCategory, Money> } {
  const months = options.months ?? 3;
  if (!Number.isInteger(months) || months < 1) throw new FinanceError('INVALID_INPUT', `months must be a whole number ≥ 1, got ${months}`, [{ path: 'months', message: 'invalid' }]);
  const end = toMonth(options.endMonth, 'endMonth');
  const series = monthlySpend(entries, { ...options, from: fromMonth(end - months + 1), to: options.endMonth });
  const byCategory = emptyByCategory(options.currency);
  let total = 0;
  for (const c of COST_CATEGORIES) {
    const sum = series.reduce((a, s) => a + BigInt(s.byCategory[c].minor), 0n);
    byCategory[c] = money(toSafeMinor(roundRatio(ratio(sum, BigInt(months)))), options.currency);
    total += byCategory[c].minor;
  }
  return { total: money(total, options.currency), byCategory };
}
