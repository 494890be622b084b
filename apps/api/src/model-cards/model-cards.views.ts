// Response shape of a model card for the OpenAPI document (ModelCardView in libs/domain/src/model-card.ts).
import { FAIRNESS_VERDICTS } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 date-time');
const verdict = z.enum(FAIRNESS_VERDICTS);

export const ZModelCardView = z.object({
  schemaVersion: z.literal(1),
  generatedAt: iso,
  modelVersion: z.object({ id: z.string(), version: z.number().int(), aliases: z.array(z.string()), specHash: z.string().nullable(), createdAt: iso, artifactKey: z.string() }),
  project: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    goalStatement: z.string(),
    goalMetric: z.string().nullable(),
    goalThreshold: z.number().nullable(),
    aiActTier: z.string().nullable(),
    aiActRationale: z.string(),
  }),
  intendedUse: z.object({ summary: z.string(), fromNotes: z.boolean(), outOfScopeUse: z.string() }),
  data: z.object({
    run: z.object({ id: z.string(), name: z.string(), preset: z.string().nullable(), labelColumn: z.string().nullable(), epochs: z.number().int().nullable(), createdAt: iso }).nullable(),
    datasetVersion: z
      .object({
        id: z.string(),
        datasetId: z.string(),
        datasetName: z.string(),
        version: z.number().int(),
        fileName: z.string(),
        contentHash: z.string(),
        rowCount: z.number().int().nullable(),
        source: z.string(),
        licence: z.string(),
        containsPersonalData: z.boolean(),
        anonymised: z.boolean(),
        legalBasis: z.string(),
        retentionUntil: iso.nullable(),
      })
      .nullable(),
    inputs: z.array(z.object({ name: z.string(), type: z.string() })),
  }),
  metrics: z.object({
    test: z.record(z.string(), z.unknown()).nullable().describe('The evaluation report on the test split'),
    goal: z.object({ metric: z.string(), threshold: z.number(), value: z.number().nullable(), met: z.boolean().nullable() }).nullable(),
  }),
  fairness: z.object({
    latestVerdict: verdict.nullable(),
    latestAuditId: z.string().nullable(),
    accepted: z.boolean(),
    gate: z.object({ ok: z.boolean(), reasons: z.array(z.string()) }).describe("What the promotion gate's fairness-audit check answers now"),
    audits: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
        verdict: verdict.nullable(),
        source: z.enum(['PREDICTIONS_UPLOAD', 'MODEL_VERSION']),
        fileName: z.string(),
        datasetVersionId: z.string().nullable(),
        sensitive: z.array(z.string()),
        reasons: z.array(z.string()),
        demographicParityDifference: z.number().nullable(),
        equalizedOddsDifference: z.number().nullable(),
        exception: z.object({ byName: z.string().nullable(), justification: z.string(), at: iso }).nullable(),
        review: z.object({ decision: z.string(), reviewerName: z.string().nullable(), at: iso }).nullable(),
        completedAt: iso.nullable(),
        createdAt: iso,
      }),
    ),
  }),
  limitations: z.string(),
  ethicalConsiderations: z.string(),
  risks: z.array(z.object({ id: z.string(), title: z.string(), category: z.string(), level: z.string(), score: z.number().int(), status: z.string(), source: z.string(), modelVersionId: z.string().nullable() })),
  notes: z.object({ updatedAt: iso.nullable(), updatedById: z.string().nullable() }),
});
