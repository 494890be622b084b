// Likelihood × impact scoring, level bands and the 5x5 heat map.
import { RISK_LEVELS, type RiskLevel, type RiskResponse } from '@meridian/domain';
import { RiskError } from './errors';

/**
 * Score = likelihood × impact (1..25; only 14 products occur). Bands:
 *   1–4 LOW, 5–9 MEDIUM, 10–16 HIGH, 20–25 CRITICAL.
 * Why: CRITICAL needs one axis at 5 and the other at least 4 (near-certain and severe). 10 = 2 × 5 is
 * HIGH on purpose: an unlikely but catastrophic risk (a data breach, a banned use) still needs an owner
 * and a plan. 5 = 1 × 5 (rare, catastrophic) is MEDIUM, and nothing that is at most "minor" on both axes
 * (≤ 2 × 2) rises above LOW. Scores 17–19 cannot occur, so the CRITICAL band starts at 20.
 */
export const LEVEL_BANDS: readonly { level: RiskLevel; min: number; max: number }[] = [
  { level: 'LOW', min: 1, max: 4 },
  { level: 'MEDIUM', min: 5, max: 9 },
  { level: 'HIGH', min: 10, max: 16 },
  { level: 'CRITICAL', min: 17, max: 25 },
];

export function assertRating(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    throw new RiskError('INVALID_RATING', `${path} must be a whole number from 1 to 5, got ${JSON.stringify(value)}`, [{ path, message: 'must be 1..5', expected: '1|2|3|4|5' }]);
  }
  return value;
}

export function riskScore(likelihood: number, impact: number): number {
  return assertRating(likelihood, 'likelihood') * assertRating(impact, 'impact');
}

export function riskLevel(score: number): RiskLevel {
  if (!Number.isInteger(score) || score < 1 || score > 25) throw new RiskError('INVALID_RATING', `a score is 1..25, got ${score}`, [{ path: 'score', message: 'must be 1..25' }]);
  return LEVEL_BANDS.find((b) => score >= b.min && score <= b.max)!.level;
}

export const levelRank = (l: RiskLevel): number => RISK_LEVELS.indexOf(l);

export interface RiskRatingInput {
  likelihood: number;
  impact: number;
  response?: RiskResponse | null;
  residualLikelihood?: number | null;
  residualImpact?: number | null;
}

export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  residualLikelihood: number;
  residualImpact: number;
  residualScore: number;
  residualLevel: RiskLevel;
  /** score − residualScore: how much the response buys. */
  reduction: number;
}

/**
 * Residual rating after the response. Missing residual values default to the inherent ones (an ACCEPTed
 * or not-yet-mitigated risk keeps its score). A response cannot make a risk worse: residual likelihood or
 * impact above the inherent one is INVALID_RESIDUAL; ACCEPT with a lower residual is also refused,
 * because accepting changes nothing about the risk itself.
 */
export function assessRisk(r: RiskRatingInput): RiskAssessment {
  const score = riskScore(r.likelihood, r.impact);
  const rl = r.residualLikelihood == null ? r.likelihood : assertRating(r.residualLikelihood, 'residualLikelihood');
  const ri = r.residualImpact == null ? r.impact : assertRating(r.residualImpact, 'residualImpact');
  if (rl > r.likelihood || ri > r.impact) {
    throw new RiskError('INVALID_RESIDUAL', `residual rating (${rl} × ${ri}) cannot exceed the inherent rating (${r.likelihood} × ${r.impact}); a response never makes a risk worse — reassess the inherent rating instead`, [
      { path: rl > r.likelihood ? 'residualLikelihood' : 'residualImpact', message: 'above inherent' },
    ]);
  }
  if (r.response === 'ACCEPT' && (rl !== r.likelihood || ri !== r.impact)) {
    throw new RiskError('INVALID_RESIDUAL', 'an ACCEPTed risk keeps its inherent rating; choose MITIGATE, TRANSFER or AVOID to claim a lower residual', [{ path: 'response', message: 'ACCEPT with lower residual' }]);
  }
  const residualScore = rl * ri;
  return { score, level: riskLevel(score), residualLikelihood: rl, residualImpact: ri, residualScore, residualLevel: riskLevel(residualScore), reduction: score - residualScore };
}

export interface HeatMapCell {
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
  count: number;
  riskIds: string[];
}

export interface HeatMap {
  /** rows[likelihood − 1][impact − 1]; render with likelihood 5 at the top. */
  rows: HeatMapCell[][];
  total: number;
  byLevel: Record<RiskLevel, number>;
}

export interface HeatMapRisk {
  id: string;
  likelihood: number;
  impact: number;
  residualLikelihood?: number | null;
  residualImpact?: number | null;
  status?: string;
}

/** 5x5 counts of risks by likelihood and impact (inherent, or residual with `{ residual: true }`); CLOSED risks are left out. */
export function heatMap(risks: readonly HeatMapRisk[], options: { residual?: boolean; includeClosed?: boolean } = {}): HeatMap {
  const rows: HeatMapCell[][] = [];
  for (let l = 1; l <= 5; l++) {
    const row: HeatMapCell[] = [];
    for (let i = 1; i <= 5; i++) row.push({ likelihood: l, impact: i, score: l * i, level: riskLevel(l * i), count: 0, riskIds: [] });
    rows.push(row);
  }
  const byLevel: Record<RiskLevel, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  let total = 0;
  risks.forEach((r, k) => {
    if (r.status === 'CLOSED' && !options.includeClosed) return;
    const l = assertRating(options.residual ? (r.residualLikelihood ?? r.likelihood) : r.likelihood, `risks.${k}.likelihood`);
    const i = assertRating(options.residual ? (r.residualImpact ?? r.impact) : r.impact, `risks.${k}.impact`);
    const cell = rows[l - 1][i - 1];
    cell.count++;
    cell.riskIds.push(r.id);
    byLevel[cell.level]++;
    total++;
  });
  return { rows, total, byLevel };
}
