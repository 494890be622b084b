// NPS and CSAT with counts and 95 % confidence intervals.
//
// CSAT interval: Wilson score interval for a binomial proportion (satisfied = 4 or 5). Unlike the
// normal approximation it stays inside [0, 100] and behaves at small n and at 0 % / 100 %.
//
// NPS interval: NPS is the mean of a per-response score X ∈ {+1 promoter, 0 passive, −1 detractor}.
// Var(X) = p₊ + p₋ − (p₊ − p₋)², so SE(NPS) = sqrt(Var(X) / n) and the interval is
// NPS ± z·SE (×100), clipped to [−100, 100]. This is the usual variance-based (Wald) interval; it is
// approximate for small n, so callers should show n next to it.

export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

export interface NpsSummary {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100..100, one decimal; null when there are no responses. */
  nps: number | null;
  ci: Interval | null;
}

export interface CsatSummary {
  n: number;
  /** Ratings of 4 or 5. */
  satisfied: number;
  /** 0..100, one decimal; null when there are no ratings. */
  csat: number | null;
  ci: Interval | null;
  /** Count per rating 1..5. */
  distribution: [number, number, number, number, number];
}

export class SatisfactionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SatisfactionError';
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function isValidNps(score: unknown): score is number {
  return typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10;
}

export function isValidCsat(rating: unknown): rating is number {
  return typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5;
}

export type NpsClass = 'PROMOTER' | 'PASSIVE' | 'DETRACTOR';

export function classifyNps(score: number): NpsClass {
  if (!isValidNps(score)) throw new SatisfactionError(`NPS score must be a whole number from 0 to 10, got ${String(score)}`);
  return score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR';
}

export function npsSummary(scores: readonly number[], z = Z95, level = 0.95): NpsSummary {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const s of scores) {
    const c = classifyNps(s);
    if (c === 'PROMOTER') promoters++;
    else if (c === 'PASSIVE') passives++;
    else detractors++;
  }
  const n = scores.length;
  if (n === 0) return { n, promoters, passives, detractors, nps: null, ci: null };
  const pp = promoters / n;
  const pd = detractors / n;
  const mean = pp - pd;
  const variance = Math.max(0, pp + pd - mean * mean);
  const margin = z * Math.sqrt(variance / n);
  return {
    n,
    promoters,
    passives,
    detractors,
    nps: round1(mean * 100),
    ci: { low: round1(Math.max(-1, mean - margin) * 100), high: round1(Math.min(1, mean + margin) * 100), level },
  };
}

/** Wilson score interval for k successes out of n, as proportions in [0, 1]. */
export function wilsonInterval(k: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) throw new SatisfactionError('Wilson interval needs at least one observation');
  if (k < 0 || k > n) throw new SatisfactionError(`successes must be between 0 and n (${n}), got ${k}`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0 % and 100 % the bound on that side is exactly 0 or 1; the formula leaves float dust there.
  return { low: k === 0 ? 0 : Math.max(0, centre - margin), high: k === n ? 1 : Math.min(1, centre + margin) };
}

export function csatSummary(ratings: readonly number[], z = Z95, level = 0.95): CsatSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of ratings) {
    if (!isValidCsat(r)) throw new SatisfactionError(`CSAT rating must be a whole number from 1 to 5, got ${String(r)}`);
    distribution[r - 1]++;
  }
  const n = ratings.length;
  const satisfied = distribution[3] + distribution[4];
  if (n === 0) return { n, satisfied, csat: null, ci: null, distribution };
  const w = wilsonInterval(satisfied, n, z);
  return { n, satisfied, csat: round1((satisfied / n) * 100), ci: { low: round1(w.low * 100), high: round1(w.high * 100), level }, distribution };
}
