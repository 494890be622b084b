// OpenAPI shape of a challenger comparison (the type itself is ModelComparisonView in @meridian/domain).
import { COMPARISON_TRIGGERS, COMPARISON_WINNERS } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 time');
const ZSide = z.object({
  modelVersionId: z.string(),
  version: z.number().nullable(),
  runId: z.string().nullable(),
  value: z.number().nullable().describe('the deciding metric on the shared test rows'),
  metrics: z.record(z.string(), z.unknown()).nullable().describe('full evaluation report on the shared test rows'),
});

export const ZModelComparisonView = z.object({
  id: z.string(),
  organizationId: z.string(),
  projectId: z.string(),
  runId: z.string().nullable(),
  trigger: z.enum(COMPARISON_TRIGGERS),
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
  error: z.string().nullable(),
  jobId: z.string().nullable(),
  metric: z.string(),
  lowerIsBetter: z.boolean(),
  margin: z.number(),
  improvement: z.number().nullable().describe('positive: the challenger is better by this much'),
  winner: z.enum(COMPARISON_WINNERS).nullable(),
  challenger: ZSide,
  champion: ZSide.nullable(),
  testSplit: z
    .object({ datasetVersionId: z.string(), labelColumn: z.string(), seed: z.number(), fractions: z.array(z.number()), stratify: z.boolean(), rows: z.number(), rowsSha256: z.string() })
    .nullable(),
  testRows: z.number().nullable(),
  autoPromote: z.boolean(),
  promoted: z.boolean(),
  decision: z.string().nullable().describe('promoted, or why not'),
  gate: z.object({ ok: z.boolean(), reasons: z.array(z.string()) }).nullable(),
  requestedByUserId: z.string().nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
});
