// Request schemas local to the finance API (bodies shared with the SDK live in @meridian/domain).
import { ZComputeBackend, ZScenarioSchema } from '@meridian/domain';
import { z } from 'zod';

const ZIsoDate = z.iso.date({ error: 'must be a date like 2027-05-31' });

export const ZAsOfQuery = z.object({ asOf: ZIsoDate.optional().describe('Report date (default: today, UTC)') });
export type AsOfQuery = z.infer<typeof ZAsOfQuery>;

export const ZCostListQuery = z.object({
  projectId: z.string().min(1).max(64).optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type CostListQuery = z.infer<typeof ZCostListQuery>;

export const ZCsvImportSchema = z.object({
  csv: z.string().min(1, { error: 'the CSV text is empty' }).max(900_000),
  projectId: z.string().min(1).max(64).nullable().default(null).describe('Project all imported lines belong to (null = organisation-level)'),
});
export type CsvImportInput = z.infer<typeof ZCsvImportSchema>;

export const ZScenarioRequestSchema = ZScenarioSchema.extend({ asOf: ZIsoDate.optional(), months: z.number().int().min(1).max(120).default(24) });
export type ScenarioRequest = z.infer<typeof ZScenarioRequestSchema>;

/** What the runs engineer passes when a training run finishes. */
export const ZComputeCostInput = z.object({
  organizationId: z.string().min(1),
  projectId: z.string().min(1).nullable(),
  /** Idempotency: one cost entry per run, whatever the number of calls. */
  runId: z.string().min(1).max(64),
  backend: ZComputeBackend,
  seconds: z.number().nonnegative().finite(),
  /** Day the run finished (default today, UTC). */
  date: ZIsoDate.optional(),
  description: z.string().max(500).optional(),
});
export type ComputeCostInput = z.input<typeof ZComputeCostInput>;
