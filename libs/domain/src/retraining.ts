// Scheduled retraining: the launch cause every retraining carries (schedules, "run now" and the
// triggers all go through the launcher in @meridian/jobs), API inputs for schedules and the
// per-project retraining policy, and the views the API answers. Pure (no I/O).
import { z } from 'zod';

/** Why a retraining was launched; stored as JSON on its RetrainEvent. */
export const ZRetrainCause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('SCHEDULE'), scheduleId: z.string().min(1), scheduledFor: z.string().datetime() }),
  z.object({ kind: z.literal('MANUAL'), scheduleId: z.string().min(1).nullable(), userId: z.string().min(1).nullable() }),
  z.object({ kind: z.literal('DATASET_VERSION'), triggerId: z.string().min(1), datasetVersionId: z.string().min(1) }),
  z.object({ kind: z.literal('METRIC_THRESHOLD'), triggerId: z.string().min(1), modelVersionId: z.string().min(1), metric: z.string().min(1), value: z.number(), threshold: z.number() }),
  z.object({
    kind: z.literal('DRIFT'),
    triggerId: z.string().min(1),
    baselineDatasetVersionId: z.string().min(1),
    datasetVersionId: z.string().min(1),
    score: z.number(),
    threshold: z.number(),
    columns: z.array(z.string()),
  }),
  z.object({ kind: z.literal('SATISFACTION'), triggerId: z.string().min(1), signal: z.string().min(1), value: z.number(), threshold: z.number() }),
]);
export type RetrainCause = z.infer<typeof ZRetrainCause>;
export type RetrainCauseKind = RetrainCause['kind'];
export const RETRAIN_CAUSE_KINDS = ['SCHEDULE', 'MANUAL', 'DATASET_VERSION', 'METRIC_THRESHOLD', 'DRIFT', 'SATISFACTION'] as const satisfies readonly RetrainCauseKind[];

export const RETRAIN_CATCH_UP = ['SKIP', 'RUN_ONCE', 'RUN_ALL'] as const;
export type RetrainCatchUp = (typeof RETRAIN_CATCH_UP)[number];
/**
 * RUN_ALL launches at most this many missed slots (the most recent ones); older missed slots are
 * recorded as one SKIPPED event. A scheduler down for a month must not queue thirty retrainings.
 */
export const RETRAIN_CATCH_UP_MAX_RUNS = 5;

export const RETRAIN_EVENT_STATUSES = ['STARTED', 'SKIPPED', 'DUPLICATE', 'FAILED'] as const;
export type RetrainEventStatus = (typeof RETRAIN_EVENT_STATUSES)[number];

/** True when `tz` is a time zone name this runtime knows (IANA names and their links, e.g. Europe/Paris, UTC). */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const ZCron = z.string().trim().min(1, 'give a cron expression: 5 fields, e.g. "0 3 * * *" (03:00 every day)').max(120);
const ZTimeZone = z.string().trim().min(1).max(64);
const ZId = z.string().min(1).max(64);

export const ZCreateRetrainScheduleSchema = z.object({
  projectId: ZId,
  name: z.string().trim().min(1).max(120),
  /** 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first. */
  cron: ZCron,
  /** IANA time zone the cron is read in (checked by the API: 422 when unknown). */
  timezone: ZTimeZone.default('UTC'),
  catchUp: z.enum(RETRAIN_CATCH_UP).default('SKIP'),
  paused: z.boolean().default(false),
  /** Run to copy (preset or spec, label, split, transform); default: the run behind the project's champion. */
  templateRunId: ZId.nullable().optional(),
  /** Dataset whose newest version is trained on; default: the template run's dataset. */
  datasetId: ZId.nullable().optional(),
});
export type CreateRetrainScheduleInput = z.infer<typeof ZCreateRetrainScheduleSchema>;

export const ZUpdateRetrainScheduleSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    cron: ZCron,
    timezone: ZTimeZone,
    catchUp: z.enum(RETRAIN_CATCH_UP),
    templateRunId: ZId.nullable(),
    datasetId: ZId.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change (name, cron, timezone, catchUp, templateRunId, datasetId)' });
export type UpdateRetrainScheduleInput = z.infer<typeof ZUpdateRetrainScheduleSchema>;

/** "Retrain now" for a project without a schedule (cause MANUAL); the template and data default as for schedules. */
export const ZRetrainNowSchema = z.object({
  projectId: ZId,
  templateRunId: ZId.nullable().optional(),
  datasetId: ZId.nullable().optional(),
});
export type RetrainNowInput = z.infer<typeof ZRetrainNowSchema>;

export const ZRetrainScheduleListQuery = z.object({
  projectId: ZId.optional(),
});

export const ZRetrainEventListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  projectId: ZId.optional(),
  scheduleId: ZId.optional(),
  triggerId: ZId.optional(),
  status: z.enum(RETRAIN_EVENT_STATUSES).optional(),
});
export type RetrainEventListQuery = z.infer<typeof ZRetrainEventListQuery>;

export const ZCronPreviewQuery = z.object({
  cron: ZCron,
  timezone: ZTimeZone.default('UTC'),
  count: z.coerce.number().int().min(1).max(20).default(5),
});

export const ZRetrainPolicySchema = z.object({
  maxConcurrent: z.number().int().min(1, 'allow at least 1 retraining at a time (pause the schedules to stop retraining)').max(20),
  autoPromote: z.boolean(),
  promoteMargin: z.number().finite().min(0).max(1),
  /** Metric the challenger and champion are compared on; null = the project's goal metric, else accuracy. */
  compareMetric: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:/-]+$/, 'letters, digits and _ . : / - only').nullable(),
});
export type RetrainPolicyInput = z.infer<typeof ZRetrainPolicySchema>;
export const DEFAULT_RETRAIN_POLICY: RetrainPolicyInput = { maxConcurrent: 1, autoPromote: false, promoteMargin: 0.01, compareMetric: null };

export interface RetrainPolicyView extends RetrainPolicyInput {
  projectId: string;
  /** The metric actually used: compareMetric, else the project's goal metric, else accuracy. */
  effectiveCompareMetric: string;
  /** False while the project has no stored policy (the defaults apply). */
  stored: boolean;
  updatedAt: string | null;
}

export interface RetrainScheduleView {
  id: string;
  organizationId: string;
  projectId: string;
  projectName: string;
  name: string;
  cron: string;
  /** The cron in words, e.g. "At 03:00 AM". */
  description: string;
  timezone: string;
  paused: boolean;
  catchUp: RetrainCatchUp;
  templateRunId: string | null;
  datasetId: string | null;
  lastFiredAt: string | null;
  /** Next fire times (ISO, UTC) computed in the schedule's time zone; empty while paused. */
  nextRuns: string[];
  lastEvent: { id: string; status: RetrainEventStatus; message: string; runId: string | null; createdAt: string } | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RetrainComparisonSummary {
  id: string;
  status: string;
  metric: string | null;
  challengerValue: number | null;
  championValue: number | null;
  winner: string | null;
  promoted: boolean | null;
  /** Promoted, or why not (auto-promotion off, lost, margin not reached, gate refused...). */
  decision: string | null;
}

export interface RetrainEventView {
  id: string;
  projectId: string;
  scheduleId: string | null;
  scheduleName: string | null;
  triggerId: string | null;
  cause: RetrainCause;
  causeKind: RetrainCauseKind;
  status: RetrainEventStatus;
  message: string;
  dedupeKey: string | null;
  duplicateOfId: string | null;
  scheduledFor: string | null;
  runId: string | null;
  run: { id: string; name: string; status: string; modelVersionId: string | null; championModelVersionId: string | null } | null;
  /** The challenger-vs-champion comparison of the run, once it exists. */
  comparison: RetrainComparisonSummary | null;
  createdById: string | null;
  createdAt: string;
}

export interface CronPreview {
  cron: string;
  timezone: string;
  description: string;
  next: string[];
}
