// Views and request schemas of the risk register API (apps/api/src/risks), shared with the web app.
import { z } from 'zod';
import { FAIRNESS_VERDICTS } from './fairness-report';
import {
  ZAiActTier,
  ZRiskCategory,
  ZRiskLevel,
  ZRiskRating,
  ZRiskResponse,
  ZRiskSource,
  ZRiskStatus,
  type AiActTier,
  type ComplianceFramework,
  type ComplianceStatus,
  type EvidenceLink,
  type RiskCategory,
  type RiskLevel,
  type RiskResponse,
  type RiskSource,
  type RiskStatus,
} from './risk';

const ZIsoDate = z.iso.date({ error: 'must be a date like 2027-05-31' });

export const ZUpdateRiskSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().max(4000),
    category: ZRiskCategory,
    likelihood: ZRiskRating,
    impact: ZRiskRating,
    response: ZRiskResponse.nullable(),
    ownerId: z.string().min(1).max(64).nullable(),
    reviewDate: ZIsoDate.nullable(),
    residualLikelihood: ZRiskRating.nullable(),
    residualImpact: ZRiskRating.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });
export type UpdateRiskInput = z.infer<typeof ZUpdateRiskSchema>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ZRiskListQuery = z.object({
  projectId: z.string().min(1).max(64).optional(),
  status: ZRiskStatus.optional(),
  category: ZRiskCategory.optional(),
  level: ZRiskLevel.optional(),
  source: ZRiskSource.optional(),
  ownerId: z.string().min(1).max(64).optional(),
  /** Only risks whose review is overdue. */
  overdue: flag.optional(),
  /** Include CLOSED risks (left out by default unless status=CLOSED). */
  includeClosed: flag.optional(),
  /** One heat-map cell: risks rated this likelihood and impact (residual=true: the residual ratings, which default to the inherent ones). */
  likelihood: z.coerce.number().int().min(1).max(5).optional(),
  impact: z.coerce.number().int().min(1).max(5).optional(),
  residual: flag.optional(),
  /** Keyset paging over (score desc, createdAt desc, id desc): pass the previous page's nextCursor. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type RiskListQuery = z.infer<typeof ZRiskListQuery>;

export const ZRiskHeatMapQuery = z.object({
  projectId: z.string().min(1).max(64).optional(),
  residual: flag.optional(),
});
export type RiskHeatMapQuery = z.infer<typeof ZRiskHeatMapQuery>;

export const ZSetAiActTierSchema = z.object({ tier: ZAiActTier, rationale: z.string().trim().max(4000).default('') });
export type SetAiActTierInput = z.infer<typeof ZSetAiActTierSchema>;

export interface RiskOverdueView {
  reason: 'PAST_REVIEW_DATE' | 'NO_REVIEW_DATE';
  daysOverdue: number;
}

export interface RiskView {
  id: string;
  organizationId: string;
  projectId: string;
  projectName: string;
  title: string;
  description: string;
  category: RiskCategory;
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
  response: RiskResponse | null;
  ownerId: string | null;
  ownerName: string | null;
  reviewDate: string | null;
  residualLikelihood: number;
  residualImpact: number;
  residualScore: number;
  residualLevel: RiskLevel;
  status: RiskStatus;
  source: RiskSource;
  dedupeKey: string | null;
  evidence: { kind: string; id: string; url: string | null; label: string } | null;
  fairnessAuditId: string | null;
  modelVersionId: string | null;
  overdue: RiskOverdueView | null;
  allowedTransitions: RiskStatus[];
  createdAt: string;
  updatedAt: string;
}

export interface RiskHistoryView {
  id: string;
  from: RiskStatus | null;
  to: RiskStatus;
  actorId: string | null;
  actorName: string | null;
  note: string;
  at: string;
}

export interface RiskDetailView extends RiskView {
  history: RiskHistoryView[];
}

export interface RiskListView {
  items: RiskView[];
  /** Overdue reviews among every risk the filters match (all pages). */
  overdueCount: number;
  /** Cursor of the next page; null on the last page. */
  nextCursor: string | null;
}

export interface RiskHeatMapView {
  residual: boolean;
  total: number;
  byLevel: Record<RiskLevel, number>;
  /** rows[likelihood − 1][impact − 1] */
  rows: Array<Array<{ likelihood: number; impact: number; score: number; level: RiskLevel; count: number; riskIds: string[] }>>;
}

export interface ComplianceItemView {
  id: string;
  itemId: string;
  framework: ComplianceFramework;
  reference: string;
  title: string;
  description: string;
  status: ComplianceStatus;
  ownerId: string | null;
  ownerName: string | null;
  evidence: EvidenceLink[];
  dueDate: string | null;
  notes: string;
  updatedAt: string;
}

export interface ProjectGovernanceView {
  projectId: string;
  projectName: string;
  aiActTier: AiActTier | null;
  aiActRationale: string;
  tierInfo: { title: string; summary: string; examples: string } | null;
  blocksDeployment: boolean;
  checklist: ComplianceItemView[];
  summary: {
    applicable: number;
    done: number;
    percentDone: number;
    overdue: string[];
    unowned: string[];
    byFramework: Array<{ framework: ComplianceFramework; applicable: number; done: number }>;
  };
}

export const FAIRNESS_AUDIT_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type FairnessAuditStatus = (typeof FAIRNESS_AUDIT_STATUSES)[number];
export { FAIRNESS_VERDICTS };
