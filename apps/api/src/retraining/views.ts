// Response shapes for OpenAPI (the services return the domain view types).
import { RETRAIN_CATCH_UP, RETRAIN_CAUSE_KINDS, RETRAIN_EVENT_STATUSES } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 time');

export const ZRetrainScheduleView = z.object({
  id: z.string(),
  organizationId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  name: z.string(),
  cron: z.string(),
  description: z.string().describe('the cron in words'),
  timezone: z.string(),
  paused: z.boolean(),
  catchUp: z.enum(RETRAIN_CATCH_UP),
  templateRunId: z.string().nullable(),
  datasetId: z.string().nullable(),
  lastFiredAt: iso.nullable(),
  nextRuns: z.array(iso).describe('next fire times computed in the schedule time zone; empty while paused'),
  lastEvent: z.object({ id: z.string(), status: z.enum(RETRAIN_EVENT_STATUSES), message: z.string(), runId: z.string().nullable(), createdAt: iso }).nullable(),
  createdById: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});

export const ZRetrainEventView = z.object({
  id: z.string(),
  projectId: z.string(),
  scheduleId: z.string().nullable(),
  scheduleName: z.string().nullable(),
  triggerId: z.string().nullable(),
  cause: z.record(z.string(), z.unknown()).describe('RetrainCause: kind plus its details'),
  causeKind: z.enum(RETRAIN_CAUSE_KINDS),
  status: z.enum(RETRAIN_EVENT_STATUSES),
  message: z.string(),
  dedupeKey: z.string().nullable(),
  duplicateOfId: z.string().nullable(),
  scheduledFor: iso.nullable(),
  runId: z.string().nullable(),
  run: z.object({ id: z.string(), name: z.string(), status: z.string(), modelVersionId: z.string().nullable(), championModelVersionId: z.string().nullable() }).nullable(),
  comparison: z
    .object({ id: z.string(), status: z.string(), metric: z.string().nullable(), challengerValue: z.number().nullable(), championValue: z.number().nullable(), winner: z.string().nullable(), promoted: z.boolean().nullable(), decision: z.string().nullable() })
    .nullable(),
  createdById: z.string().nullable(),
  createdAt: iso,
});

export const ZRetrainEventPage = z.object({ items: z.array(ZRetrainEventView), nextCursor: z.string().nullable() });

export const ZRunNowResult = z.object({
  status: z.enum(['STARTED', 'SKIPPED', 'DUPLICATE', 'FAILED']),
  eventId: z.string(),
  runId: z.string().optional(),
  reason: z.string().optional(),
  duplicateOfId: z.string().optional(),
  event: ZRetrainEventView,
});

export const ZRetrainPolicyView = z.object({
  projectId: z.string(),
  maxConcurrent: z.number(),
  autoPromote: z.boolean(),
  promoteMargin: z.number(),
  compareMetric: z.string().nullable(),
  effectiveCompareMetric: z.string(),
  stored: z.boolean(),
  updatedAt: iso.nullable(),
});

export const ZCronPreviewView = z.object({ cron: z.string(), timezone: z.string(), description: z.string(), next: z.array(iso) });
