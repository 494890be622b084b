import { z } from 'zod';
import { AEQUITAS_METRICS, ZFairnessAuditOptions, type FairnessAuditJson } from './fairness';

// The verdict layer on top of a fairness audit: the policy (thresholds) it was judged by, the
// verdict and its reasons, and the mitigation before/after numbers. The CLI (`meridian audit
// --json`) prints this object and the REST API answers it (plus the audit record's own fields).

export const FAIRNESS_VERDICTS = ['PASS', 'WARN', 'FAIL'] as const;
export type FairnessVerdict = (typeof FAIRNESS_VERDICTS)[number];

/** Thresholds an audit is judged by; every field has a default, so `{}` is the standard policy. */
export const ZFairnessPolicy = z.object({
  /** Aequitas metrics whose parity flags decide the verdict (pprev = selection rate: the four-fifths rule). */
  parityMetrics: z.array(z.enum(AEQUITAS_METRICS)).min(1).default(['pprev', 'tpr']),
  /** Fail when |demographic parity difference| (between groups) exceeds this. */
  maxDemographicParityDifference: z.number().gt(0).lt(1).default(0.1),
  /** Fail when the equalized odds difference (worst case, between groups) exceeds this. */
  maxEqualizedOddsDifference: z.number().gt(0).lt(1).default(0.2),
  /** Warn when a value is within this fraction of its limit (0.2: DPD above 0.08 with the 0.1 default). */
  warnMargin: z.number().min(0).lt(1).default(0.2),
  /** Warn when a non-empty group has fewer rows than this (its rates are too noisy to judge). */
  minGroupRows: z.number().int().min(1).default(30),
});
export type FairnessPolicy = z.output<typeof ZFairnessPolicy>;
export type FairnessPolicyInput = z.input<typeof ZFairnessPolicy>;

/**
 * A project's fairness policy: the Aequitas tau and the verdict thresholds every audit of one of its
 * model versions is judged by, plus the sensitive columns such an audit must include. Set by an
 * OWNER or ADMIN (PUT /orgs/{orgId}/projects/{projectId}/fairness-policy, audited); `{}` is the
 * standard policy (tau 0.8 and the ZFairnessPolicy defaults). The promotion gate trusts only
 * audits judged at least this strictly, so a requester's own thresholds cannot unblock a model.
 */
export const ZProjectFairnessPolicySchema = ZFairnessPolicy.extend({
  tau: z.number().gt(0).lte(1).default(0.8),
  /** Sensitive columns a gate-relevant audit must name (e.g. ['gender']); [] = the requester chooses. */
  requiredSensitive: z.array(z.string().trim().min(1).max(200)).max(8).default([]),
});
export type ProjectFairnessPolicy = z.output<typeof ZProjectFairnessPolicySchema>;
export type ProjectFairnessPolicyInput = z.input<typeof ZProjectFairnessPolicySchema>;
export const DEFAULT_PROJECT_FAIRNESS_POLICY: ProjectFairnessPolicy = ZProjectFairnessPolicySchema.parse({});

export interface ProjectFairnessPolicyView extends ProjectFairnessPolicy {
  projectId: string;
  /** True while no one has set the project's policy (the standard policy applies). */
  isDefault: boolean;
  updatedById: string | null;
  updatedByName: string | null;
  updatedAt: string | null;
}

/** The thresholds one audit was (or would be) judged by, in the shape a policy comparison needs. */
export interface AppliedFairnessThresholds {
  tau: number;
  policy: FairnessPolicy;
  sensitive: string[];
}

/** The thresholds stored in an audit's options (`{ audit: { tau, sensitive }, policy }`), defaults filled in. */
export function appliedThresholdsOf(options: unknown): AppliedFairnessThresholds {
  const o = (options ?? {}) as { audit?: { tau?: unknown; sensitive?: unknown }; policy?: unknown };
  const policy = ZFairnessPolicy.safeParse(o.policy ?? {});
  return {
    tau: typeof o.audit?.tau === 'number' ? o.audit.tau : DEFAULT_PROJECT_FAIRNESS_POLICY.tau,
    // An unreadable stored policy cannot be shown to be strict enough: judge it as the loosest.
    policy: policy.success ? policy.data : { parityMetrics: ['pprev'], maxDemographicParityDifference: 1, maxEqualizedOddsDifference: 1, warnMargin: 0, minGroupRows: 1 },
    sensitive: Array.isArray(o.audit?.sensitive) ? o.audit.sensitive.map(String) : [],
  };
}

/**
 * Where `applied` is looser than the project's `policy`: one issue per field, with the path a
 * request would use (`tau`, `policy.<field>`, `sensitive`). Empty when it is at least as strict:
 * a higher tau (narrower band), every policy parity metric (more may be added), lower maximum
 * differences, a wider warn margin, a larger minimum group, and every required sensitive column.
 */
export function fairnessPolicyLoosenings(applied: AppliedFairnessThresholds, policy: ProjectFairnessPolicy): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const p = applied.policy;
  if (applied.tau < policy.tau) out.push({ path: 'tau', message: `${applied.tau} is looser than the project's fairness policy (tau ${policy.tau}); use ${policy.tau} or higher` });
  const missing = policy.parityMetrics.filter((m) => !p.parityMetrics.includes(m));
  if (missing.length) out.push({ path: 'policy.parityMetrics', message: `leaves out ${missing.join(', ')}, which the project's fairness policy judges; keep ${policy.parityMetrics.join(', ')} (you may add more)` });
  if (p.maxDemographicParityDifference > policy.maxDemographicParityDifference) {
    out.push({ path: 'policy.maxDemographicParityDifference', message: `${p.maxDemographicParityDifference} is looser than the project's fairness policy (${policy.maxDemographicParityDifference}); use ${policy.maxDemographicParityDifference} or lower` });
  }
  if (p.maxEqualizedOddsDifference > policy.maxEqualizedOddsDifference) {
    out.push({ path: 'policy.maxEqualizedOddsDifference', message: `${p.maxEqualizedOddsDifference} is looser than the project's fairness policy (${policy.maxEqualizedOddsDifference}); use ${policy.maxEqualizedOddsDifference} or lower` });
  }
  if (p.warnMargin < policy.warnMargin) out.push({ path: 'policy.warnMargin', message: `${p.warnMargin} is looser than the project's fairness policy (${policy.warnMargin}); use ${policy.warnMargin} or higher` });
  if (p.minGroupRows < policy.minGroupRows) out.push({ path: 'policy.minGroupRows', message: `${p.minGroupRows} is looser than the project's fairness policy (${policy.minGroupRows}); use ${policy.minGroupRows} or higher` });
  const absent = policy.requiredSensitive.filter((c) => !applied.sensitive.includes(c));
  if (absent.length) out.push({ path: 'sensitive', message: `must include ${absent.map((c) => `'${c}'`).join(', ')}: the project's fairness policy requires every audit of a model version to judge it` });
  return out;
}

export const FAIRNESS_REASON_CODES = [
  'PARITY_FAILED',
  'PARITY_NEAR_LIMIT',
  'PARITY_UNDEFINED',
  'DEMOGRAPHIC_PARITY_DIFFERENCE',
  'DEMOGRAPHIC_PARITY_NEAR_LIMIT',
  'EQUALIZED_ODDS_DIFFERENCE',
  'EQUALIZED_ODDS_NEAR_LIMIT',
  'SMALL_GROUP',
] as const;
export type FairnessReasonCode = (typeof FAIRNESS_REASON_CODES)[number];

export interface FairnessReason {
  code: FairnessReasonCode;
  /** What this reason contributes: FAIL or WARN. */
  severity: Exclude<FairnessVerdict, 'PASS'>;
  /** Human sentence naming the group, metric, value and limit. */
  message: string;
  /** Path of the value in the report, e.g. `result.aequitas.attributes.0.groups.1.disparities.pprev`. */
  path: string;
  value: number | null;
  limit: number | null;
  attribute?: string;
  group?: string;
  metric?: string;
}

/** Mitigation results in JSON form (no per-row arrays); null where the input did not allow it. */
export interface FairnessMitigationJson {
  reweighing: {
    factors: Array<{ group: string; label: 0 | 1; factor: number | null }>;
    before: FairnessDatasetBiasJson;
    after: FairnessDatasetBiasJson;
  } | null;
  /** Demographic-parity group thresholds (also the first entry of `thresholdsByConstraint`). */
  thresholds: FairnessThresholdMitigationJson | null;
  /** Group thresholds for each constraint: demographic parity, then equalized odds (absent in reports written before both were offered). */
  thresholdsByConstraint?: FairnessThresholdMitigationJson[];
  /**
   * Where the thresholds were fitted and measured: `holdout` (fitted on one seeded half of the
   * audit rows, before/after measured on the other half) or `in_sample` (fitted and measured on the
   * same rows, when the rows are too few to split).
   */
  evaluation?: { method: 'holdout' | 'in_sample'; seed: number; fitRows: number; evalRows: number; description: string } | null;
  /** Why a part is null (no score column for thresholds, ...). */
  notes: string[];
}

export interface FairnessThresholdMitigationJson {
  constraint: 'demographic_parity' | 'equalized_odds';
  tolerance: number;
  thresholds: Array<{ group: string; threshold: number | null }>;
  satisfied: boolean;
  before: FairnessSummaryJson;
  after: FairnessSummaryJson;
}

export interface FairnessDatasetBiasJson {
  baseRateByGroup: Array<{ group: string; baseRate: number | null; weight: number }>;
  baseRateDifference: number | null;
  baseRateRatio: number | null;
  meanDifference: number | null;
  disparateImpact: number | null;
}

export interface FairnessSummaryJson {
  accuracy: number | null;
  byGroup: Array<{ group: string; rows: number; weight: number; selectionRate: number | null; truePositiveRate: number | null; falsePositiveRate: number | null; baseRate: number | null }>;
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
  equalizedOddsRatio: number | null;
  disparateImpact: number | null;
  statisticalParityDifference: number | null;
}

/** What `meridian audit --json` prints (plus `source`) and the API answers (plus the record fields). */
export interface FairnessReportJson {
  schemaVersion: 1;
  verdict: FairnessVerdict;
  reasons: FairnessReason[];
  policy: FairnessPolicy;
  result: FairnessAuditJson;
  mitigation: FairnessMitigationJson | null;
}

/** Options of an audit run on a predictions file: the audit options, the policy, and whether to run mitigation. */
export const ZFairnessReportOptions = z.object({
  audit: ZFairnessAuditOptions,
  policy: ZFairnessPolicy.prefault({}),
  mitigation: z.boolean().default(true),
});
export type FairnessReportOptions = z.input<typeof ZFairnessReportOptions>;

/** POST body of an audit of an uploaded predictions file: the CSV as text plus the audit options. */
export const ZCreateFairnessAuditSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  /** The predictions CSV (header row first); the API body limit applies (1 MB by default). */
  csv: z.string().min(1, { message: 'the CSV is empty' }),
  options: ZFairnessReportOptions,
  /** Set when the predictions come from a registered model version. */
  modelVersionId: z.string().min(1).max(64).optional(),
});
export type CreateFairnessAuditInput = z.input<typeof ZCreateFairnessAuditSchema>;

/**
 * POST body of an audit of a registered model version on a dataset version: the job predicts with
 * the model on every row of the dataset version, then builds the same report as for an uploaded
 * predictions file. Columns name the dataset version's columns; unset thresholds (tau, policy)
 * are the project's fairness policy, and set ones may only tighten it (422 naming the field).
 */
export const ZCreateModelAuditSchema = z.object({
  modelVersionId: z.string().min(1).max(64),
  datasetVersionId: z.string().min(1).max(64),
  /** The dataset version's true-label column (binary); default: the label column the model was trained on. */
  label: z.string().trim().min(1).max(200).optional(),
  sensitive: z.array(z.string().trim().min(1).max(200)).min(1, { message: 'name at least one sensitive column' }).max(4),
  control: z.array(z.string().trim().min(1).max(200)).max(4).optional(),
  weight: z.string().trim().min(1).max(200).optional(),
  /** Favourable value of the label (and of the model's predicted class); default 1 / true. */
  positiveLabel: z.union([z.string(), z.number(), z.boolean()]).optional(),
  privileged: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)).optional(),
  reference: z.union([z.literal('majority'), z.literal('min'), z.string().trim().min(1).max(200)]).optional(),
  tau: z.number().gt(0).lte(1).optional(),
  policy: ZFairnessPolicy.partial().optional(),
  mitigation: z.boolean().default(true),
  bootstrap: z.object({ reps: z.number().int().min(1).max(10_000).default(200), level: z.number().gt(0).lt(1).default(0.95), seed: z.number().int().default(0) }).optional(),
});
export type CreateModelAuditInput = z.input<typeof ZCreateModelAuditSchema>;

/** An OWNER's accepted exception to an audit's verdict for the promotion gate. */
export const ZAuditExceptionSchema = z.object({
  justification: z
    .string()
    .trim()
    .min(20, { message: 'write at least 20 characters: why the model may go to production despite this audit, and what limits its use' })
    .max(4000),
});
export type AuditExceptionInput = z.infer<typeof ZAuditExceptionSchema>;

export const ZFairnessAuditListQuery = z.object({
  projectId: z.string().min(1).max(64).optional(),
  modelVersionId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type FairnessAuditListQuery = z.input<typeof ZFairnessAuditListQuery>;

export const FAIRNESS_AUDIT_SOURCES = ['PREDICTIONS_UPLOAD', 'MODEL_VERSION'] as const;
export type FairnessAuditSource = (typeof FAIRNESS_AUDIT_SOURCES)[number];

export const FAIRNESS_REVIEW_DECISIONS = ['APPROVED', 'APPROVED_WITH_CONDITIONS', 'REJECTED'] as const;
export const ZFairnessReviewSchema = z.object({
  decision: z.enum(FAIRNESS_REVIEW_DECISIONS),
  note: z.string().trim().min(1, { message: 'say what the review found' }).max(4000),
});
export type FairnessReviewInput = z.infer<typeof ZFairnessReviewSchema>;

export interface FairnessAuditSummaryView {
  id: string;
  projectId: string;
  projectName: string;
  modelVersionId: string | null;
  /** The dataset version a MODEL_VERSION audit predicted on; null for uploaded predictions. */
  datasetVersionId: string | null;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  verdict: FairnessVerdict | null;
  /** The audited file: the uploaded predictions, or the dataset version the model predicted on. */
  source: { kind: FairnessAuditSource; fileName: string; bytes: number; sha256: string; rows: number | null };
  sensitive: string[];
  riskId: string | null;
  review: { reviewerId: string; reviewerName: string | null; decision: string; note: string; at: string } | null;
  /** An OWNER's accepted exception for the promotion gate (who, when, why). */
  exception: { byId: string; byName: string | null; justification: string; at: string } | null;
  error: { code: string; message: string } | null;
  createdById: string | null;
  createdAt: string;
  completedAt: string | null;
  jobId: string | null;
}

export interface FairnessAuditLineage {
  modelVersion: { id: string; version: number; url: string } | null;
  run: { id: string; name: string; url: string } | null;
  datasetVersion: { id: string; datasetId: string; datasetName: string; version: number; fileName: string; contentHash: string; url: string } | null;
}

/**
 * GET of one audit: the record's fields plus, at the top level, the keys `meridian audit --json`
 * prints (`schemaVersion`, `verdict`, `reasons`, `policy`, `result`, `mitigation`, `source`); the
 * report keys are empty (null / []) until the audit has run.
 */
export type FairnessAuditView = FairnessAuditSummaryView & {
  options: unknown;
  /** What was audited, by name: the model version, its training run, and the dataset version the model predicted on. */
  lineage: FairnessAuditLineage;
  /**
   * Whether the promotion gate counts this audit: it scored the model version itself (source
   * MODEL_VERSION) and was judged at least as strictly as the project's current fairness policy.
   * `gateNotes` says why not, field by field.
   */
  gateEligible: boolean;
  gateNotes: string[];
  schemaVersion: 1;
  reasons: FairnessReason[];
  policy: FairnessPolicy | null;
  result: FairnessAuditJson | null;
  mitigation: FairnessMitigationJson | null;
};
