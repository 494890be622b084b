// Model cards (issue 5): one per model version, assembled from what the platform already knows
// (project, lineage, test metrics, fairness audits, open risks) plus a few hand-written parts
// (intended use, out-of-scope use, limitations, ethical considerations) kept in ModelCardNotes.
import { z } from 'zod';
import type { FairnessVerdict } from './fairness-report';

const notesText = z.string().trim().max(8000);

/** PUT body of the hand-written parts; omitted fields keep their value. */
export const ZModelCardNotesSchema = z
  .object({
    intendedUse: notesText,
    outOfScopeUse: notesText,
    limitations: notesText,
    ethicalConsiderations: notesText,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });
export type ModelCardNotesInput = z.infer<typeof ZModelCardNotesSchema>;

export interface ModelCardAuditView {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  verdict: FairnessVerdict | null;
  source: 'PREDICTIONS_UPLOAD' | 'MODEL_VERSION';
  fileName: string;
  datasetVersionId: string | null;
  sensitive: string[];
  /** FAIL reasons first, as the report lists them (at most five). */
  reasons: string[];
  demographicParityDifference: number | null;
  equalizedOddsDifference: number | null;
  exception: { byName: string | null; justification: string; at: string } | null;
  review: { decision: string; reviewerName: string | null; at: string } | null;
  completedAt: string | null;
  createdAt: string;
}

export interface ModelCardView {
  schemaVersion: 1;
  generatedAt: string;
  modelVersion: { id: string; version: number; aliases: string[]; specHash: string | null; createdAt: string; artifactKey: string };
  project: { id: string; name: string; description: string; goalStatement: string; goalMetric: string | null; goalThreshold: number | null; aiActTier: string | null; aiActRationale: string };
  intendedUse: {
    /** The hand-written intended use, else the project's goal statement and description. */
    summary: string;
    fromNotes: boolean;
    outOfScopeUse: string;
  };
  data: {
    run: { id: string; name: string; preset: string | null; labelColumn: string | null; epochs: number | null; createdAt: string } | null;
    datasetVersion: {
      id: string;
      datasetId: string;
      datasetName: string;
      version: number;
      fileName: string;
      contentHash: string;
      rowCount: number | null;
      source: string;
      licence: string;
      containsPersonalData: boolean;
      anonymised: boolean;
      legalBasis: string;
      retentionUntil: string | null;
    } | null;
    inputs: Array<{ name: string; type: string }>;
  };
  metrics: { test: Record<string, unknown> | null; goal: { metric: string; threshold: number; value: number | null; met: boolean | null } | null };
  fairness: {
    /** The newest finished audit of this version, which the promotion gate reads. */
    latestVerdict: FairnessVerdict | null;
    latestAuditId: string | null;
    accepted: boolean;
    /** The promotion gate's fairness-audit check for this version, as it would answer now. */
    gate: { ok: boolean; reasons: string[] };
    audits: ModelCardAuditView[];
  };
  limitations: string;
  ethicalConsiderations: string;
  risks: Array<{ id: string; title: string; category: string; level: string; score: number; status: string; source: string; modelVersionId: string | null }>;
  notes: { updatedAt: string | null; updatedById: string | null };
}
