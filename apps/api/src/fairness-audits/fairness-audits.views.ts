// Response shapes of fairness audits for the OpenAPI document. The report keys (`result`,
// `mitigation`) are described loosely here; their full definition is docs/fairness-audit.md.
import { AEQUITAS_METRICS, FAIRNESS_AUDIT_SOURCES, FAIRNESS_AUDIT_STATUSES, FAIRNESS_REASON_CODES, FAIRNESS_VERDICTS } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 date-time');

export const ZFairnessAuditSummary = z.object({
  id: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  modelVersionId: z.string().nullable(),
  datasetVersionId: z.string().nullable().describe('The dataset version a MODEL_VERSION audit predicted on'),
  status: z.enum(FAIRNESS_AUDIT_STATUSES),
  verdict: z.enum(FAIRNESS_VERDICTS).nullable(),
  source: z.object({ kind: z.enum(FAIRNESS_AUDIT_SOURCES), fileName: z.string(), bytes: z.number().int(), sha256: z.string(), rows: z.number().int().nullable() }),
  sensitive: z.array(z.string()),
  riskId: z.string().nullable(),
  review: z.object({ reviewerId: z.string(), reviewerName: z.string().nullable(), decision: z.string(), note: z.string(), at: iso }).nullable(),
  exception: z.object({ byId: z.string(), byName: z.string().nullable(), justification: z.string(), at: iso }).nullable().describe("An OWNER's accepted exception for the promotion gate"),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdById: z.string().nullable(),
  createdAt: iso,
  completedAt: iso.nullable(),
  jobId: z.string().nullable(),
});
export const ZFairnessAuditList = z.object({ items: z.array(ZFairnessAuditSummary), nextCursor: z.string().nullable() });
export const ZFairnessAuditView = ZFairnessAuditSummary.extend({
  options: z.unknown(),
  lineage: z.object({
    modelVersion: z.object({ id: z.string(), version: z.number().int(), url: z.string() }).nullable(),
    run: z.object({ id: z.string(), name: z.string(), url: z.string() }).nullable(),
    datasetVersion: z.object({ id: z.string(), datasetId: z.string(), datasetName: z.string(), version: z.number().int(), fileName: z.string(), contentHash: z.string(), url: z.string() }).nullable(),
  }).describe('What was audited, by name, with dashboard links'),
  gateEligible: z.boolean().describe("Counted by the promotion gate: it scored the model version itself and was judged at least as strictly as the project's current fairness policy"),
  gateNotes: z.array(z.string()).describe('Why it is not counted, when it is not'),
  schemaVersion: z.literal(1),
  reasons: z.array(
    z.object({
      code: z.enum(FAIRNESS_REASON_CODES),
      severity: z.enum(['FAIL', 'WARN']),
      message: z.string(),
      path: z.string(),
      value: z.number().nullable(),
      limit: z.number().nullable(),
      attribute: z.string().optional(),
      group: z.string().optional(),
      metric: z.string().optional(),
    }),
  ),
  policy: z.record(z.string(), z.unknown()).nullable().describe('FairnessPolicy: the thresholds the verdict used'),
  result: z.record(z.string(), z.unknown()).nullable().describe('FairnessAuditJson (docs/fairness-audit.md); null until the audit has run'),
  mitigation: z.record(z.string(), z.unknown()).nullable().describe('Reweighing and group thresholds before/after'),
});

export const ZProjectFairnessPolicyView = z.object({
  projectId: z.string(),
  tau: z.number(),
  parityMetrics: z.array(z.enum(AEQUITAS_METRICS)),
  maxDemographicParityDifference: z.number(),
  maxEqualizedOddsDifference: z.number(),
  warnMargin: z.number(),
  minGroupRows: z.number().int(),
  requiredSensitive: z.array(z.string()),
  isDefault: z.boolean().describe('No one has set the policy: the standard policy applies'),
  updatedById: z.string().nullable(),
  updatedByName: z.string().nullable(),
  updatedAt: iso.nullable(),
});
