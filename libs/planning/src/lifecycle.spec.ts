import { describe, expect, it } from 'vitest';
import { evaluateStageEntry, highestEnterableStage } from './lifecycle';

const ready = {
  goalDefined: true,
  milestoneCount: 2,
  teamMemberCount: 3,
  datasetVersionCount: 1,
  datasetProfiled: true,
  dataGovernanceRecorded: true,
  modelSpecDefined: true,
  computeBudgetDefined: true,
  succeededRunCount: 4,
  modelVersionCount: 2,
  modelPassedGoal: false,
  fairnessAuditPassed: null,
  openUnacceptedHighRiskCount: 1,
  productionModelExists: false,
  monitoringConfigured: false,
};

describe('evaluateStageEntry', () => {
  it('lets any project enter PLANNING', () => {
    expect(evaluateStageEntry('PLANNING', {})).toMatchObject({ canEnter: true, criteria: [] });
  });

  it('checks the stage and every earlier stage by default', () => {
    const r = evaluateStageEntry('EVALUATION', ready);
    expect(r.canEnter).toBe(true);
    expect(r.criteria.map((c) => c.stage)).toEqual(expect.arrayContaining(['DATA', 'DESIGN', 'TRAINING', 'EVALUATION']));
    expect(evaluateStageEntry('EVALUATION', ready, { cumulative: false }).criteria.every((c) => c.stage === 'EVALUATION')).toBe(true);
  });

  it('names unmet criteria with reasons', () => {
    const r = evaluateStageEntry('DEPLOYMENT', ready, { cumulative: false });
    expect(r.canEnter).toBe(false);
    expect(r.unmet.map((c) => [c.id, c.reason])).toEqual([
      ['deployment.goal-passed', 'no model meets the goal threshold yet'],
      ['deployment.high-risks-owned', "1 high risk still open without an owner's acceptance"],
    ]);
    expect(r.met.map((c) => c.id)).toEqual(['deployment.fairness-audit']);
  });

  it('reports a missing fact as UNKNOWN, which blocks entry', () => {
    const r = evaluateStageEntry('DESIGN', { goalDefined: true, milestoneCount: 1, teamMemberCount: 1, datasetVersionCount: 1, datasetProfiled: true }, { cumulative: false });
    expect(r.canEnter).toBe(false);
    expect(r.unknown).toEqual([expect.objectContaining({ id: 'design.data-governance', reason: 'the platform did not supply dataGovernanceRecorded' })]);
  });

  it('finds the furthest enterable stage', () => {
    expect(highestEnterableStage(ready)).toBe('EVALUATION');
    expect(highestEnterableStage({ ...ready, datasetVersionCount: 0 })).toBe('DATA');
    expect(highestEnterableStage({})).toBe('PLANNING');
  });

  it('rejects an unknown stage', () => {
    expect(() => evaluateStageEntry('SHIPPING' as never, {})).toThrow(/unknown stage "SHIPPING"/);
  });
});
