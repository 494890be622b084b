// Every check of the promotion gate, in the order they run. Add a check: a file in this folder
// exporting a GateCheck, and one entry in this list (gov: fairness-audit checks in fairness*.ts).
import type { GateCheck } from '../gate';
import { fairnessAuditCheck } from './fairness-audit';
import { projectGoalCheck } from './project-goal';

export const PROMOTION_CHECKS: readonly GateCheck[] = [projectGoalCheck, fairnessAuditCheck];

export { goalGate, projectGoalCheck } from './project-goal';
export { fairnessAuditCheck, fairnessGate, loadFairnessGateFacts, loadProjectFairnessPolicy, type FairnessGateAudit, type FairnessGateFacts } from './fairness-audit';
