export { evaluatePromotionGate, loadGateContext, type Db, type GateCheck, type GateContext, type GateResult } from './gate';
export { lowerIsBetter, metricValue, roundMetric } from './metrics';
export { PROMOTION_CHECKS, goalGate, projectGoalCheck, fairnessGate, loadFairnessGateFacts, loadProjectFairnessPolicy, type FairnessGateAudit, type FairnessGateFacts } from './checks';
export { moveAlias, moveAliasInTransaction, AliasMoveError, ALIAS_MOVE_AUDIT_ACTION, SYSTEM_AUTO_PROMOTION, type AliasActor, type AliasMove, type AliasMoveResult } from './aliases';
export { resolveCompareMetric, comparisonMetricValue, compareValues, qualifiesForPromotion, decidePromotion, type ComparisonInput, type ComparisonOutcome, type PromotionDecision, type PromotionDecisionInput } from './comparison';
