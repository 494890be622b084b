// Challenger vs champion comparisons (issue 4): a model version evaluated against the project's
// champion on the same test rows, the decision (promoted or why not) and the API's inputs and views.
import { z } from 'zod';
import type { JobStatus } from './enums';

export const COMPARISON_WINNERS = ['CHALLENGER', 'CHAMPION', 'NO_CHAMPION', 'TIE'] as const;
export type ComparisonWinner = (typeof COMPARISON_WINNERS)[number];

export const COMPARISON_TRIGGERS = ['RETRAIN', 'MANUAL'] as const;
export type ComparisonTrigger = (typeof COMPARISON_TRIGGERS)[number];

/** Actor label written on alias moves the platform makes after a winning comparison. */
export const AUTO_PROMOTION_ACTOR = 'system (auto-promotion)';

export const ZComparisonListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  projectId: z.string().max(64).optional(),
  /** Comparisons where this version was the challenger or the champion. */
  modelVersionId: z.string().max(64).optional(),
  /** The challenger's training run (retraining history looks comparisons up by run). */
  runId: z.string().max(64).optional(),
});
export type ComparisonListQuery = z.infer<typeof ZComparisonListQuery>;

/** How the shared test rows were chosen: the challenger run's dataset version and seeded split. */
export interface ComparisonTestSplit {
  datasetVersionId: string;
  labelColumn: string;
  seed: number;
  fractions: [number, number, number];
  stratify: boolean;
  rows: number;
  /** SHA-256 of the test row indices: two comparisons with the same value used the same rows. */
  rowsSha256: string;
}

export interface ComparisonSide {
  modelVersionId: string;
  version: number | null;
  runId: string | null;
  /** The deciding metric on the shared test rows. */
  value: number | null;
  /** The full evaluation report on the shared test rows. */
  metrics: Record<string, unknown> | null;
}

export interface ModelComparisonView {
  id: string;
  organizationId: string;
  projectId: string;
  runId: string | null;
  trigger: ComparisonTrigger;
  status: JobStatus;
  error: string | null;
  jobId: string | null;
  metric: string;
  /** true when lower values of `metric` are better (loss, rmse...). */
  lowerIsBetter: boolean;
  /** Required improvement for auto-promotion. */
  margin: number;
  /** challenger minus champion, signed so that a positive number means the challenger is better. */
  improvement: number | null;
  winner: ComparisonWinner | null;
  challenger: ComparisonSide;
  champion: ComparisonSide | null;
  testSplit: ComparisonTestSplit | null;
  testRows: number | null;
  autoPromote: boolean;
  promoted: boolean;
  /** Promoted, or why not. */
  decision: string | null;
  gate: { ok: boolean; reasons: string[] } | null;
  requestedByUserId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
