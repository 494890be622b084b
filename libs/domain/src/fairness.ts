import { z } from 'zod';

// The fairness audit result model, shared by libs/fairness (which computes it), the API and CLI
// (which answer it as JSON) and the web app (which draws it). `N` is the number type: the library
// works with `number` (NaN when a value is undefined), JSON carries `number | null` and every
// null has a note in `notes` that says why.

/** Base metrics of a MetricFrame, named after Fairlearn/scikit-learn functions (camelCase). */
export const FAIRNESS_BASE_METRICS = [
  'count',
  'selectionRate',
  'truePositiveRate',
  'falsePositiveRate',
  'falseNegativeRate',
  'trueNegativeRate',
  'precision',
  'accuracy',
  'errorRate',
] as const;
export type FairnessBaseMetric = (typeof FAIRNESS_BASE_METRICS)[number];

/** Aequitas group metrics (Group.get_crosstabs) that get disparities and parity flags. */
export const AEQUITAS_METRICS = ['ppr', 'pprev', 'precision', 'fdr', 'for', 'fpr', 'fnr', 'tpr', 'tnr', 'npv'] as const;
export type AequitasMetric = (typeof AEQUITAS_METRICS)[number];

export type MetricValues<N> = Record<FairnessBaseMetric, N>;

export interface FairnessNote {
  /** Dotted path of the value the note explains, e.g. `metricFrame.levels.0.byGroup.female|B.precision`. */
  path: string;
  message: string;
}

export interface FairnessGroup {
  /** Group key: the sensitive values joined with `|` in feature order, e.g. `female|B`. */
  key: string;
  values: Record<string, string>;
  rows: number;
  weight: number;
  /** An intersection of sensitive values with no rows: its metrics are undefined and ignored by aggregates. */
  empty: boolean;
  privileged: boolean | null;
}

export interface BetweenAndOverall<N> {
  betweenGroups: N;
  toOverall: N;
}

export interface MetricFrameLevel<N> {
  /** Values of the control features for this level; null without control features. */
  control: Record<string, string> | null;
  overall: MetricValues<N>;
  byGroup: Array<{ group: string; metrics: MetricValues<N> }>;
  groupMin: MetricValues<N>;
  groupMax: MetricValues<N>;
  difference: { betweenGroups: MetricValues<N>; toOverall: MetricValues<N> };
  ratio: { betweenGroups: MetricValues<N>; toOverall: MetricValues<N> };
}

export interface MetricFrameShape<N> {
  sensitiveFeatures: string[];
  controlFeatures: string[];
  levels: Array<MetricFrameLevel<N>>;
}

export interface FairlearnMetricsShape<N> {
  demographicParityDifference: BetweenAndOverall<N>;
  demographicParityRatio: BetweenAndOverall<N>;
  equalizedOddsDifference: { worstCase: BetweenAndOverall<N>; mean: BetweenAndOverall<N> };
  equalizedOddsRatio: { worstCase: BetweenAndOverall<N>; mean: BetweenAndOverall<N> };
  equalOpportunityDifference: BetweenAndOverall<N>;
  equalOpportunityRatio: BetweenAndOverall<N>;
}

export interface PrivilegedMetricsShape<N> {
  /** Column -> accepted values; a row is privileged when every listed column has one of its values. */
  privileged: Record<string, string[]>;
  privilegedRows: number;
  unprivilegedRows: number;
  privilegedWeight: number;
  unprivilegedWeight: number;
  selectionRate: { privileged: N; unprivileged: N };
  baseRate: { privileged: N; unprivileged: N };
  truePositiveRate: { privileged: N; unprivileged: N };
  falsePositiveRate: { privileged: N; unprivileged: N };
  falseNegativeRate: { privileged: N; unprivileged: N };
  errorRate: { privileged: N; unprivileged: N };
  disparateImpact: N;
  statisticalParityDifference: N;
  equalOpportunityDifference: N;
  averageOddsDifference: N;
  averageAbsOddsDifference: N;
  falsePositiveRateDifference: N;
  falseNegativeRateDifference: N;
  errorRateDifference: N;
  classImbalance: N;
  alpha: number;
  generalizedEntropyIndex: N;
  theilIndex: N;
  coefficientOfVariation: N;
  betweenGroupGeneralizedEntropyIndex: N;
  betweenGroupTheilIndex: N;
  betweenGroupCoefficientOfVariation: N;
  betweenAllGroupsGeneralizedEntropyIndex: N;
  betweenAllGroupsTheilIndex: N;
  betweenAllGroupsCoefficientOfVariation: N;
}

export type AequitasReference = 'majority' | 'min' | { group: string };

export interface AequitasGroupShape<N> {
  group: string;
  size: number;
  metrics: Record<AequitasMetric, N>;
  disparities: Record<AequitasMetric, N>;
  referenceGroups: Record<AequitasMetric, string>;
  /** tau <= disparity <= 1/tau; null when the disparity is undefined. */
  parity: Record<AequitasMetric, boolean | null>;
}

export interface AequitasShape<N> {
  tau: number;
  reference: AequitasReference;
  fillDivByZero: number;
  attributes: Array<{ attribute: string; groups: Array<AequitasGroupShape<N>> }>;
}

export interface CalibrationBin<N> {
  lower: number;
  upper: number;
  rows: number;
  weight: number;
  meanPredicted: N;
  fractionPositive: N;
}

export interface CalibrationShape<N> {
  bins: number;
  overall: { ece: N; bins: Array<CalibrationBin<N>> };
  byGroup: Array<{ group: string; ece: N; bins: Array<CalibrationBin<N>> }>;
}

/** Percentile bootstrap interval of one base metric of one group (rows resampled, seeded). */
export interface GroupMetricInterval<N> {
  group: string;
  metric: FairnessBaseMetric;
  estimate: N;
  lower: N;
  upper: N;
  level: number;
  reps: number;
  validReps: number;
  seed: number;
}

export interface FairnessAuditShape<N> {
  schemaVersion: 1;
  input: {
    rows: number;
    totalWeight: number;
    weighted: boolean;
    label: string;
    prediction: string | null;
    score: string | null;
    threshold: number | null;
    positiveLabel: string;
    sensitive: string[];
    control: string[];
    weight: string | null;
  };
  groups: FairnessGroup[];
  metricFrame: MetricFrameShape<N>;
  fairlearn: FairlearnMetricsShape<N>;
  aif360: PrivilegedMetricsShape<N> | null;
  aequitas: AequitasShape<N>;
  calibration: CalibrationShape<N> | null;
  /** Present when the audit was asked for bootstrap intervals. */
  intervals: Array<GroupMetricInterval<N>> | null;
  notes: FairnessNote[];
}

/** The JSON form: undefined values are null and explained in `notes`. */
export type FairnessAuditJson = FairnessAuditShape<number | null>;

/** Options of an audit, as the CLI flags and the API body give them. */
export const ZFairnessAuditOptions = z.object({
  label: z.string().min(1),
  prediction: z.string().min(1).optional(),
  score: z.string().min(1).optional(),
  threshold: z.number().finite().default(0.5),
  sensitive: z.array(z.string().min(1)).min(1, { message: 'name at least one sensitive column' }),
  control: z.array(z.string().min(1)).default([]),
  weight: z.string().min(1).optional(),
  positiveLabel: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** Column -> values that make a row privileged (AIF360 privileged_groups; other rows are unprivileged). */
  privileged: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)).optional(),
  /** Aequitas reference group: 'majority', 'min' (per metric), or a group key such as 'male' or 'male|A'. */
  reference: z
    .union([
      z.literal('majority'),
      z.literal('min'),
      z.object({ group: z.string().min(1) }),
      z.string().min(1).transform((group) => ({ group })),
    ])
    .default('majority'),
  tau: z.number().gt(0).lte(1).default(0.8),
  alpha: z.number().finite().default(2),
  calibrationBins: z.number().int().min(1).max(1000).default(10),
  zeroDivision: z.enum(['reference', 'nan']).default('reference'),
  /** Bootstrap intervals for every group's base metrics (costs reps passes over the rows). */
  bootstrap: z
    .object({
      reps: z.number().int().min(1).max(100_000).default(1000),
      level: z.number().gt(0).lt(1).default(0.95),
      seed: z.number().int().default(0),
    })
    .optional(),
});
export type FairnessAuditOptions = z.input<typeof ZFairnessAuditOptions>;
