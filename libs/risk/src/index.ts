export { RiskError, IllegalTransitionError } from './errors';
export { LEVEL_BANDS, riskScore, riskLevel, assessRisk, heatMap, assertRating, type RiskRatingInput, type RiskAssessment, type HeatMap, type HeatMapCell, type HeatMapRisk } from './scoring';
export { RISK_TRANSITIONS, REVIEW_CADENCE_DAYS, canTransition, transitionRisk, nextReviewDate, type WorkflowRisk, type RiskHistoryEntry, type TransitionContext } from './workflow';
export { findOverdueReviews, type ReviewableRisk, type OverdueReview } from './reviews';
export { AI_ACT_TIERS_INFO, AI_ACT_OBLIGATIONS, aiActObligations, aiActChecklist, aiActBlocksDeployment, type AiActObligation, type AiActRole } from './ai-act';
export {
  COMPLIANCE_TEMPLATE,
  complianceChecklistTemplate,
  checklistItemIssues,
  updateChecklistItem,
  checklistSummary,
  type ChecklistItem,
  type ChecklistTemplateItem,
  type ChecklistSummary,
} from './compliance';
export {
  riskFromFairnessAudit,
  riskFromBudgetAlert,
  riskFromModelMonitoring,
  newRiskSuggestions,
  type RiskDraft,
  type EvidenceRef,
  type FairnessAuditEvidence,
  type BudgetOverrunEvidence,
  type DriftEvidence,
  type MetricDropEvidence,
} from './evidence';
