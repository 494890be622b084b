// The compute cost of a training run, in the organisation's book currency. Finance reports leave
// out every row in another currency (no exchange rates), so a cost written in a fixed currency was
// invisible to an organisation keeping its books in another one. The rate table (RUN_RATE_<BACKEND>_MINOR,
// minor units per hour) is read as minor units of the book currency; RUN_COST_CURRENCY is only the
// currency of an organisation that has no money rows yet.
import type { Prisma, PrismaClient } from '@meridian/db';

type Reader = Pick<PrismaClient, 'fundingRound' | 'budget' | 'costEntry' | 'revenueStream'> | Prisma.TransactionClient;

/**
 * The currency the organisation keeps its books in: that of its oldest money row (funding round,
 * budget, cost entry, revenue stream), null when it has none. The same rule as the finance API's
 * bookCurrency (apps/api/src/finance/finance.repository.ts calls this one), which rejects rows in any other currency.
 */
export async function bookCurrencyOf(db: Reader, organizationId: string): Promise<string | null> {
  const where = { organizationId };
  const orderBy = { createdAt: 'asc' as const };
  const select = { currency: true, createdAt: true };
  const found = (
    await Promise.all([
      db.fundingRound.findFirst({ where, orderBy, select }),
      db.budget.findFirst({ where, orderBy, select }),
      db.costEntry.findFirst({ where, orderBy, select }),
      db.revenueStream.findFirst({ where, orderBy, select }),
    ])
  ).filter((x): x is { currency: string; createdAt: Date } => x !== null);
  found.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return found[0]?.currency ?? null;
}

/** The currency a run's cost is written (and estimated) in: the books', else the configured default. */
export async function runCostCurrency(db: Reader, organizationId: string, fallback: string): Promise<string> {
  return (await bookCurrencyOf(db, organizationId)) ?? fallback;
}

const MS_PER_HOUR = 3_600_000n;

/**
 * hours × rate in whole minor units, in exact integer arithmetic (BigInt): ceil(ms × rate / 3,600,000).
 * Rounded up once any time was used, so a short run costs at least one minor unit, as before; the
 * floating-point version (ms / 3.6e6 × rate) was one unit too high for ~4% of durations at some rates.
 */
export function runCostMinor(billedMs: number, ratePerHourMinor: number): number {
  if (!Number.isFinite(billedMs) || !Number.isSafeInteger(ratePerHourMinor)) throw new Error(`cannot price ${billedMs} ms at ${ratePerHourMinor} per hour`);
  const ms = BigInt(Math.ceil(billedMs));
  const rate = BigInt(ratePerHourMinor);
  if (ms <= 0n || rate <= 0n) return 0;
  const minor = (ms * rate + MS_PER_HOUR - 1n) / MS_PER_HOUR;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`a cost of ${minor} minor units is out of range`);
  return Number(minor);
}

/** "USD 0.03", "JPY 5": minor units shown with the currency's own exponent (for log lines, not for sums). */
export function formatCostMinor(minor: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // an unknown code keeps two decimals
  }
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const major = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return `${currency} ${minor < 0 ? '-' : ''}${major}`;
}
