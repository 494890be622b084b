// The rules of a challenger comparison, as pure functions: which metric decides, who won, and
// whether the challenger is promoted automatically. The model.compare job applies them to the two
// evaluation reports it computed on the same test rows; the unit tests pin every branch.
import type { ComparisonWinner } from '@meridian/domain';
import { lowerIsBetter, metricValue, roundMetric } from './metrics';
import type { GateResult } from './gate';

/** Differences smaller than this are float noise, not a win. */
const EPSILON = 1e-9;

/** RetrainPolicy.compareMetric, else the project goal's metric, else accuracy (rmse for regression). */
export function resolveCompareMetric(policyMetric: string | null | undefined, goalMetric: string | null | undefined, task: string | null | undefined): string {
  const m = policyMetric?.trim() || goalMetric?.trim();
  if (m) return m;
  return task === 'regression' ? 'rmse' : 'accuracy';
}

/**
 * The value of `metric` in a comparison report. Regression reports carry `labelUnits` (errors in the
 * label's own units): each model standardises the label with its own mean and deviation, so only
 * label-unit errors are comparable between two models.
 */
export function comparisonMetricValue(report: unknown, metric: string): number | null {
  const units = (report as { labelUnits?: unknown } | null)?.labelUnits;
  if (units) {
    const v = metricValue(units, metric);
    if (v !== null) return v;
  }
  return metricValue(report, metric);
}

export interface ComparisonInput {
  metric: string;
  challengerValue: number | null;
  /** null when the project has no champion. */
  championValue: number | null;
  hasChampion: boolean;
}

export interface ComparisonOutcome {
  winner: ComparisonWinner | null;
  /** Positive: the challenger is better by this much (in the metric's direction). */
  improvement: number | null;
  lowerIsBetter: boolean;
}

export function compareValues(c: ComparisonInput): ComparisonOutcome {
  const lower = lowerIsBetter(c.metric);
  if (!c.hasChampion) return { winner: 'NO_CHAMPION', improvement: null, lowerIsBetter: lower };
  if (c.challengerValue === null || c.championValue === null || !Number.isFinite(c.challengerValue) || !Number.isFinite(c.championValue)) return { winner: null, improvement: null, lowerIsBetter: lower };
  const improvement = lower ? c.championValue - c.challengerValue : c.challengerValue - c.championValue;
  const winner: ComparisonWinner = Math.abs(improvement) <= EPSILON ? 'TIE' : improvement > 0 ? 'CHALLENGER' : 'CHAMPION';
  return { winner, improvement, lowerIsBetter: lower };
}

export interface PromotionDecisionInput {
  metric: string;
  outcome: ComparisonOutcome;
  autoPromote: boolean;
  margin: number;
  /** Only needed when the challenger qualifies; null when the gate was not evaluated. */
  gate: GateResult | null;
  challengerValue: number | null;
  championValue: number | null;
}

export interface PromotionDecision {
  /** The challenger won (by the margin, or there was no champion): the gate decides the rest. */
  qualifies: boolean;
  promote: boolean;
  /** One sentence: promoted, or why not. */
  decision: string;
}

const fmt = (v: number | null) => (v === null ? 'n/a' : String(roundMetric(v)));

/** Whether the challenger qualifies for auto-promotion (before the gate), and the sentence that explains it. */
export function qualifiesForPromotion(i: Omit<PromotionDecisionInput, 'gate'>): { qualifies: boolean; why: string } {
  const { metric, outcome, margin } = i;
  const values = `challenger ${metric} ${fmt(i.challengerValue)} against the champion's ${fmt(i.championValue)}`;
  if (outcome.winner === 'NO_CHAMPION') return { qualifies: i.challengerValue !== null, why: i.challengerValue === null ? `the challenger has no "${metric}" on the test rows` : `the project has no champion yet (${metric} ${fmt(i.challengerValue)})` };
  if (outcome.winner === null) return { qualifies: false, why: `"${metric}" is missing from one of the evaluation reports; nothing to decide on` };
  if (outcome.winner === 'TIE') return { qualifies: false, why: `a tie: ${values}` };
  if (outcome.winner === 'CHAMPION') return { qualifies: false, why: `the champion is better: ${values}` };
  const imp = outcome.improvement ?? 0;
  if (imp + EPSILON < margin) return { qualifies: false, why: `the challenger is better by ${fmt(imp)}, less than the margin ${margin}: ${values}` };
  return { qualifies: true, why: `the challenger is better by ${fmt(imp)} >= margin ${margin}: ${values}` };
}

export function decidePromotion(i: PromotionDecisionInput): PromotionDecision {
  const q = qualifiesForPromotion(i);
  if (!q.qualifies) return { qualifies: false, promote: false, decision: `Not promoted: ${q.why}.` };
  if (!i.autoPromote) return { qualifies: true, promote: false, decision: `Not promoted: auto-promotion is off for this project. ${capitalise(q.why)}; promote it from the registry if you agree.` };
  if (!i.gate) return { qualifies: true, promote: false, decision: `Not promoted: the promotion gate was not evaluated. ${capitalise(q.why)}.` };
  if (!i.gate.ok) return { qualifies: true, promote: false, decision: `Not promoted: the promotion gate refused (${i.gate.reasons.filter(Boolean).join('; ')}). ${capitalise(q.why)}.` };
  return { qualifies: true, promote: true, decision: `Promoted to champion and production: ${q.why}; the promotion gate passed.` };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
