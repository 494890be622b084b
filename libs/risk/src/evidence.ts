// Platform evidence → suggested risks. Pure: given the evidence object, return a risk draft that links
// to it, or null when the evidence is not a risk. Each draft has a dedupe key: the platform raises a
// risk only when no open risk has the same key, so re-running an audit or a forecast raises it once.
import type { AiActTier, Money, RiskCategory, RiskLevel, RiskResponse, RiskSource } from '@meridian/domain';
import { RiskError } from './errors';
import { riskLevel } from './scoring';

export interface EvidenceRef {
  kind: Exclude<RiskSource, 'MANUAL'>;
  /** Id of the audit, budget alert or monitoring event the risk comes from. */
  id: string;
  /** Link to the evidence page or API resource, when the caller has one. */
  url: string | null;
  label: string;
}

export interface RiskDraft {
  projectId: string;
  modelVersionId: string | null;
  title: string;
  description: string;
  category: RiskCategory;
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
  suggestedResponse: RiskResponse;
  source: Exclude<RiskSource, 'MANUAL'>;
  evidence: EvidenceRef;
  dedupeKey: string;
  /** ISO date-time of the evidence. */
  detectedAt: string;
  /** Why the likelihood and impact were chosen, for the reviewer. */
  rationale: string;
}

const draft = (d: Omit<RiskDraft, 'score' | 'level'>): RiskDraft => ({ ...d, score: d.likelihood * d.impact, level: riskLevel(d.likelihood * d.impact) });
const need = (v: unknown, path: string) => {
  if (typeof v !== 'string' || v.trim() === '') throw new RiskError('INVALID_INPUT', `${path} is required`, [{ path, message: 'required' }]);
};

export interface FairnessAuditEvidence {
  auditId: string;
  projectId: string;
  modelVersionId: string;
  verdict: 'PASS' | 'WARN' | 'FAIL';
  /** Human-readable reasons from the audit ("demographic parity ratio 0.62 < 0.80 for sex=F"). */
  reasons: string[];
  completedAt: string;
  url?: string | null;
  /** Whether the audited model version serves production traffic now. */
  inProduction?: boolean;
  /** The project's EU AI Act tier, when known. */
  aiActTier?: AiActTier | null;
}

/**
 * FAIL → FAIRNESS_ETHICS risk; WARN only with `includeWarnings`; PASS → null.
 * Likelihood: FAIL in production 5 (people are affected now), FAIL before production 4, WARN 2.
 * Impact by the project's AI Act tier: HIGH or UNACCEPTABLE 5, LIMITED 4, MINIMAL or unknown 3.
 * Dedupe per model version: one open fairness risk however often the version is re-audited.
 */
export function riskFromFairnessAudit(a: FairnessAuditEvidence, options: { includeWarnings?: boolean } = {}): RiskDraft | null {
  need(a.auditId, 'auditId');
  need(a.projectId, 'projectId');
  need(a.modelVersionId, 'modelVersionId');
  if (a.verdict === 'PASS' || (a.verdict === 'WARN' && !options.includeWarnings)) return null;
  if (a.verdict !== 'FAIL' && a.verdict !== 'WARN') throw new RiskError('INVALID_INPUT', `verdict must be PASS, WARN or FAIL, got "${String(a.verdict)}"`, [{ path: 'verdict', message: 'unknown verdict' }]);
  const likelihood = a.verdict === 'WARN' ? 2 : a.inProduction ? 5 : 4;
  const impact = a.aiActTier === 'HIGH' || a.aiActTier === 'UNACCEPTABLE' ? 5 : a.aiActTier === 'LIMITED' ? 4 : 3;
  const reasons = a.reasons.length ? a.reasons.map((r) => `- ${r}`).join('\n') : '- (no reasons recorded)';
  return draft({
    projectId: a.projectId,
    modelVersionId: a.modelVersionId,
    title: `Fairness audit ${a.verdict === 'FAIL' ? 'failed' : 'warned'} for model version ${a.modelVersionId}`,
    description: `The fairness audit ${a.auditId} returned ${a.verdict}:\n${reasons}`,
    category: 'FAIRNESS_ETHICS',
    likelihood,
    impact,
    suggestedResponse: 'MITIGATE',
    source: 'FAIRNESS_AUDIT',
    evidence: { kind: 'FAIRNESS_AUDIT', id: a.auditId, url: a.url ?? null, label: `Fairness audit ${a.auditId}` },
    dedupeKey: `fairness:audit:${a.modelVersionId}`,
    detectedAt: a.completedAt,
    rationale: `likelihood ${likelihood}: ${a.verdict === 'WARN' ? 'warning only' : a.inProduction ? 'failed and serving production' : 'failed before production'}; impact ${impact}: AI Act tier ${a.aiActTier ?? 'unknown'}`,
  });
}

/** The fields of a finance budget alert (FORECAST_OVERRUN or OVER_BUDGET) the risk needs. */
export interface BudgetOverrunEvidence {
  kind: 'FORECAST_OVERRUN' | 'OVER_BUDGET' | 'THRESHOLD';
  budgetId: string;
  projectId: string;
  category: string;
  budget: Money;
  forecast: Money;
  actual: Money;
  overrunDate: string | null;
  asOf: string;
  periodEnd: string;
  message: string;
  url?: string | null;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000);

/**
 * FORECAST_OVERRUN or OVER_BUDGET → FINANCIAL risk (THRESHOLD alerts are not risks by themselves).
 * Likelihood: already over 5; overrun within 30 days 5, within 90 days 4, later 3.
 * Impact by the forecast overrun as a share of the budget: ≥ 50 % 5, ≥ 25 % 4, ≥ 10 % 3, else 2.
 * Dedupe per budget and period.
 */
export function riskFromBudgetAlert(e: BudgetOverrunEvidence): RiskDraft | null {
  need(e.budgetId, 'budgetId');
  need(e.projectId, 'projectId');
  if (e.kind !== 'FORECAST_OVERRUN' && e.kind !== 'OVER_BUDGET') return null;
  if (e.budget.currency !== e.forecast.currency) throw new RiskError('INVALID_INPUT', `budget is in ${e.budget.currency} but the forecast in ${e.forecast.currency}; give both in the budget currency`, [{ path: 'forecast.currency', message: 'currency mismatch' }]);
  const worst = Math.max(e.forecast.minor, e.actual.currency === e.budget.currency ? e.actual.minor : 0);
  const overPct = e.budget.minor > 0 ? ((worst - e.budget.minor) / e.budget.minor) * 100 : 100;
  const daysAway = e.overrunDate ? daysBetween(e.asOf, e.overrunDate) : null;
  const likelihood = e.kind === 'OVER_BUDGET' ? 5 : daysAway !== null && daysAway <= 30 ? 5 : daysAway !== null && daysAway <= 90 ? 4 : 3;
  const impact = overPct >= 50 ? 5 : overPct >= 25 ? 4 : overPct >= 10 ? 3 : 2;
  return draft({
    projectId: e.projectId,
    modelVersionId: null,
    title: e.kind === 'OVER_BUDGET' ? `${e.category} budget exceeded` : `${e.category} budget forecast to run out on ${e.overrunDate}`,
    description: e.message,
    category: 'FINANCIAL',
    likelihood,
    impact,
    suggestedResponse: 'MITIGATE',
    source: 'BUDGET_FORECAST',
    evidence: { kind: 'BUDGET_FORECAST', id: e.budgetId, url: e.url ?? null, label: `Budget ${e.budgetId} as of ${e.asOf}` },
    dedupeKey: `financial:budget:${e.budgetId}:${e.periodEnd}`,
    detectedAt: e.asOf,
    rationale: `likelihood ${likelihood}: ${e.kind === 'OVER_BUDGET' ? 'already over budget' : `overrun ${daysAway} days away`}; impact ${impact}: forecast ${Math.round(overPct)}% over budget`,
  });
}

export interface DriftEvidence {
  kind: 'DRIFT';
  eventId: string;
  projectId: string;
  modelVersionId: string;
  /** The version number people know the model by (titles read "model v3", not an id). */
  modelVersion?: number;
  inProduction: boolean;
  /** Drift statistic name (PSI, KS, ...), its value and the alert threshold. */
  statistic: string;
  value: number;
  threshold: number;
  features?: string[];
  detectedAt: string;
  url?: string | null;
}

export interface MetricDropEvidence {
  kind: 'METRIC_DROP';
  eventId: string;
  projectId: string;
  modelVersionId: string;
  /** The version number people know the model by (titles read "model v3", not an id). */
  modelVersion?: number;
  inProduction: boolean;
  metric: string;
  baseline: number;
  current: number;
  /** Default true (accuracy); false for error-like metrics (loss, latency). */
  higherIsBetter?: boolean;
  detectedAt: string;
  url?: string | null;
}

/**
 * Drift or a metric drop on a production model → TECHNICAL risk; non-production models and changes
 * below the threshold → null.
 * Drift: likelihood 4 (drift usually precedes degradation), impact by value / threshold: ≥ 3× 5, ≥ 2× 4, else 3.
 * Metric drop (relative to the baseline, at least `minDropPct`, default 5 %): likelihood 5 (measured
 * degradation), impact: ≥ 20 % 5, ≥ 10 % 4, else 3.
 * Dedupe per model version (drift) and per model version and metric (drops).
 */
export function riskFromModelMonitoring(e: DriftEvidence | MetricDropEvidence, options: { minDropPct?: number } = {}): RiskDraft | null {
  need(e.eventId, 'eventId');
  need(e.projectId, 'projectId');
  need(e.modelVersionId, 'modelVersionId');
  if (!e.inProduction) return null;
  const model = e.modelVersion !== undefined ? `v${e.modelVersion}` : `version ${e.modelVersionId}`;
  if (e.kind === 'DRIFT') {
    if (!Number.isFinite(e.value) || !Number.isFinite(e.threshold) || e.threshold <= 0) {
      throw new RiskError('INVALID_INPUT', 'drift value and threshold must be finite numbers, threshold > 0', [{ path: 'threshold', message: 'invalid' }]);
    }
    if (e.value <= e.threshold) return null;
    const ratio = e.value / e.threshold;
    const impact = ratio >= 3 ? 5 : ratio >= 2 ? 4 : 3;
    const feats = e.features?.length ? ` on ${e.features.join(', ')}` : '';
    return draft({
      projectId: e.projectId,
      modelVersionId: e.modelVersionId,
      title: `Data drift on production model ${model}`,
      description: `${e.statistic} = ${e.value} exceeds the threshold ${e.threshold}${feats}; predictions may degrade.`,
      category: 'TECHNICAL',
      likelihood: 4,
      impact,
      suggestedResponse: 'MITIGATE',
      source: 'MODEL_DRIFT',
      evidence: { kind: 'MODEL_DRIFT', id: e.eventId, url: e.url ?? null, label: `Drift check ${e.eventId}` },
      dedupeKey: `technical:drift:${e.modelVersionId}`,
      detectedAt: e.detectedAt,
      rationale: `likelihood 4: drift observed in production; impact ${impact}: ${ratio.toFixed(2)}× the threshold`,
    });
  }
  if (!Number.isFinite(e.baseline) || !Number.isFinite(e.current)) throw new RiskError('INVALID_INPUT', 'baseline and current must be finite numbers', [{ path: 'current', message: 'not finite' }]);
  if (e.baseline === 0) throw new RiskError('INVALID_INPUT', 'a relative drop needs a non-zero baseline', [{ path: 'baseline', message: 'zero' }]);
  const higher = e.higherIsBetter ?? true;
  const dropPct = ((higher ? e.baseline - e.current : e.current - e.baseline) / Math.abs(e.baseline)) * 100;
  if (dropPct < (options.minDropPct ?? 5)) return null;
  const impact = dropPct >= 20 ? 5 : dropPct >= 10 ? 4 : 3;
  return draft({
    projectId: e.projectId,
    modelVersionId: e.modelVersionId,
    title: `${e.metric} dropped ${dropPct.toFixed(1)}% on production model ${model}`,
    description: `${e.metric} went from ${e.baseline} to ${e.current} (${higher ? 'higher' : 'lower'} is better).`,
    category: 'TECHNICAL',
    likelihood: 5,
    impact,
    suggestedResponse: 'MITIGATE',
    source: 'METRIC_DROP',
    evidence: { kind: 'METRIC_DROP', id: e.eventId, url: e.url ?? null, label: `Metric check ${e.eventId}` },
    dedupeKey: `technical:metric-drop:${e.modelVersionId}:${e.metric}`,
    detectedAt: e.detectedAt,
    rationale: `likelihood 5: degradation measured in production; impact ${impact}: ${dropPct.toFixed(1)}% relative drop`,
  });
}

/**
 * Drafts whose dedupe key is not among `existingKeys` (the keys of the project's open risks), each key
 * once: when the batch has two drafts with one key, the higher score wins.
 */
export function newRiskSuggestions(drafts: readonly (RiskDraft | null)[], existingKeys: Iterable<string>): RiskDraft[] {
  const taken = new Set(existingKeys);
  const best = new Map<string, RiskDraft>();
  for (const d of drafts) {
    if (!d || taken.has(d.dedupeKey)) continue;
    const prev = best.get(d.dedupeKey);
    if (!prev || d.score > prev.score) best.set(d.dedupeKey, d);
  }
  return [...best.values()];
}
