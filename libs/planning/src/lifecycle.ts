// Entry criteria of the lifecycle stages, checked against facts the platform reads from real data.
// The library never fetches anything: a fact the caller leaves out is reported UNKNOWN, not guessed.
import { PROJECT_STAGES, type CriterionStatus, type LifecycleFacts, type ProjectStage } from '@meridian/domain';
import { PlanningError } from './errors';

export interface StageCriterion {
  id: string;
  /** The stage this criterion guards the entry to. */
  stage: ProjectStage;
  description: string;
  /** The facts it reads, so a UI can say what data is missing. */
  facts: (keyof LifecycleFacts)[];
  check: (f: Required<LifecycleFacts>) => { met: boolean; reason: string };
}

export interface CriterionResult {
  id: string;
  stage: ProjectStage;
  description: string;
  status: CriterionStatus;
  reason: string;
}

export interface StageEntryResult {
  stage: ProjectStage;
  /** True only when every criterion is MET (UNKNOWN blocks entry, like UNMET). */
  canEnter: boolean;
  criteria: CriterionResult[];
  met: CriterionResult[];
  unmet: CriterionResult[];
  unknown: CriterionResult[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const STAGE_CRITERIA: readonly StageCriterion[] = [
  {
    id: 'data.goal-defined',
    stage: 'DATA',
    description: 'The project has a measurable goal (metric, threshold and deadline)',
    facts: ['goalDefined'],
    check: (f) => ({ met: f.goalDefined, reason: f.goalDefined ? 'a SMART goal is set' : 'set a goal with a metric, a threshold and a deadline' }),
  },
  {
    id: 'data.milestone-planned',
    stage: 'DATA',
    description: 'At least one milestone is planned',
    facts: ['milestoneCount'],
    check: (f) => ({ met: f.milestoneCount > 0, reason: f.milestoneCount > 0 ? `${plural(f.milestoneCount, 'milestone')} planned` : 'no milestone yet' }),
  },
  {
    id: 'data.team-assigned',
    stage: 'DATA',
    description: 'Someone is allocated to the project',
    facts: ['teamMemberCount'],
    check: (f) => ({ met: f.teamMemberCount > 0, reason: f.teamMemberCount > 0 ? `${plural(f.teamMemberCount, 'member')} allocated` : 'nobody is allocated to the project' }),
  },
  {
    id: 'design.dataset-version',
    stage: 'DESIGN',
    description: 'A dataset version exists',
    facts: ['datasetVersionCount'],
    check: (f) => ({ met: f.datasetVersionCount > 0, reason: f.datasetVersionCount > 0 ? `${plural(f.datasetVersionCount, 'dataset version')}` : 'upload a dataset first' }),
  },
  {
    id: 'design.dataset-profiled',
    stage: 'DESIGN',
    description: 'The dataset has been profiled',
    facts: ['datasetProfiled'],
    check: (f) => ({ met: f.datasetProfiled, reason: f.datasetProfiled ? 'profile available' : 'the dataset profile has not run or failed' }),
  },
  {
    id: 'design.data-governance',
    stage: 'DESIGN',
    description: 'Data governance is recorded (source, personal data, legal basis)',
    facts: ['dataGovernanceRecorded'],
    check: (f) => ({ met: f.dataGovernanceRecorded, reason: f.dataGovernanceRecorded ? 'governance fields recorded' : 'record the source, personal data and legal basis of the dataset' }),
  },
  {
    id: 'training.model-spec',
    stage: 'TRAINING',
    description: 'A model design (preset or layer spec) is chosen',
    facts: ['modelSpecDefined'],
    check: (f) => ({ met: f.modelSpecDefined, reason: f.modelSpecDefined ? 'model spec chosen' : 'choose a preset or define the layers' }),
  },
  {
    id: 'training.compute-budget',
    stage: 'TRAINING',
    description: 'A compute budget exists',
    facts: ['computeBudgetDefined'],
    check: (f) => ({ met: f.computeBudgetDefined, reason: f.computeBudgetDefined ? 'compute budget set' : 'set a COMPUTE budget so training costs are tracked' }),
  },
  {
    id: 'evaluation.run-succeeded',
    stage: 'EVALUATION',
    description: 'A training run has succeeded',
    facts: ['succeededRunCount'],
    check: (f) => ({ met: f.succeededRunCount > 0, reason: f.succeededRunCount > 0 ? `${plural(f.succeededRunCount, 'successful run')}` : 'no training run has succeeded yet' }),
  },
  {
    id: 'evaluation.model-version',
    stage: 'EVALUATION',
    description: 'A model version is registered',
    facts: ['modelVersionCount'],
    check: (f) => ({ met: f.modelVersionCount > 0, reason: f.modelVersionCount > 0 ? `${plural(f.modelVersionCount, 'model version')}` : 'no model version registered' }),
  },
  {
    id: 'deployment.goal-passed',
    stage: 'DEPLOYMENT',
    description: "A model passed the project's goal",
    facts: ['modelPassedGoal'],
    check: (f) => ({ met: f.modelPassedGoal, reason: f.modelPassedGoal ? 'a model meets the goal threshold' : 'no model meets the goal threshold yet' }),
  },
  {
    id: 'deployment.fairness-audit',
    stage: 'DEPLOYMENT',
    description: 'The fairness audit passed (when one is required)',
    facts: ['fairnessAuditPassed'],
    check: (f) =>
      f.fairnessAuditPassed === null
        ? { met: true, reason: 'no audit required: no sensitive features and not high-risk' }
        : { met: f.fairnessAuditPassed, reason: f.fairnessAuditPassed ? 'the audit passed' : 'the audit failed or has not run; fix it or record an accepted exception' },
  },
  {
    id: 'deployment.high-risks-owned',
    stage: 'DEPLOYMENT',
    description: 'No open high or critical risk is left unaccepted',
    facts: ['openUnacceptedHighRiskCount'],
    check: (f) => ({
      met: f.openUnacceptedHighRiskCount === 0,
      reason: f.openUnacceptedHighRiskCount === 0 ? 'every high risk is mitigated or accepted' : `${plural(f.openUnacceptedHighRiskCount, 'high risk')} still open without an owner's acceptance`,
    }),
  },
  {
    id: 'monitoring.in-production',
    stage: 'MONITORING',
    description: 'A model version is in production',
    facts: ['productionModelExists'],
    check: (f) => ({ met: f.productionModelExists, reason: f.productionModelExists ? 'a production model exists' : 'promote a model to production first' }),
  },
  {
    id: 'monitoring.configured',
    stage: 'MONITORING',
    description: 'Drift or metric monitoring is configured',
    facts: ['monitoringConfigured'],
    check: (f) => ({ met: f.monitoringConfigured, reason: f.monitoringConfigured ? 'monitoring triggers exist' : 'add a drift or metric-drop trigger' }),
  },
];

/**
 * Evaluates the entry criteria of `stage`. With `cumulative` (the default) the criteria of every
 * earlier stage are checked too, because entering TRAINING without a dataset makes no sense.
 */
export function evaluateStageEntry(stage: ProjectStage, facts: LifecycleFacts, options: { cumulative?: boolean } = {}): StageEntryResult {
  const pos = PROJECT_STAGES.indexOf(stage);
  if (pos < 0) throw new PlanningError('INVALID_INPUT', `unknown stage "${String(stage)}"; use one of ${PROJECT_STAGES.join(', ')}`, [{ path: 'stage', message: 'unknown stage' }]);
  const cumulative = options.cumulative ?? true;
  const wanted = STAGE_CRITERIA.filter((c) => {
    const p = PROJECT_STAGES.indexOf(c.stage);
    return cumulative ? p <= pos : p === pos;
  });
  const criteria = wanted.map((c): CriterionResult => {
    const missing = c.facts.filter((k) => facts[k] === undefined);
    if (missing.length) {
      return { id: c.id, stage: c.stage, description: c.description, status: 'UNKNOWN', reason: `the platform did not supply ${missing.join(', ')}` };
    }
    const r = c.check(facts as Required<LifecycleFacts>);
    return { id: c.id, stage: c.stage, description: c.description, status: r.met ? 'MET' : 'UNMET', reason: r.reason };
  });
  const by = (s: CriterionStatus) => criteria.filter((c) => c.status === s);
  return { stage, canEnter: criteria.every((c) => c.status === 'MET'), criteria, met: by('MET'), unmet: by('UNMET'), unknown: by('UNKNOWN') };
}

/** The furthest stage whose (cumulative) entry criteria are all met. */
export function highestEnterableStage(facts: LifecycleFacts): ProjectStage {
  let best: ProjectStage = 'PLANNING';
  for (const s of PROJECT_STAGES) {
    if (evaluateStageEntry(s, facts).canEnter) best = s;
    else break;
  }
  return best;
}
