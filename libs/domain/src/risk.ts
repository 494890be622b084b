// Risk register and compliance contracts shared by the API, the web app and libs/risk.
import { z } from 'zod';

const ZIsoDate = z.iso.date({ error: 'must be a date like 2027-05-31' });

export const RISK_CATEGORIES = [
  'TECHNICAL',
  'DATA_QUALITY',
  'PRIVACY_SECURITY',
  'FAIRNESS_ETHICS',
  'LEGAL_IP',
  'REGULATORY',
  'MARKET',
  'FINANCIAL',
  'TALENT',
  'OPERATIONAL',
  'COMPUTE',
] as const;
export const ZRiskCategory = z.enum(RISK_CATEGORIES);
export type RiskCategory = z.infer<typeof ZRiskCategory>;

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const ZRiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof ZRiskLevel>;

export const RISK_RESPONSES = ['AVOID', 'MITIGATE', 'TRANSFER', 'ACCEPT'] as const;
export const ZRiskResponse = z.enum(RISK_RESPONSES);
export type RiskResponse = z.infer<typeof ZRiskResponse>;

export const RISK_STATUSES = ['IDENTIFIED', 'ASSESSED', 'MITIGATING', 'MONITORING', 'CLOSED'] as const;
export const ZRiskStatus = z.enum(RISK_STATUSES);
export type RiskStatus = z.infer<typeof ZRiskStatus>;

/** Where a risk came from: a person, or platform evidence (which carries a dedupe key). */
export const RISK_SOURCES = ['MANUAL', 'FAIRNESS_AUDIT', 'BUDGET_FORECAST', 'MODEL_DRIFT', 'METRIC_DROP'] as const;
export const ZRiskSource = z.enum(RISK_SOURCES);
export type RiskSource = z.infer<typeof ZRiskSource>;

export const ZRiskRating = z.number().int({ error: 'must be a whole number from 1 to 5' }).min(1, { error: 'must be from 1 to 5' }).max(5, { error: 'must be from 1 to 5' });

const residualNotAboveInherent = (r: { likelihood?: number; impact?: number; residualLikelihood?: number | null; residualImpact?: number | null }) =>
  (r.residualLikelihood == null || r.likelihood == null || r.residualLikelihood <= r.likelihood) &&
  (r.residualImpact == null || r.impact == null || r.residualImpact <= r.impact);

export const ZCreateRiskSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().max(4000).default(''),
    category: ZRiskCategory,
    likelihood: ZRiskRating,
    impact: ZRiskRating,
    response: ZRiskResponse.nullable().default(null),
    ownerId: z.string().min(1).max(64).nullable().default(null),
    reviewDate: ZIsoDate.nullable().default(null),
    residualLikelihood: ZRiskRating.nullable().default(null),
    residualImpact: ZRiskRating.nullable().default(null),
  })
  .refine(residualNotAboveInherent, { message: 'residual likelihood and impact cannot exceed the inherent ones', path: ['residualLikelihood'] });
export type CreateRiskInput = z.infer<typeof ZCreateRiskSchema>;

export const ZRiskTransitionSchema = z.object({ to: ZRiskStatus, note: z.string().trim().max(2000).default('') });
export type RiskTransitionInput = z.infer<typeof ZRiskTransitionSchema>;

export const AI_ACT_TIERS = ['UNACCEPTABLE', 'HIGH', 'LIMITED', 'MINIMAL'] as const;
export const ZAiActTier = z.enum(AI_ACT_TIERS);
export type AiActTier = z.infer<typeof ZAiActTier>;

export const COMPLIANCE_FRAMEWORKS = ['EU_AI_ACT', 'GDPR', 'CCPA', 'IP_LICENSING', 'EXPORT_CONTROL', 'DATA_SHARING'] as const;
export const ZComplianceFramework = z.enum(COMPLIANCE_FRAMEWORKS);
export type ComplianceFramework = z.infer<typeof ZComplianceFramework>;

export const COMPLIANCE_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'NOT_APPLICABLE'] as const;
export const ZComplianceStatus = z.enum(COMPLIANCE_STATUSES);
export type ComplianceStatus = z.infer<typeof ZComplianceStatus>;

export const ZEvidenceLink = z.object({ label: z.string().trim().min(1).max(200), url: z.string().trim().min(1).max(2000) });
export type EvidenceLink = z.infer<typeof ZEvidenceLink>;

export const ZUpdateComplianceItemSchema = z
  .object({
    status: ZComplianceStatus,
    ownerId: z.string().min(1).max(64).nullable(),
    evidence: z.array(ZEvidenceLink).max(50),
    dueDate: ZIsoDate.nullable(),
    notes: z.string().trim().max(4000),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });
export type UpdateComplianceItemInput = z.infer<typeof ZUpdateComplianceItemSchema>;

/** Codes of RiskError; ILLEGAL_TRANSITION maps to 409 CONFLICT, the others to 400 VALIDATION_FAILED. */
export const RISK_ERROR_CODES = ['INVALID_RATING', 'ILLEGAL_TRANSITION', 'TRANSITION_GUARD', 'INVALID_RESIDUAL', 'INVALID_DATE', 'INVALID_INPUT'] as const;
export type RiskErrorCode = (typeof RISK_ERROR_CODES)[number];

/** Human labels for the dashboard, next to the enums so they never drift. */
export const RISK_LABELS = {
  category: {
    TECHNICAL: 'Technical',
    DATA_QUALITY: 'Data quality',
    PRIVACY_SECURITY: 'Privacy and security',
    FAIRNESS_ETHICS: 'Fairness and ethics',
    LEGAL_IP: 'Legal and IP',
    REGULATORY: 'Regulatory',
    MARKET: 'Market',
    FINANCIAL: 'Financial and cash flow',
    TALENT: 'Talent',
    OPERATIONAL: 'Operational',
    COMPUTE: 'Compute',
  },
  level: { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', CRITICAL: 'Critical' },
  response: { AVOID: 'Avoid', MITIGATE: 'Mitigate', TRANSFER: 'Transfer', ACCEPT: 'Accept' },
  status: { IDENTIFIED: 'Identified', ASSESSED: 'Assessed', MITIGATING: 'Mitigating', MONITORING: 'Monitoring', CLOSED: 'Closed' },
  aiActTier: { UNACCEPTABLE: 'Unacceptable (prohibited)', HIGH: 'High-risk', LIMITED: 'Limited (transparency)', MINIMAL: 'Minimal' },
  framework: { EU_AI_ACT: 'EU AI Act', GDPR: 'GDPR', CCPA: 'CCPA', IP_LICENSING: 'IP and licences', EXPORT_CONTROL: 'Export control', DATA_SHARING: 'Data-sharing contracts' },
  complianceStatus: { NOT_STARTED: 'Not started', IN_PROGRESS: 'In progress', BLOCKED: 'Blocked', DONE: 'Done', NOT_APPLICABLE: 'Not applicable' },
} as const satisfies {
  category: Record<RiskCategory, string>;
  level: Record<RiskLevel, string>;
  response: Record<RiskResponse, string>;
  status: Record<RiskStatus, string>;
  aiActTier: Record<AiActTier, string>;
  framework: Record<ComplianceFramework, string>;
  complianceStatus: Record<ComplianceStatus, string>;
};
