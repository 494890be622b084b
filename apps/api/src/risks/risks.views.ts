// Response shapes of the risk register for the OpenAPI document.
import { AI_ACT_TIERS, COMPLIANCE_FRAMEWORKS, COMPLIANCE_STATUSES, RISK_CATEGORIES, RISK_LEVELS, RISK_RESPONSES, RISK_SOURCES, RISK_STATUSES } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 date-time');
const date = z.string().describe('YYYY-MM-DD');
const status = z.enum(RISK_STATUSES);
const level = z.enum(RISK_LEVELS);

export const ZRiskView = z.object({
  id: z.string(),
  organizationId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.enum(RISK_CATEGORIES),
  likelihood: z.number().int(),
  impact: z.number().int(),
  score: z.number().int(),
  level,
  response: z.enum(RISK_RESPONSES).nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  reviewDate: date.nullable(),
  residualLikelihood: z.number().int(),
  residualImpact: z.number().int(),
  residualScore: z.number().int(),
  residualLevel: level,
  status,
  source: z.enum(RISK_SOURCES),
  dedupeKey: z.string().nullable(),
  evidence: z.object({ kind: z.string(), id: z.string(), url: z.string().nullable(), label: z.string() }).nullable(),
  fairnessAuditId: z.string().nullable(),
  modelVersionId: z.string().nullable(),
  overdue: z.object({ reason: z.enum(['PAST_REVIEW_DATE', 'NO_REVIEW_DATE']), daysOverdue: z.number().int() }).nullable(),
  allowedTransitions: z.array(status),
  createdAt: iso,
  updatedAt: iso,
});
export const ZRiskDetailView = ZRiskView.extend({
  history: z.array(z.object({ id: z.string(), from: status.nullable(), to: status, actorId: z.string().nullable(), actorName: z.string().nullable(), note: z.string(), at: iso })),
});
export const ZRiskListView = z.object({ items: z.array(ZRiskView), overdueCount: z.number().int(), nextCursor: z.string().nullable() });
export const ZRiskHeatMapView = z.object({
  residual: z.boolean(),
  total: z.number().int(),
  byLevel: z.record(level, z.number().int()),
  rows: z.array(z.array(z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int(), level, count: z.number().int(), riskIds: z.array(z.string()) }))),
});
export const ZGovernanceView = z.object({
  projectId: z.string(),
  projectName: z.string(),
  aiActTier: z.enum(AI_ACT_TIERS).nullable(),
  aiActRationale: z.string(),
  tierInfo: z.object({ title: z.string(), summary: z.string(), examples: z.string() }).nullable(),
  blocksDeployment: z.boolean(),
  checklist: z.array(
    z.object({
      id: z.string(),
      itemId: z.string(),
      framework: z.enum(COMPLIANCE_FRAMEWORKS),
      reference: z.string(),
      title: z.string(),
      description: z.string(),
      status: z.enum(COMPLIANCE_STATUSES),
      ownerId: z.string().nullable(),
      ownerName: z.string().nullable(),
      evidence: z.array(z.object({ label: z.string(), url: z.string() })),
      dueDate: date.nullable(),
      notes: z.string(),
      updatedAt: iso,
    }),
  ),
  summary: z.object({
    applicable: z.number().int(),
    done: z.number().int(),
    percentDone: z.number(),
    overdue: z.array(z.string()),
    unowned: z.array(z.string()),
    byFramework: z.array(z.object({ framework: z.enum(COMPLIANCE_FRAMEWORKS), applicable: z.number().int(), done: z.number().int() })),
  }),
});
