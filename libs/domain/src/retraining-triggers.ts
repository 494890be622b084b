// Retraining triggers (issue 4) and the production metrics they watch. A trigger's `config` is
// validated per kind by ZRetrainTriggerConfigs: the API answers 422 naming `config.<field>` when a
// config does not fit its kind, and the worker parses stored configs with the same schemas.
import { z } from 'zod';
import { ZId } from './common';

export const RETRAIN_TRIGGER_KINDS = ['DATASET_VERSION', 'METRIC_THRESHOLD', 'DRIFT', 'SATISFACTION'] as const;
export const ZRetrainTriggerKind = z.enum(RETRAIN_TRIGGER_KINDS);
export type RetrainTriggerKind = z.infer<typeof ZRetrainTriggerKind>;

/** FIRED: the launcher was asked to start a run; BELOW: measured, under the threshold; SKIPPED: not applicable (no baseline model...); FAILED: could not be judged (bad file...). */
export const TRIGGER_CHECK_OUTCOMES = ['FIRED', 'BELOW', 'SKIPPED', 'FAILED'] as const;
export type TriggerCheckOutcome = (typeof TRIGGER_CHECK_OUTCOMES)[number];

const ZMetricName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'must be a metric name of letters, digits, _ . : / or -');

/** A new version of a dataset launches retraining on it. */
export const ZDatasetVersionTriggerConfig = z.strictObject({
  /** Only versions of this dataset; null: the dataset the production (else champion) model was trained on, any dataset of the project when there is none. */
  datasetId: ZId.nullable().default(null),
});

/** A production metric crossing a threshold (mean of the observations in the window) launches retraining. */
export const ZMetricThresholdTriggerConfig = z.strictObject({
  metric: ZMetricName,
  /** BELOW: fire when the windowed mean falls under the threshold (accuracy); ABOVE: when it rises over it (error rate, latency). */
  direction: z.enum(['BELOW', 'ABOVE']),
  threshold: z.number({ error: 'must be a number, e.g. 0.9' }).finite(),
  /** The mean is taken over the observations of the last windowMinutes. */
  windowMinutes: z.number().int().min(1).max(43_200).default(60),
  /** Fewer observations in the window are not judged (noise). */
  minObservations: z.number().int().min(1).max(1_000_000).default(1),
});

export const DRIFT_STATISTICS = ['PSI', 'KS'] as const;
/** Drift between the production model's training dataset version and a new version launches retraining. */
export const ZDriftTriggerConfig = z
  .strictObject({
    /** PSI: the largest population stability index over the columns; KS: the largest Kolmogorov-Smirnov D (numeric columns). */
    statistic: z.enum(DRIFT_STATISTICS).default('PSI'),
    /** Fire when the score is above this (PSI: 0.25 is the usual "significant shift"; KS D is in 0..1). */
    threshold: z.number({ error: 'must be a number above 0, e.g. 0.25' }).finite().positive('must be above 0, e.g. 0.25'),
    /** Columns compared; empty: every column of the training version. */
    columns: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
    /** As for DATASET_VERSION triggers. */
    datasetId: ZId.nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.statistic === 'KS' && c.threshold >= 1) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'a KS statistic is between 0 and 1; the threshold must be below 1' });
    if (c.statistic === 'PSI' && c.threshold > 10) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'a PSI threshold above 10 never fires; 0.1 warns and 0.25 is a significant shift' });
    if (new Set(c.columns).size !== c.columns.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'lists a column twice' });
  });

export const SATISFACTION_SIGNALS = ['NPS_DROP', 'NEGATIVE_SHARE'] as const;
/** A satisfaction signal of the project (libs/satisfaction: NPS drop, share of negative feedback) launches retraining. */
export const ZSatisfactionTriggerConfig = z.strictObject({
  signals: z.array(z.enum(SATISFACTION_SIGNALS)).min(1).max(2).default(['NPS_DROP', 'NEGATIVE_SHARE']),
  /** HIGH: only severe signals fire. */
  minSeverity: z.enum(['MEDIUM', 'HIGH']).default('MEDIUM'),
});

export const ZRetrainTriggerConfigs = {
  DATASET_VERSION: ZDatasetVersionTriggerConfig,
  METRIC_THRESHOLD: ZMetricThresholdTriggerConfig,
  DRIFT: ZDriftTriggerConfig,
  SATISFACTION: ZSatisfactionTriggerConfig,
} satisfies Record<RetrainTriggerKind, z.ZodType>;

export type DatasetVersionTriggerConfig = z.output<typeof ZDatasetVersionTriggerConfig>;
export type MetricThresholdTriggerConfig = z.output<typeof ZMetricThresholdTriggerConfig>;
export type DriftTriggerConfig = z.output<typeof ZDriftTriggerConfig>;
export type SatisfactionTriggerConfig = z.output<typeof ZSatisfactionTriggerConfig>;
export type RetrainTriggerConfig<K extends RetrainTriggerKind = RetrainTriggerKind> = z.output<(typeof ZRetrainTriggerConfigs)[K]>;

/** Cooldown when the request names none: evidence-keyed kinds judge each dataset version once anyway. */
export const DEFAULT_TRIGGER_COOLDOWN_MINUTES: Record<RetrainTriggerKind, number> = {
  DATASET_VERSION: 0,
  DRIFT: 0,
  METRIC_THRESHOLD: 360,
  SATISFACTION: 1440,
};

export type TriggerConfigParse<K extends RetrainTriggerKind> =
  | { ok: true; config: RetrainTriggerConfig<K> }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** Parses a config for its kind; issue paths start with `config.` so a client knows which field to fix. */
export function parseTriggerConfig<K extends RetrainTriggerKind>(kind: K, raw: unknown): TriggerConfigParse<K> {
  const r = (ZRetrainTriggerConfigs[kind] as z.ZodType).safeParse(raw ?? {});
  if (r.success) return { ok: true, config: r.data as RetrainTriggerConfig<K> };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      path: ['config', ...i.path.map(String)].join('.'),
      message: i.code === 'unrecognized_keys' ? `${i.message} (a ${kind} trigger takes: ${Object.keys((ZRetrainTriggerConfigs[kind] as unknown as { shape: object }).shape ?? {}).join(', ')})` : i.message,
    })),
  };
}

const ZTriggerName = z.string().trim().min(1, 'is required').max(120);
const ZCooldown = z.number().int().min(0).max(43_200).describe('minutes; at most 30 days');

export const ZCreateRetrainTriggerSchema = z.strictObject({
  projectId: ZId,
  name: ZTriggerName,
  kind: ZRetrainTriggerKind,
  enabled: z.boolean().default(true),
  cooldownMinutes: ZCooldown.optional(),
  config: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      'Per kind. DATASET_VERSION: { datasetId? }. METRIC_THRESHOLD: { metric, direction: BELOW|ABOVE, threshold, windowMinutes?, minObservations? }. ' +
        'DRIFT: { statistic?: PSI|KS, threshold, columns?, datasetId? }. SATISFACTION: { signals?: [NPS_DROP|NEGATIVE_SHARE], minSeverity?: MEDIUM|HIGH }. A config that does not fit its kind answers 422 naming the field.',
    ),
});
export type CreateRetrainTriggerInput = z.infer<typeof ZCreateRetrainTriggerSchema>;

export const ZUpdateRetrainTriggerSchema = z
  .strictObject({
    name: ZTriggerName.optional(),
    enabled: z.boolean().optional(),
    cooldownMinutes: ZCooldown.optional(),
    /** Replaces the whole config (validated for the trigger's kind, which cannot change). */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'send at least one of name, enabled, cooldownMinutes, config' });
export type UpdateRetrainTriggerInput = z.infer<typeof ZUpdateRetrainTriggerSchema>;

export const ZRetrainTriggerListQuery = z.object({
  projectId: ZId.optional(),
  kind: ZRetrainTriggerKind.optional(),
});
export type RetrainTriggerListQuery = z.infer<typeof ZRetrainTriggerListQuery>;

export const ZTriggerChecksQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

// ---- production metrics

export const MAX_OBSERVATIONS_PER_REQUEST = 10_000;
export const ZProductionMetricObservation = z.strictObject({
  metric: ZMetricName,
  value: z.number().finite(),
  /** When it was measured (default: now). At most 5 minutes in the future (clock skew). */
  observedAt: z.iso.datetime({ offset: true }).optional(),
});
export const ZMetricObservationsSchema = z.strictObject({
  observations: z.array(ZProductionMetricObservation).min(1).max(MAX_OBSERVATIONS_PER_REQUEST),
});
export type MetricObservationsInput = z.infer<typeof ZMetricObservationsSchema>;

export const ZMetricObservationQuery = z.object({
  metric: ZMetricName.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Points per metric after downsampling (LTTB). */
  points: z.coerce.number().int().min(10).max(5000).default(500),
});
export type MetricObservationQuery = z.infer<typeof ZMetricObservationQuery>;

export interface ObservationPoint {
  /** ISO time. */
  t: string;
  v: number;
}
export interface ObservationSeries {
  metric: string;
  /** Observations in range before downsampling. */
  count: number;
  points: ObservationPoint[];
}
export interface ModelMetricSeriesView {
  modelVersionId: string;
  projectId: string;
  /** Aliases the version holds now (the metric triggers watch `production`). */
  aliases: string[];
  series: ObservationSeries[];
  /** Enabled METRIC_THRESHOLD triggers of the project, so a chart can draw their thresholds. */
  thresholds: Array<{ triggerId: string; name: string; metric: string; direction: 'BELOW' | 'ABOVE'; threshold: number }>;
}

export interface MetricObservationsResult {
  accepted: number;
  /** Already stored (same model version, metric and time): a re-sent batch changes nothing. */
  duplicates: number;
  /** Whether the version holds the production alias (only then are METRIC_THRESHOLD triggers judged). */
  production: boolean;
  /** The METRIC_THRESHOLD triggers judged after this batch. */
  evaluations: TriggerEvaluation[];
}

// ---- views

export interface RetrainTriggerView {
  id: string;
  organizationId: string;
  projectId: string;
  name: string;
  kind: RetrainTriggerKind;
  enabled: boolean;
  config: Record<string, unknown>;
  cooldownMinutes: number;
  lastFiredAt: string | null;
  /** When the cooldown lets it fire again (null: now). */
  coolsDownAt: string | null;
  createdAt: string;
  updatedAt: string;
  checks: { total: number; fired: number };
}

export interface RetrainTriggerCheckView {
  id: string;
  triggerId: string;
  evidenceKey: string;
  outcome: TriggerCheckOutcome;
  message: string;
  score: number | null;
  threshold: number | null;
  detail: unknown;
  launchStatus: 'STARTED' | 'SKIPPED' | 'DUPLICATE' | 'FAILED' | null;
  retrainEventId: string | null;
  runId: string | null;
  riskId: string | null;
  createdAt: string;
}

/** What a trigger would do with the data as it is now (the "evaluate now" action), or what it did. */
export interface TriggerEvaluation {
  triggerId: string;
  kind: RetrainTriggerKind;
  /** Whether the condition holds on current data. */
  wouldFire: boolean;
  /** Whether it is allowed to fire now (enabled, outside the cooldown). */
  canFire: boolean;
  score: number | null;
  threshold: number | null;
  message: string;
  /** The evidence judged: the dataset version, the model version and window, the drift report... */
  detail: Record<string, unknown>;
  /** Set when the evaluation launched (or asked the launcher for) a run. */
  launch: { status: 'STARTED' | 'SKIPPED' | 'DUPLICATE' | 'FAILED'; eventId: string; runId: string | null; reason: string | null } | null;
}
